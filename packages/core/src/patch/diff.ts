import { readOnlyAttributes } from '../attributes.js';
import { formatFilter } from '../filter/format.js';
import { isAttributeName } from '../filter/path.js';
import type { FilterValue } from '../filter/ast.js';
import { SCHEMA_USER, type PatchOperation } from '../types/index.js';

export interface DiffOptions {
  /** Attributes to leave alone besides the read-only id, meta and schemas (and groups on a User). */
  ignore?: readonly string[] | undefined;
  /** 'User' or 'Group'; detected from `schemas` or `userName` when absent. */
  resourceType?: string | undefined;
}

type Obj = Record<string, unknown>;
/** An object's entries by lower-case name: SCIM attribute names are case-insensitive. */
type Fields = Map<string, { key: string; value: unknown }>;

const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*(?::[A-Za-z0-9._+-]+)+$/;

/**
 * The operations that turn `before` into `after` (RFC 7644 section 3.5.2), smallest where a
 * choice exists: sub-attribute and value-filter paths when they are shorter than replacing a
 * whole attribute, whole-attribute replaces where filters cannot address items safely
 * (duplicates, items without value or type). Returns [] when nothing changed.
 */
export function diffToPatch(before: Obj, after: Obj, options: DiffOptions = {}): PatchOperation[] {
  const b = fields(before);
  const a = fields(after);
  const type = (options.resourceType ?? detectType(before, after)).toLowerCase();
  const ignored = new Set(
    [...readOnlyAttributes(type === 'user' ? 'User' : 'Group'), ...(options.ignore ?? [])].map(
      (k) => k.toLowerCase(),
    ),
  );
  const newSchemas: string[] = [];
  const ops: PatchOperation[] = [];
  const knownSchemas = new Set(asStrings(before.schemas).map((s) => s.toLowerCase()));
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if (ignored.has(name)) continue;
    const key = (a.get(name) ?? b.get(name))?.key as string;
    const bv = b.get(name)?.value;
    const av = a.get(name)?.value;
    if (key.includes(':')) {
      // A resource that lists no schemas at all already had the extension: nothing to add.
      const listed = knownSchemas.has(name) || (!absent(bv) && !Array.isArray(before.schemas));
      if (!absent(av) && !listed) newSchemas.push(key);
      ops.push(...diffExtension(key, bv, av));
    } else {
      if (!isAttributeName(key))
        throw new TypeError(
          `cannot patch attribute ${JSON.stringify(key)}: not a SCIM attribute name`,
        );
      ops.push(...diffAttribute(key, bv, av, 'smallest'));
    }
  }
  // Pathless: servers that derive `schemas` themselves skip it there, while many reject a
  // `schemas` path as read-only; servers that need the URN get it either way.
  const schemaOps: PatchOperation[] =
    newSchemas.length > 0 ? [{ op: 'add', value: { schemas: newSchemas } }] : [];
  return [...schemaOps, ...ops];
}

function detectType(before: Obj, after: Obj): string {
  const schemas = [...asStrings(before.schemas), ...asStrings(after.schemas)].map((s) =>
    s.toLowerCase(),
  );
  if (schemas.includes(SCHEMA_USER.toLowerCase())) return 'User';
  return fields(before).has('username') || fields(after).has('username') ? 'User' : 'Group';
}

/** Extension attributes are addressed by full URN path (`urn:...:User:department`). */
function diffExtension(urn: string, bv: unknown, av: unknown): PatchOperation[] {
  if (!URI_RE.test(urn))
    throw new TypeError(`cannot patch ${JSON.stringify(urn)}: not a schema URN`);
  const bo = isObject(bv) ? fields(bv) : new Map();
  const ao = isObject(av) ? fields(av) : new Map();
  if ((!absent(bv) && !isObject(bv)) || (!absent(av) && !isObject(av)))
    throw new TypeError(`extension ${urn} must be an object of attributes`);
  const out: PatchOperation[] = [];
  for (const name of new Set([...ao.keys(), ...bo.keys()])) {
    const key = (ao.get(name) ?? bo.get(name))?.key as string;
    if (!isAttributeName(key))
      throw new TypeError(`cannot patch ${urn}:${key}: not a SCIM attribute name`);
    // Servers handle `urn:...:manager.value` poorly: complex extension attributes go whole.
    out.push(...diffAttribute(`${urn}:${key}`, bo.get(name)?.value, ao.get(name)?.value, 'whole'));
  }
  return out;
}

function diffAttribute(
  path: string,
  bv: unknown,
  av: unknown,
  complex: 'smallest' | 'whole',
): PatchOperation[] {
  if (absent(av)) return absent(bv) ? [] : [{ op: 'remove', path }];
  if (absent(bv)) return [{ op: Array.isArray(av) ? 'add' : 'replace', path, value: av }];
  if (same(bv, av)) return [];
  if (Array.isArray(bv) && Array.isArray(av)) return diffMulti(path, bv, av);
  if (isObject(bv) && isObject(av)) return diffComplex(path, bv, av, complex);
  return [{ op: 'replace', path, value: av }];
}

/** Replacing a complex attribute merges sub-attributes (RFC 7644 3.5.2.3), so removals need a remove first. */
function wholeComplex(path: string, bv: Obj, av: Obj): PatchOperation[] {
  const a = fields(av);
  const dropped = [...fields(bv).entries()].some(
    ([k, v]) => !absent(v.value) && absent(a.get(k)?.value),
  );
  const set: PatchOperation = { op: 'replace', path, value: av };
  return dropped ? [{ op: 'remove', path }, set] : [set];
}

function diffComplex(path: string, bv: Obj, av: Obj, mode: 'smallest' | 'whole'): PatchOperation[] {
  const whole = wholeComplex(path, bv, av);
  if (mode === 'whole') return whole;
  const sub = subDiff(path, bv, av);
  return sub === undefined ? whole : smaller(sub, whole);
}

/** Sub-attribute operations, or undefined when a sub-attribute cannot be addressed by a path. */
function subDiff(
  prefix: string,
  bv: Obj,
  av: Obj,
  keep?: Set<string>,
): PatchOperation[] | undefined {
  const b = fields(bv);
  const a = fields(av);
  const out: PatchOperation[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const key = (a.get(name) ?? b.get(name))?.key as string;
    const x = b.get(name)?.value;
    const y = a.get(name)?.value;
    if (same(x, y) || (absent(x) && absent(y))) continue;
    // Servers derive an item's display and $ref from its value: an item written as
    // { value } keeps them instead of asking to remove read-only sub-attributes.
    if (keep && absent(y) && keep.has(name)) continue;
    if (!isAttributeName(key) || (!absent(y) && typeof y === 'object')) return undefined;
    out.push(
      absent(y)
        ? { op: 'remove', path: `${prefix}.${key}` }
        : { op: 'replace', path: `${prefix}.${key}`, value: y },
    );
  }
  return out;
}

type KeyName = 'value' | 'type';
/** Sub-attributes servers fill in from an item's value; `type` too for members (User or Group). */
const derived = (path: string): Set<string> =>
  new Set(path.toLowerCase() === 'members' ? ['display', '$ref', 'type'] : ['display', '$ref']);

/** Multi-valued attributes: items matched by `value` (or `type` where no item has a value). */
function diffMulti(path: string, bl: unknown[], al: unknown[]): PatchOperation[] {
  // Filters cannot address duplicates or items without a key: those lists are replaced whole.
  const whole: PatchOperation[] = [{ op: 'replace', path, value: al }];
  const keyName = matchKey([...bl, ...al]);
  if (!keyName) return whole;
  const bm = index(bl as Obj[], keyName);
  const am = index(al as Obj[], keyName);
  if (!bm || !am) return whole;
  const removes: PatchOperation[] = [];
  const primaryOff: PatchOperation[] = [];
  const changes: PatchOperation[] = [];
  const added: Obj[] = [];
  for (const [k, item] of bm)
    if (!am.has(k)) removes.push({ op: 'remove', path: itemPath(path, keyName, item.raw) });
  for (const [k, item] of am) {
    const old = bm.get(k);
    if (!old) {
      added.push(item.obj);
      continue;
    }
    if (same(old.obj, item.obj)) continue;
    const target = itemPath(path, keyName, old.raw);
    const sub = subDiff(target, old.obj, item.obj, derived(path));
    if (!sub) {
      removes.push({ op: 'remove', path: target });
      added.push(item.obj);
      continue;
    }
    for (const op of sub) (turnsPrimaryOff(op) ? primaryOff : changes).push(op);
  }
  // Old primaries lose the flag before a new one gets it: at most one primary at any step.
  const ops = [...removes, ...primaryOff, ...changes];
  if (added.length > 0) ops.push({ op: 'add', path, value: added });
  // Item-level operations even when a replace would be shorter: they keep concurrent
  // changes to other items (a group's members) and stay small for large lists.
  return ops;
}

function turnsPrimaryOff(op: PatchOperation): boolean {
  return (op.path ?? '').toLowerCase().endsWith('].primary') && op.value !== true;
}

function matchKey(items: unknown[]): KeyName | undefined {
  if (!items.every(isObject)) return undefined;
  const objs = items.map((i) => fields(i as Obj));
  if (objs.every((f) => isScalar(f.get('value')?.value))) return 'value';
  if (objs.every((f) => absent(f.get('value')?.value) && typeof f.get('type')?.value === 'string'))
    return 'type';
  return undefined;
}

/** Items by folded key; undefined on duplicates, which a filter could not tell apart. */
function index(
  items: Obj[],
  keyName: KeyName,
): Map<string, { raw: FilterValue; obj: Obj }> | undefined {
  const out = new Map<string, { raw: FilterValue; obj: Obj }>();
  for (const obj of items) {
    const raw = fields(obj).get(keyName)?.value as FilterValue;
    const k = typeof raw === 'string' ? `s:${raw.toLowerCase()}` : `${typeof raw}:${String(raw)}`;
    if (out.has(k)) return undefined;
    out.set(k, { raw, obj });
  }
  return out;
}

function itemPath(path: string, keyName: KeyName, raw: FilterValue): string {
  return formatFilter({
    type: 'valuePath',
    path,
    filter: { type: 'compare', op: 'eq', path: keyName, value: raw },
  });
}

function smaller(a: PatchOperation[], b: PatchOperation[]): PatchOperation[] {
  return JSON.stringify(b).length < JSON.stringify(a).length ? b : a;
}

function fields(o: Obj): Fields {
  const m: Fields = new Map();
  for (const [key, value] of Object.entries(o))
    if (value !== undefined) m.set(key.toLowerCase(), { key, value });
  return m;
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean {
  return (
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'
  );
}

/** Unassigned in SCIM terms: missing, null, an empty list or an empty complex value. */
function absent(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.values(v).every(absent);
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Structural equality with case-insensitive attribute names; unassigned equals missing. */
export function same(x: unknown, y: unknown): boolean {
  if (absent(x) && absent(y)) return true;
  if (Array.isArray(x) || Array.isArray(y)) {
    return (
      Array.isArray(x) &&
      Array.isArray(y) &&
      x.length === y.length &&
      x.every((v, i) => same(v, y[i]))
    );
  }
  if (isObject(x) && isObject(y)) {
    const a = fields(x);
    const b = fields(y);
    return [...new Set([...a.keys(), ...b.keys()])].every((k) =>
      same(a.get(k)?.value, b.get(k)?.value),
    );
  }
  return Object.is(x, y) || x === y;
}
