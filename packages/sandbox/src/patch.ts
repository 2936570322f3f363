import { scimPatch, type ScimPatchOperation } from 'scim-patch';
import { badRequest } from './errors.js';
import { attrSegments, matches, valuesAt } from './filter.js';
import { checkPlainPath, parseValuePath } from './filter-grammar.js';
import { resolvePath } from './schema-rules.js';
import type { Json, JsonObject, ResourceType, TeamConfig } from './types.js';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Op = { op: 'add' | 'remove' | 'replace'; path?: string; value?: Json };
/** An operation as checked against the schemas, with what applying it needs to know. */
type CheckedOp = Op & {
  /** The path is exactly this extension's URN (RFC 7644 3.5.2: the extension as a whole). */
  wholeExtension?: string;
  /** The path ends at an immutable attribute: settable when absent, never changed. */
  immutable?: true;
};

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Entra ID sends `"value": "False"` for booleans; RFC 7643 wants JSON booleans. */
function fixBooleans(path: string | undefined, value: Json | undefined): Json | undefined {
  const isActive = (p: string) => p.toLowerCase() === 'active';
  const toBool = (v: Json | undefined) =>
    typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v;
  if (path !== undefined) return isActive(path) ? toBool(value) : value;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = (isActive(k) ? toBool(v) : v) as Json;
    return out;
  }
  return value;
}

/** Validates the PatchOp body and rewrites it into operations scim-patch handles correctly. */
export function normaliseOps(body: unknown, type: ResourceType, team: TeamConfig): CheckedOp[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object.');
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))) {
    throw badRequest('invalidSyntax', `"schemas" must be ["${PATCH_SCHEMA}"].`);
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const raw = key === undefined ? undefined : body[key];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw badRequest('invalidSyntax', 'The PATCH body needs a non-empty "Operations" array.');
  }
  const ops: CheckedOp[] = [];
  raw.forEach((o, i) => {
    if (!isObject(o)) throw badRequest('invalidSyntax', `Operations[${i}] must be an object.`);
    const opName = typeof o.op === 'string' ? o.op.toLowerCase() : '';
    if (opName !== 'add' && opName !== 'remove' && opName !== 'replace') {
      throw badRequest(
        'invalidSyntax',
        `Operations[${i}].op must be "add", "remove" or "replace".`,
      );
    }
    if (o.path !== undefined && (typeof o.path !== 'string' || o.path.trim() === '')) {
      throw badRequest('invalidPath', `Operations[${i}].path must be a non-empty string.`);
    }
    const path = o.path as string | undefined;
    if (path === undefined) {
      if (opName === 'remove') {
        throw badRequest('noTarget', `Operations[${i}]: "remove" needs a "path".`);
      }
      // The no-path form ({"op":"replace","value":{"active":false}}, Okta and Entra ID) is split
      // into one operation per attribute so each is checked for mutability like a path op.
      if (!isObject(o.value)) {
        throw badRequest(
          'invalidValue',
          `Operations[${i}] without "path" needs an object "value".`,
        );
      }
      for (const [k, v] of Object.entries(o.value)) {
        if (k.toLowerCase() === 'schemas') continue;
        // An extension object ({"urn:...:User": {"department": "x"}}) becomes one op per sub-attribute.
        if (k.toLowerCase().startsWith('urn:') && isObject(v)) {
          for (const [sub, sv] of Object.entries(v))
            ops.push({ op: opName, path: `${k}:${sub}`, value: sv as Json });
          continue;
        }
        ops.push({ op: opName, path: k, value: fixBooleans(k, v) as Json });
      }
      return;
    }
    if (opName !== 'remove' && o.value === undefined) {
      throw badRequest('invalidValue', `Operations[${i}] ("${opName}") needs a "value".`);
    }
    const target = resolvePath(team, type, path.trim());
    if (target?.kind === 'extension') {
      ops.push(...wholeExtensionOps(opName, target.urn, o.value, i));
      return;
    }
    // Entra ID removes members as {"op":"Remove","path":"members","value":[{"value":"id"}]};
    // scim-patch only removes whole equal objects, so we turn each item into a value filter.
    if (opName === 'remove' && Array.isArray(o.value) && !path.includes('[')) {
      for (const item of o.value) {
        if (isObject(item) && typeof item.value === 'string') {
          ops.push({ op: 'remove', path: `${path}[value eq ${JSON.stringify(item.value)}]` });
        } else {
          throw badRequest(
            'invalidValue',
            `Operations[${i}]: remove values must look like {"value": "<id>"}.`,
          );
        }
      }
      return;
    }
    const op: Op = { op: opName, path };
    if (o.value !== undefined) op.value = fixBooleans(path, o.value) as Json;
    ops.push(op);
  });
  for (const op of ops) if (!op.wholeExtension) checkPath(op, type, team);
  return ops;
}

/**
 * A path that is exactly an extension URN addresses the extension object: add and replace set
 * the attributes given in the object value (others unchanged, as for any complex attribute),
 * remove drops the extension, and with it the URN from `schemas`.
 */
function wholeExtensionOps(
  op: Op['op'],
  urn: string,
  value: Json | undefined,
  i: number,
): CheckedOp[] {
  if (op === 'remove') return [{ op, path: urn, wholeExtension: urn }];
  if (!isObject(value))
    throw badRequest(
      'invalidValue',
      `Operations[${i}]: the path "${urn}" names the whole extension, so "value" must be an object of its attributes, e.g. {"department": "Sales"}.`,
    );
  return Object.entries(value).map(([k, v]) => ({ op, path: `${urn}:${k}`, value: v }));
}

/** Refuses paths the schemas do not declare and writes to read-only attributes. */
function checkPath(op: CheckedOp, type: ResourceType, team: TeamConfig): void {
  const path = op.path!.trim();
  const vp = path.includes('[') ? parseValuePath(path) : undefined;
  if (!vp) checkPlainPath(path);
  const plain = vp ? `${vp.attrPath}${vp.subAttr ? `.${vp.subAttr}` : ''}` : path;
  if (attrSegments(plain, type)[0] === 'schemas')
    throw badRequest('mutability', '"schemas" cannot be patched.');
  const target = resolvePath(team, type, plain);
  // Undeclared core attributes are kept, as on POST; an undeclared schema URN would be stored
  // as a bogus nested object, so it is refused.
  if (target === undefined && plain.toLowerCase().startsWith('urn:'))
    throw badRequest(
      'invalidPath',
      `PATCH path ${JSON.stringify(op.path)} names no attribute of a ${type} in team ${team.name}: /Schemas and /ResourceTypes list them (extension attributes as "<schema URN>:<attribute>").`,
    );
  if (target?.kind !== 'attribute') return;
  const rules = [target.attr.mutability, target.sub?.mutability];
  if (rules.includes('readOnly'))
    throw badRequest('mutability', `Attribute "${op.path}" is read-only and cannot be patched.`);
  if (rules.includes('immutable')) op.immutable = true;
}

/** An immutable attribute may be added where it has no value; anything else would change it. */
function checkImmutable(doc: JsonObject, op: CheckedOp, type: ResourceType): void {
  const path = op.path!;
  const changes =
    op.op !== 'add' || path.includes('[') || valuesAt(doc, attrSegments(path, type)).length > 0;
  if (changes)
    throw badRequest(
      'mutability',
      `Attribute "${path}" is immutable: it cannot be changed once set (to change a member, remove it and add the new one).`,
    );
}

/** Marks the elements a value filter selected, so scim-patch only has to match the marker. */
const MARK = 'sandboxPatchTarget';

type Target = { op: Op; skip?: true; input?: JsonObject };

/**
 * Evaluates a path's value filter with the GET filter evaluator (decoded escapes, caseExact
 * rules) instead of scim-patch's own (case-sensitive, doubles backslashes). Matching elements
 * get a marker and the path is rewritten to `attr[MARK eq true]...`; scim-patch does the rest.
 */
function resolveValueFilter(doc: JsonObject, op: Op, type: ResourceType): Target {
  const vp = op.path === undefined ? undefined : parseValuePath(op.path);
  if (!vp) return { op };
  const segs = attrSegments(vp.attrPath, type);
  const keys: string[] = [];
  let node: Json | undefined = doc;
  for (const seg of segs) {
    if (!isObject(node)) return { op };
    const k: string | undefined = Object.keys(node).find((x) => x.toLowerCase() === seg);
    if (k === undefined) return { op };
    keys.push(k);
    node = node[k];
  }
  if (!Array.isArray(node)) return { op };
  const prefix = segs[0]?.startsWith('urn:') ? segs.slice(1) : segs;
  let hit = false;
  const items = node.map((item) => {
    if (!isObject(item) || !matches(vp.filter, item, type, prefix)) return item;
    hit = true;
    return { ...item, [MARK]: true };
  });
  if (!hit) return op.op === 'remove' ? { op, skip: true } : { op };
  const path = `${vp.attrPath}[${MARK} eq true]${vp.subAttr ? `.${vp.subAttr}` : ''}`;
  const input: JsonObject = { ...doc };
  let parent = input;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) parent[k] = items;
    else parent = parent[k] = { ...(parent[k] as JsonObject) };
  });
  return { op: { ...op, path }, input };
}

/** Removes the markers scim-patch left on elements it changed but did not replace. */
function unmark(v: Json): Json {
  if (Array.isArray(v)) return v.map(unmark);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (k !== MARK) out[k] = unmark(x);
  return out;
}

/** Applies PATCH operations to a copy of the document. */
export function applyPatch(doc: JsonObject, ops: CheckedOp[], type: ResourceType): JsonObject {
  let current: JsonObject = doc;
  for (const checked of ops) {
    if (checked.wholeExtension !== undefined) {
      const urn = checked.wholeExtension.toLowerCase();
      current = Object.fromEntries(
        Object.entries(current).filter(([k]) => k.toLowerCase() !== urn),
      ) as JsonObject;
      continue;
    }
    if (checked.immutable) checkImmutable(current, checked, type);
    const original: Op = { op: checked.op, path: checked.path! };
    if (checked.value !== undefined) original.value = checked.value;
    if (
      original.path !== undefined &&
      /(^|[^\d])\.(\.|$)|^\./.test(original.path.replace(/\[.*\]/, ''))
    ) {
      throw badRequest(
        'invalidPath',
        `PATCH path ${JSON.stringify(original.path)} has an empty attribute name.`,
      );
    }
    const target = resolveValueFilter(current, original, type);
    // A remove whose filter matches nothing removes nothing (RFC 7644 3.5.2.2).
    if (target.skip) continue;
    current = unmark(scimPatchOne(target.input ?? current, target.op, original)) as JsonObject;
  }
  return current;
}

function scimPatchOne(doc: JsonObject, op: Op, original: Op): JsonObject {
  // scim-patch's types want meta dates as Date objects; the document only passes through it.
  const input = { ...doc, meta: doc.meta ?? {} } as unknown as Parameters<typeof scimPatch>[0];
  try {
    return scimPatch(input, [op as ScimPatchOperation], {
      mutateDocument: false,
      treatMissingAsAdd: true,
    }) as unknown as JsonObject;
  } catch (e) {
    const name = (e as { constructor?: { name?: string } }).constructor?.name;
    // Removing by a filter from an attribute that is not there removes nothing, like a filter
    // that matches no element; scim-patch instead reports a misleading "mono valued" error.
    if (name === 'FilterOnEmptyArray' && op.op === 'remove') return doc;
    const msg = e instanceof Error ? e.message : String(e);
    const code = (e as { scimCode?: string }).scimCode;
    const scimType =
      name === 'InvalidScimPatchOp' || name === 'FilterOnEmptyArray'
        ? 'invalidPath'
        : code === 'noTarget' || code === 'invalidPath' || code === 'invalidSyntax'
          ? code
          : 'invalidValue';
    throw badRequest(scimType, `PATCH ${original.op} ${original.path ?? ''} failed: ${msg}`);
  }
}
