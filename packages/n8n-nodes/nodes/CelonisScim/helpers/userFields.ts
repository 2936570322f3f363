import type { PatchOperation, ScimUser } from '@celonis-scim/core';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface FieldSpec {
  /** PATCH path of the attribute. */
  path: string;
  read(user: ScimUser): unknown;
  /** The PATCH value for a field value (defaults to the value itself). */
  value?(v: unknown): unknown;
}

const enterprise = (attr: string): FieldSpec => ({
  path: `${ENTERPRISE}:${attr}`,
  read: (u) => (u[ENTERPRISE] as IDataObject | undefined)?.[attr],
});

/** How each field of the node maps onto a SCIM user. */
const FIELDS: Record<string, FieldSpec> = {
  givenName: { path: 'name.givenName', read: (u) => u.name?.givenName },
  familyName: { path: 'name.familyName', read: (u) => u.name?.familyName },
  displayName: { path: 'displayName', read: (u) => u.displayName },
  email: {
    path: 'emails',
    read: (u) => (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value,
    value: (v) => [{ value: v, type: 'work', primary: true }],
  },
  active: { path: 'active', read: (u) => u.active },
  title: { path: 'title', read: (u) => u.title },
  externalId: { path: 'externalId', read: (u) => u.externalId },
  userType: { path: 'userType', read: (u) => u.userType },
  preferredLanguage: { path: 'preferredLanguage', read: (u) => u.preferredLanguage },
  locale: { path: 'locale', read: (u) => u.locale },
  timezone: { path: 'timezone', read: (u) => u.timezone },
  department: enterprise('department'),
  employeeNumber: enterprise('employeeNumber'),
  costCenter: enterprise('costCenter'),
  organization: enterprise('organization'),
  division: enterprise('division'),
};

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

function customAttributes(fields: IDataObject): IDataObject {
  const raw = fields.customAttributes;
  if (raw === undefined || raw === '' || raw === null) return {};
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError('Custom Attributes must be a JSON object, e.g. {"nickName": "JD"}');
  return parsed as IDataObject;
}

function given(fields: IDataObject): Array<[string, FieldSpec, unknown]> {
  return Object.entries(fields)
    .filter(([key, v]) => FIELDS[key] && v !== undefined && v !== '')
    .map(([key, v]) => [key, FIELDS[key] as FieldSpec, v]);
}

/** A new SCIM user from the userName and the chosen fields. */
export function buildUser(userName: string, fields: IDataObject): ScimUser {
  const user: ScimUser = { userName, ...customAttributes(fields) };
  for (const [key, spec, v] of given(fields)) {
    const value = spec.value ? spec.value(v) : v;
    if (key === 'givenName' || key === 'familyName')
      user.name = { ...(user.name ?? {}), [key]: value as string };
    else if (spec.path.startsWith(`${ENTERPRISE}:`))
      user[ENTERPRISE] = { ...((user[ENTERPRISE] as IDataObject) ?? {}), [key]: value };
    else user[key === 'email' ? 'emails' : key] = value;
  }
  return user;
}

/**
 * PATCH operations setting the chosen fields. With `current`, only the fields whose value
 * differs are sent, which makes Upsert idempotent.
 */
export function patchOperations(fields: IDataObject, current?: ScimUser): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const [, spec, v] of given(fields)) {
    if (current && spec.read(current) === v) continue;
    ops.push({ op: 'replace', path: spec.path, value: spec.value ? spec.value(v) : v });
  }
  for (const [key, v] of Object.entries(customAttributes(fields))) {
    if (current && JSON.stringify(current[key]) === JSON.stringify(v)) continue;
    ops.push({ op: 'replace', path: key, value: v });
  }
  return ops;
}

/** The flat view of a user most workflows need. */
export function simplifyUser(user: ScimUser): IDataObject {
  const out: IDataObject = { id: user.id, userName: user.userName };
  for (const [key, spec] of Object.entries(FIELDS)) {
    const v = spec.read(user);
    if (v !== undefined && v !== null && v !== '') out[key] = v as IDataObject[string];
  }
  if (user.groups)
    out.groups = user.groups.map((g) => ({ id: g.value, displayName: g.display }) as IDataObject);
  if (user.meta?.created) out.created = user.meta.created;
  if (user.meta?.lastModified) out.lastModified = user.meta.lastModified;
  return out;
}

export function simplifyGroup(group: {
  id?: string;
  displayName: string;
  externalId?: string;
  members?: Array<{ value: string; display?: string }>;
  meta?: { created?: string; lastModified?: string };
}): IDataObject {
  const out: IDataObject = { id: group.id, displayName: group.displayName };
  if (group.externalId) out.externalId = group.externalId;
  if (group.members) {
    out.memberCount = group.members.length;
    out.members = group.members.map((m) => ({ id: m.value, display: m.display }) as IDataObject);
  }
  if (group.meta?.created) out.created = group.meta.created;
  if (group.meta?.lastModified) out.lastModified = group.meta.lastModified;
  return out;
}
