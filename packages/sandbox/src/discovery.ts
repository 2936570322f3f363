import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './filter.js';
import { CUSTOM_SCHEMA, customSchema } from './extension.js';
import { celonisSchemaExtension, celonisUserSchema } from './celonis/schema.js';
import type { TeamConfig } from './types.js';

export const MAX_BULK_OPERATIONS = 1000;
export const MAX_BULK_PAYLOAD = 1_048_576;

export function serviceProviderConfig(team: TeamConfig, base: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: team.patch },
    bulk: {
      supported: team.bulk,
      maxOperations: MAX_BULK_OPERATIONS,
      maxPayloadSize: MAX_BULK_PAYLOAD,
    },
    filter: { supported: team.filter, maxResults: team.maxResults },
    changePassword: { supported: false },
    sort: { supported: team.sort },
    // RFC 9865: which paging methods the lists offer.
    pagination: {
      cursor: team.cursor,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: team.maxResults,
      maxPageSize: team.maxResults,
      ...(team.cursor ? { cursorTimeout: team.cursorTimeoutSeconds } : {}),
    },
    etag: { supported: team.etag },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: `Client credentials at ${base.replace(/\/scim\/v2$/, '')}/oauth2/token, scope user-provisioning.scim; or an API key as Bearer, or AppKey <key>.`,
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

type Attr = Record<string, unknown>;
const attr = (name: string, type = 'string', extra: Attr = {}): Attr => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});
const multi = (name: string, sub: Attr[], extra: Attr = {}) =>
  attr(name, 'complex', { multiValued: true, subAttributes: sub, ...extra });
const typed = [attr('value'), attr('display'), attr('type'), attr('primary', 'boolean')];

const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'User Account',
    attributes: [
      attr('userName', 'string', { required: true, uniqueness: 'server' }),
      attr('name', 'complex', {
        subAttributes: [
          'formatted',
          'familyName',
          'givenName',
          'middleName',
          'honorificPrefix',
          'honorificSuffix',
        ].map((n) => attr(n)),
      }),
      ...[
        'displayName',
        'nickName',
        'title',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
      ].map((n) => attr(n)),
      attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
      attr('active', 'boolean'),
      attr('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
      multi('emails', typed),
      multi('phoneNumbers', typed),
      multi(
        'addresses',
        ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map(
          (n) => attr(n),
        ),
      ),
      multi(
        'groups',
        [
          attr('value', 'string', { mutability: 'readOnly' }),
          attr('display', 'string', { mutability: 'readOnly' }),
        ],
        {
          mutability: 'readOnly',
        },
      ),
      multi('roles', typed),
      multi('entitlements', typed),
    ],
  },
  {
    id: ENTERPRISE_SCHEMA,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) =>
        attr(n),
      ),
      attr('manager', 'complex', {
        subAttributes: [
          attr('value'),
          attr('$ref', 'reference'),
          attr('displayName', 'string', { mutability: 'readOnly' }),
        ],
      }),
    ],
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'Group',
    attributes: [
      attr('displayName', 'string', { required: true }),
      multi('members', [
        attr('value', 'string', { mutability: 'immutable', caseExact: true }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { canonicalValues: ['User', 'Group'] }),
        attr('$ref', 'reference', { referenceTypes: ['User', 'Group'] }),
      ]),
    ],
  },
];

export function schemas(base: string, team: TeamConfig) {
  return [
    ...SCHEMAS,
    ...(team.customSchema ? [customSchema()] : []),
    ...(team.profile === 'celonis' ? [celonisUserSchema(team)] : []),
  ].map((s) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    ...s,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  }));
}

export function resourceTypes(base: string, team: TeamConfig) {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: team.usersEndpoint,
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_SCHEMA, required: false },
        ...(team.customSchema ? [{ schema: CUSTOM_SCHEMA, required: false }] : []),
        ...(team.profile === 'celonis' ? [celonisSchemaExtension] : []),
      ],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}
