import type { INodeProperties } from 'n8n-workflow';

const str = (displayName: string, name: string, description: string): INodeProperties => ({
  displayName,
  name,
  type: 'string',
  default: '',
  description,
});

/** The optional user attributes, shared by Create, Upsert and Update. */
export const userFieldOptions: INodeProperties[] = [
  {
    displayName: 'Active',
    name: 'active',
    type: 'boolean',
    default: true,
    description: 'Whether the user may sign in',
  },
  str('Cost Center', 'costCenter', 'Enterprise extension: cost center'),
  str('Country', 'country', 'Work address: country (ISO 3166-1 alpha-2, e.g. DE)'),
  {
    displayName: 'Custom Attributes (JSON)',
    name: 'customAttributes',
    type: 'json',
    default: '{}',
    description:
      'Further SCIM attributes as a JSON object, sent as they are, e.g. {"nickName": "JD"}',
  },
  str('Department', 'department', 'Enterprise extension: department'),
  str('Display Name', 'displayName', 'The name shown in Celonis'),
  str('Division', 'division', 'Enterprise extension: division'),
  {
    displayName: 'Email',
    name: 'email',
    type: 'string',
    placeholder: 'name@email.com',
    default: '',
    description:
      'The work e-mail address: changes the work entry (primary when it is new) and keeps the other e-mails',
  },
  str('Employee Number', 'employeeNumber', 'Enterprise extension: employee number'),
  str('External ID', 'externalId', 'The ID of the user in your HR system'),
  str('Family Name', 'familyName', 'Last name'),
  str('Given Name', 'givenName', 'First name'),
  str('Locale', 'locale', 'E.g. en-US'),
  str('Locality', 'locality', 'Work address: city'),
  {
    displayName: 'Manager',
    name: 'manager',
    type: 'string',
    default: '',
    placeholder: 'e.g. boss@acme.com',
    description:
      'Enterprise extension: the manager, by the key chosen in "Manager Identified By"; looked up in the team and stored as their ID',
  },
  {
    displayName: 'Manager Identified By',
    name: 'managerIdType',
    type: 'options',
    default: 'userName',
    options: [
      { name: 'Username', value: 'userName' },
      { name: 'Employee Number', value: 'employeeNumber' },
      { name: 'External ID', value: 'externalId' },
      { name: 'ID', value: 'id' },
    ],
  },
  str('Mobile Phone', 'mobilePhone', 'The mobile number; other numbers stay'),
  str('Organization', 'organization', 'Enterprise extension: organization'),
  str('Postal Code', 'postalCode', 'Work address: postal code'),
  str('Preferred Language', 'preferredLanguage', 'E.g. en'),
  str('Region', 'region', 'Work address: state or region'),
  str('Street Address', 'streetAddress', 'Work address: street and number'),
  str('Timezone', 'timezone', 'E.g. Europe/Berlin'),
  str('Title', 'title', 'Job title'),
  str('User Type', 'userType', 'E.g. Employee'),
  str('Work Phone', 'workPhone', 'The work number; other numbers stay'),
];
