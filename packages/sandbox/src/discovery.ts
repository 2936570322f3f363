import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './filter.js';
import { CUSTOM_SCHEMA, customSchema } from './extension.js';
import { CELONIS_USER, celonisCoreUser, celonisUserSchema } from './celonis/schema.js';
import type { ResourceType, TeamConfig } from './types.js';

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

/** One attribute of a schema as /Schemas serves it (RFC 7643 section 7). */
export interface AttributeDef {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: string;
  description?: string;
  subAttributes?: AttributeDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type Attr = Partial<AttributeDef>;
const attr = (name: string, type = 'string', extra: Attr = {}): AttributeDef => ({
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
const multi = (name: string, sub: AttributeDef[], extra: Attr = {}) =>
  attr(name, 'complex', { multiValued: true, subAttributes: sub, ...extra });
const typed = [attr('value'), attr('display'), attr('type'), attr('primary', 'boolean')];

const SCHEMAS: SchemaDef[] = [
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
      multi('ims', typed),
      multi('photos', [
        attr('value', 'reference', { referenceTypes: ['external'] }),
        ...typed.slice(1),
      ]),
      multi(
        'addresses',
        ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map(
          (n) => attr(n),
        ),
      ),
      // Served as the user's memberships (Service.render), so every sub-attribute it carries is
      // declared here: a client must be able to learn the shape of what it reads from /Schemas.
      multi(
        'groups',
        [
          attr('value', 'string', { mutability: 'readOnly', caseExact: true }),
          attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] }),
          attr('display', 'string', { mutability: 'readOnly' }),
          attr('type', 'string', {
            mutability: 'readOnly',
            canonicalValues: ['direct', 'indirect'],
          }),
        ],
        { mutability: 'readOnly' },
      ),
      multi('entitlements', typed),
      multi('roles', typed),
      multi('x509Certificates', [attr('value', 'binary'), ...typed.slice(1)]),
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
          attr('$ref', 'reference', { referenceTypes: ['User'] }),
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
        // As in RFC 7643 8.7.1: a member is added or removed, never edited in place.
        attr('value', 'string', { mutability: 'immutable', caseExact: true }),
        attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ]),
    ],
  },
];

/** The schemas a team offers; what /Schemas serves and what writes are checked against. */
export function schemaDefinitions(team: TeamConfig): SchemaDef[] {
  const celonis = team.profile === 'celonis';
  return [
    ...SCHEMAS.map((s) => (celonis && s.id === USER_SCHEMA ? celonisCoreUser(s) : s)),
    ...(team.customSchema ? [customSchema()] : []),
    ...(celonis ? [celonisUserSchema(team) as SchemaDef] : []),
  ];
}

/** The schema extensions a resource type of this team may carry, as /ResourceTypes lists them. */
export function extensionUrns(team: TeamConfig, type: ResourceType): string[] {
  if (type === 'Group') return [];
  return [
    ENTERPRISE_SCHEMA,
    ...(team.customSchema ? [CUSTOM_SCHEMA] : []),
    ...(team.profile === 'celonis' ? [CELONIS_USER] : []),
  ];
}

export function schemas(base: string, team: TeamConfig) {
  return schemaDefinitions(team).map((s) => ({
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
      schemaExtensions: extensionUrns(team, 'User').map((schema) => ({ schema, required: false })),
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
