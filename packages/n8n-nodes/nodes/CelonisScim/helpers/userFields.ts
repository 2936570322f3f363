import {
  brokenText,
  SCHEMA_ENTERPRISE_USER,
  SERVER_ASSIGNED_ATTRIBUTES,
  type PatchOperation,
  type ScimUser,
} from '@celonis-scim/core';
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';

export const ENTERPRISE = SCHEMA_ENTERPRISE_USER;

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

/** Attributes the node sets itself (userName) or the server assigns (core's table). */
const RESERVED = new Set(['userName', ...SERVER_ASSIGNED_ATTRIBUTES]);

function parseCustom(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  let problem: string | undefined;
  try {
    return JSON.parse(raw);
  } catch (e) {
    problem = (e as Error).message;
  }
  throw new TypeError(
    `Custom Attributes is not valid JSON (${problem}): write a JSON object, e.g. {"nickName": "JD"}`,
  );
}

function customAttributes(fields: IDataObject): IDataObject {
  const raw = fields.customAttributes;
  if (raw === undefined || raw === '' || raw === null) return {};
  const parsed = parseCustom(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError('Custom Attributes must be a JSON object, e.g. {"nickName": "JD"}');
  for (const key of Object.keys(parsed)) {
    const k = key.toLowerCase();
    const reserved = [...RESERVED].find((r) => r.toLowerCase() === k);
    if (reserved)
      throw new TypeError(
        reserved === 'userName'
          ? 'Custom Attributes may not set "userName": use the userName field'
          : `Custom Attributes may not set "${reserved}": the server assigns it`,
      );
  }
  const schemas = (parsed as IDataObject).schemas;
  if (
    schemas !== undefined &&
    !(Array.isArray(schemas) && schemas.every((x) => typeof x === 'string'))
  )
    throw new TypeError(
      'Custom Attributes: "schemas" must be an array of schema URIs; leave it out and the node fills it in',
    );
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

/** What a field holds, in words, for an error message (never the value itself). */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The userName, fields and SCIM body of the user Create and Upsert make, checked before anything
 * is sent: an expression may hand the userName field a number or a list, and a bad Custom
 * Attributes JSON is better found before Upsert's lookup than after it.
 */
export function readNewUser(
  ctx: IExecuteFunctions,
  i: number,
): { userName: string; fields: IDataObject; user: ScimUser } {
  const raw: unknown = ctx.getNodeParameter('userName', i);
  if (typeof raw !== 'string')
    throw new NodeOperationError(ctx.getNode(), `userName must be text, not ${kindOf(raw)}`, {
      itemIndex: i,
      description: 'Map a text value to userName, e.g. {{ $json.email }}.',
    });
  const userName = raw.trim();
  if (!userName)
    throw new NodeOperationError(ctx.getNode(), 'userName is empty', {
      itemIndex: i,
      description: 'Enter the login name of the user, usually the e-mail address.',
    });
  const fields = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
  let user: ScimUser;
  try {
    user = buildUser(userName, fields);
  } catch (e) {
    throw new NodeOperationError(ctx.getNode(), (e as Error).message, { itemIndex: i });
  }
  // Checked here, before Upsert's lookup: text no server can store is refused without a request.
  const broken = brokenText(user);
  if (broken)
    throw new NodeOperationError(ctx.getNode(), broken.detail, {
      itemIndex: i,
      description: broken.hint,
    });
  return { userName, fields, user };
}
