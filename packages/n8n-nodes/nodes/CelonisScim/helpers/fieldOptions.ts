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
    description: 'The work e-mail address (stored as the primary e-mail)',
  },
  str('Employee Number', 'employeeNumber', 'Enterprise extension: employee number'),
  str('External ID', 'externalId', 'The ID of the user in your HR system'),
  str('Family Name', 'familyName', 'Last name'),
  str('Given Name', 'givenName', 'First name'),
  str('Locale', 'locale', 'E.g. en-US'),
  str('Organization', 'organization', 'Enterprise extension: organization'),
  str('Preferred Language', 'preferredLanguage', 'E.g. en'),
  str('Timezone', 'timezone', 'E.g. Europe/Berlin'),
  str('Title', 'title', 'Job title'),
  str('User Type', 'userType', 'E.g. Employee'),
];
