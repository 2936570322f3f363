import { badRequest } from './errors.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, attrSegments } from './filter.js';
import { extensionUrns } from './discovery.js';
import { checkCustomExtension, CUSTOM_SCHEMA } from './extension.js';
import { applySchemaRules, unknownUrnKey } from './schema-rules.js';
import type { Json, JsonObject, ResourceType, TeamConfig } from './types.js';

const STRING_ATTRS: Record<ResourceType, string[]> = {
  User: [
    'userName',
    'displayName',
    'nickName',
    'profileUrl',
    'title',
    'userType',
    'preferredLanguage',
    'locale',
    'timezone',
    'externalId',
    'password',
  ],
  Group: ['displayName', 'externalId'],
};
const MULTI_ATTRS = [
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
];

/** The canonicalValues of members.type in /Schemas. */
const MEMBER_TYPES: ResourceType[] = ['User', 'Group'];

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeError(attr: string, expected: string, got: unknown): never {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  throw badRequest('invalidValue', `Attribute "${attr}" must be ${expected}, got ${kind}.`);
}

function findKey(obj: JsonObject, name: string): string | undefined {
  const l = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === l);
}

/** Longest string value and deepest nesting a resource may carry. */
const MAX_STRING = 16 * 1024;
const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Refuses unpaired surrogates (not storable as UTF-8), oversized strings and deep nesting. */
function checkValues(v: Json, where: string, depth: number): void {
  if (typeof v === 'string') {
    if (v.length > MAX_STRING)
      throw badRequest(
        'invalidValue',
        `Attribute "${where}" is ${v.length} characters long; at most ${MAX_STRING} are accepted.`,
      );
    if (LONE_SURROGATE.test(v))
      throw badRequest(
        'invalidValue',
        `Attribute "${where}" contains an unpaired UTF-16 surrogate (invalid Unicode); send well-formed text.`,
      );
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (depth >= MAX_DEPTH)
    throw badRequest(
      'invalidValue',
      `Attribute "${where}" is nested deeper than ${MAX_DEPTH} levels; SCIM values are at most a few levels deep.`,
    );
  if (Array.isArray(v)) v.forEach((x, i) => checkValues(x, `${where}[${i}]`, depth + 1));
  else
    for (const [k, x] of Object.entries(v)) checkValues(x, where ? `${where}.${k}` : k, depth + 1);
}

/**
 * Checks a User or Group document and returns a clean copy: read-only attributes and the
 * write-only password dropped, attribute names kept as sent (lookups are case-insensitive).
 */
export function validateResource(type: ResourceType, input: unknown, team: TeamConfig): JsonObject {
  if (!isObject(input)) {
    throw badRequest('invalidSyntax', `The body must be a JSON object describing a ${type}.`);
  }
  const doc: JsonObject = structuredClone(input);
  checkValues(doc, '', 0);
  const coreSchema = type === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
  const schemasKey = findKey(doc, 'schemas');
  if (schemasKey !== undefined) {
    const s = doc[schemasKey];
    if (!Array.isArray(s) || !s.every((x) => typeof x === 'string')) {
      typeError('schemas', 'an array of schema URIs', s);
    }
    if (!s.some((x) => String(x).toLowerCase() === coreSchema.toLowerCase())) {
      throw badRequest('invalidValue', `"schemas" must contain "${coreSchema}" for a ${type}.`);
    }
    if (schemasKey !== 'schemas') delete doc[schemasKey];
  }
  for (const a of STRING_ATTRS[type]) {
    const k = findKey(doc, a);
    if (k !== undefined && doc[k] !== null && typeof doc[k] !== 'string')
      typeError(a, 'a string', doc[k]);
  }
  const pw = findKey(doc, 'password');
  if (pw !== undefined) delete doc[pw];
  const required = type === 'User' ? 'userName' : 'displayName';
  const rk = findKey(doc, required);
  const rv = rk === undefined ? undefined : doc[rk];
  if (typeof rv !== 'string' || rv.trim() === '') {
    throw badRequest('invalidValue', `"${required}" is required and must be a non-empty string.`);
  }
  if (rk !== required) {
    delete doc[rk!];
    doc[required] = rv;
  }
  if (type === 'User') validateUserParts(doc);
  else validateMembers(doc);
  const custom = type === 'User' ? checkCustomExtension(team, doc) : undefined;
  if (custom !== undefined && custom !== CUSTOM_SCHEMA) {
    doc[CUSTOM_SCHEMA] = doc[custom] as Json;
    delete doc[custom];
  }
  const unknown = Object.keys(doc).find((k) => unknownUrnKey(team, type, k));
  if (unknown !== undefined)
    throw badRequest(
      'invalidValue',
      `"${unknown}" is not a schema extension of ${type} in team ${team.name}; /ResourceTypes lists the ones it has.`,
    );
  applySchemaRules(team, type, doc);
  // `schemas` lists the core schema and the extensions the stored document carries, no others.
  doc.schemas = [
    coreSchema,
    ...extensionUrns(team, type).filter((u) => findKey(doc, u) !== undefined),
  ];
  return doc;
}

function validateUserParts(doc: JsonObject): void {
  const ak = findKey(doc, 'active');
  if (ak !== undefined && typeof doc[ak] !== 'boolean') typeError('active', 'a boolean', doc[ak]);
  const nk = findKey(doc, 'name');
  if (nk !== undefined && !isObject(doc[nk])) typeError('name', 'an object', doc[nk]);
  for (const m of MULTI_ATTRS) {
    const k = findKey(doc, m);
    if (k === undefined) continue;
    const v = doc[k];
    if (!Array.isArray(v)) typeError(m, 'an array of objects', v);
    v.forEach((item, i) => {
      if (!isObject(item)) typeError(`${m}[${i}]`, 'an object', item);
      if (item.value !== undefined && item.value !== null && typeof item.value !== 'string')
        typeError(`${m}[${i}].value`, 'a string', item.value);
      if (item.primary !== undefined && typeof item.primary !== 'boolean')
        typeError(`${m}[${i}].primary`, 'a boolean', item.primary);
    });
  }
  const ek = findKey(doc, ENTERPRISE_SCHEMA);
  if (ek !== undefined) {
    const ext = doc[ek];
    if (!isObject(ext)) typeError(ENTERPRISE_SCHEMA, 'an object', ext);
    const mk = findKey(ext, 'manager');
    if (mk !== undefined && ext[mk] !== null && !isObject(ext[mk])) {
      typeError('manager', 'an object such as {"value": "<user id>"}', ext[mk]);
    }
    if (ek !== ENTERPRISE_SCHEMA) {
      delete doc[ek];
      doc[ENTERPRISE_SCHEMA] = ext;
    }
  }
}

function validateMembers(doc: JsonObject): void {
  const k = findKey(doc, 'members');
  if (k === undefined) return;
  const v = doc[k];
  if (v === null) {
    delete doc[k];
    return;
  }
  if (!Array.isArray(v)) typeError('members', 'an array of {"value": "<id>"} objects', v);
  v.forEach((m, i) => {
    if (!isObject(m) || typeof m.value !== 'string' || m.value === '') {
      throw badRequest(
        'invalidValue',
        `members[${i}] must be an object with a string "value" (a user or group id).`,
      );
    }
    if (m.type === undefined || m.type === null) return;
    const canonical = MEMBER_TYPES.find(
      (t) => typeof m.type === 'string' && t.toLowerCase() === m.type.toLowerCase(),
    );
    if (canonical === undefined)
      throw badRequest(
        'invalidValue',
        `members[${i}].type must be "User" or "Group" (or left out), got ${JSON.stringify(m.type)}.`,
      );
    m.type = canonical;
  });
  if (k !== 'members') {
    delete doc[k];
    doc.members = v;
  }
}

/** Applies `attributes` / `excludedAttributes` (RFC 7644 3.4.2.5); id and schemas always stay. */
export function project(
  doc: JsonObject,
  type: ResourceType,
  attributes?: string[],
  excluded?: string[],
): JsonObject {
  if (attributes && attributes.length > 0) {
    const out: JsonObject = { schemas: doc.schemas ?? null, id: doc.id ?? null };
    for (const a of attributes) copyPath(doc, out, attrSegments(a, type));
    return out;
  }
  if (excluded && excluded.length > 0) {
    const out = structuredClone(doc);
    for (const a of excluded) {
      const segs = attrSegments(a, type);
      if (segs.length === 1 && (segs[0] === 'id' || segs[0] === 'schemas')) continue;
      removePath(out, segs);
    }
    return out;
  }
  return doc;
}

function copyPath(src: Json | undefined, dst: JsonObject, segs: string[]): void {
  if (!isObject(src) || segs.length === 0) return;
  const k = findKey(src, segs[0]!);
  if (k === undefined) return;
  const v = src[k]!;
  if (segs.length === 1) {
    dst[k] = structuredClone(v);
    return;
  }
  if (Array.isArray(v)) {
    const prev = Array.isArray(dst[k]) ? (dst[k] as JsonObject[]) : v.map(() => ({}));
    v.forEach((item, i) => copyPath(item, prev[i] ?? {}, segs.slice(1)));
    dst[k] = prev;
    return;
  }
  const next = isObject(dst[k]) ? (dst[k] as JsonObject) : {};
  copyPath(v, next, segs.slice(1));
  dst[k] = next;
}

function removePath(node: Json | undefined, segs: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((n) => removePath(n, segs));
    return;
  }
  if (!isObject(node)) return;
  const k = findKey(node, segs[0]!);
  if (k === undefined) return;
  if (segs.length === 1) delete node[k];
  else removePath(node[k], segs.slice(1));
}

/** Splits a comma-separated attribute list. */
export function attrList(v: unknown): string[] | undefined {
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string');
  return undefined;
}
