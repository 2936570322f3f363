import { extensionUrns, schemaDefinitions, type AttributeDef } from './discovery.js';
import { GROUP_SCHEMA, USER_SCHEMA } from './filter.js';
import type { Json, JsonObject, ResourceType, TeamConfig } from './types.js';

/**
 * The rules of the team's own /Schemas applied to what clients write, so the server can only
 * store and serve what it describes: which paths exist, which are read-only or immutable.
 */

const common = (name: string, extra: Partial<AttributeDef>): AttributeDef => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: true,
  mutability: 'readOnly',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

/** RFC 7643 3.1: attributes of every resource, which no schema in /Schemas declares. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  common('id', { returned: 'always', uniqueness: 'server' }),
  common('externalId', { mutability: 'readWrite' }),
  common('meta', { type: 'complex' }),
];

export type PathTarget =
  | { kind: 'extension'; urn: string }
  | { kind: 'attribute'; urn: string; attr: AttributeDef; sub?: AttributeDef };

const findAttr = (list: AttributeDef[] | undefined, name: string) =>
  list?.find((a) => a.name.toLowerCase() === name.toLowerCase());

/**
 * Resolves a PATCH path without its value filter (`emails.value` for `emails[...].value`) to the
 * declared attribute; a path that is exactly an extension URN addresses the extension as a whole.
 * Undefined when the path names nothing the team's schemas declare.
 */
export function resolvePath(
  team: TeamConfig,
  type: ResourceType,
  path: string,
): PathTarget | undefined {
  const lower = path.toLowerCase();
  const core = type === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
  const exts = extensionUrns(team, type);
  const whole = exts.find((u) => u.toLowerCase() === lower);
  if (whole !== undefined) return { kind: 'extension', urn: whole };
  let urn = core;
  let rest = path;
  const prefixed = [core, ...exts].find((u) => lower.startsWith(`${u.toLowerCase()}:`));
  if (prefixed !== undefined) {
    urn = prefixed;
    rest = path.slice(prefixed.length + 1);
  } else if (lower.startsWith('urn:')) return undefined;
  const attrs = schemaDefinitions(team).find((s) => s.id === urn)?.attributes ?? [];
  const [top, sub, ...more] = rest.split('.');
  if (more.length > 0 || top === undefined) return undefined;
  const def = findAttr(urn === core ? [...attrs, ...COMMON_ATTRIBUTES] : attrs, top);
  if (def === undefined) return undefined;
  if (sub === undefined) return { kind: 'attribute', urn, attr: def };
  const subDef = findAttr(def.subAttributes, sub);
  // meta's sub-attributes are not listed; meta is read-only as a whole.
  if (subDef === undefined)
    return def.name === 'meta' ? { kind: 'attribute', urn, attr: def } : undefined;
  return { kind: 'attribute', urn, attr: def, sub: subDef };
}

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7643 2.5: null, [] and {} are all "unassigned"; stored as absent so none is served. */
const unassigned = (v: Json | undefined) =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/** Drops read-only (sub-)attributes a client sent (RFC 7644 3.3) and values that are unassigned. */
function cleanAttributes(obj: JsonObject, defs: AttributeDef[]): void {
  for (const key of Object.keys(obj)) {
    const def = findAttr(defs, key);
    if (def?.mutability === 'readOnly') {
      delete obj[key];
      continue;
    }
    const v = obj[key];
    if (def?.subAttributes) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) if (isObject(item)) cleanAttributes(item, def.subAttributes);
      if (Array.isArray(v)) obj[key] = v.filter((x) => !unassigned(x));
    }
    if (unassigned(obj[key])) delete obj[key];
  }
}

/**
 * Applies the schemas to a document about to be stored: read-only attributes and sub-attributes
 * are dropped, and so are unassigned values and extensions left without attributes.
 */
export function applySchemaRules(team: TeamConfig, type: ResourceType, doc: JsonObject): void {
  const defs = schemaDefinitions(team);
  const core = type === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
  for (const [k, v] of Object.entries(doc)) {
    const ext = extensionUrns(team, type).find((u) => u.toLowerCase() === k.toLowerCase());
    if (ext === undefined || !isObject(v)) continue;
    cleanAttributes(v, defs.find((s) => s.id === ext)?.attributes ?? []);
  }
  const coreAttrs = defs.find((s) => s.id === core)?.attributes ?? [];
  // URN keys and `schemas` match no declaration, so only their emptiness is looked at here.
  cleanAttributes(doc, [...coreAttrs, ...COMMON_ATTRIBUTES]);
}

/** Whether a top-level key of a document is a schema URN this team does not offer for the type. */
export function unknownUrnKey(team: TeamConfig, type: ResourceType, key: string): boolean {
  const lower = key.toLowerCase();
  if (!lower.startsWith('urn:')) return false;
  return !extensionUrns(team, type).some((u) => u.toLowerCase() === lower);
}
