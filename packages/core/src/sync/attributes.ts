import { unsyncedAttributes } from '../attributes.js';
import { canonical, hash53 } from '../changes/fingerprint.js';
import { same } from '../patch/diff.js';
import { SCHEMA_ENTERPRISE_USER } from '../types/index.js';
import { SyncError } from './errors.js';
import type { AttributeChange, DesiredUser } from './types.js';

type Obj = Record<string, unknown>;

/** Attributes a source never sets: identity, bookkeeping, secrets and derived lists. */
const NEVER = new Set(unsyncedAttributes('User'));
const ENTERPRISE_NAMES = [
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'manager',
];

/**
 * A managed attribute: `userName`, `name.givenName`, `emails`, or an extension attribute
 * `urn:...:User:department`. Split as [top] / [top, sub] / [urn, name].
 */
export type ManagedPath = string;

export function splitManaged(path: ManagedPath): [string] | [string, string] {
  if (path.startsWith('urn:')) {
    const i = path.lastIndexOf(':');
    return [path.slice(0, i), path.slice(i + 1)];
  }
  const dot = path.indexOf('.');
  return dot < 0 ? [path] : [path.slice(0, dot), path.slice(dot + 1)];
}

/** Every attribute some desired user sets (`active` always: presence in the source means active). */
export function managedFrom(users: readonly DesiredUser[]): ManagedPath[] {
  const out = new Map<string, string>();
  const add = (p: string) => {
    if (!out.has(p.toLowerCase())) out.set(p.toLowerCase(), p);
  };
  add('userName');
  add('active');
  for (const { user } of users)
    for (const [k, v] of Object.entries(user)) {
      if (NEVER.has(k) || v === undefined) continue;
      if (k.startsWith('urn:') && isObject(v)) for (const s of Object.keys(v)) add(`${k}:${s}`);
      else if (isObject(v)) for (const s of Object.keys(v)) add(`${k}.${s}`);
      else add(k);
    }
  return [...out.values()].sort();
}

/** Checks and normalises `options.attributes` (bare enterprise names become URN paths). */
export function normaliseManaged(paths: readonly string[]): ManagedPath[] {
  const out = new Set<string>(['userName', 'active']);
  for (const p of paths) {
    if (
      typeof p !== 'string' ||
      !/^(urn:[A-Za-z0-9.:_+-]+:)?[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)?$/.test(p)
    )
      throw new SyncError({
        code: 'options',
        message: `attributes: ${JSON.stringify(p)} is not an attribute path such as title, name.givenName or department`,
      });
    if (NEVER.has(p.split('.')[0] as string))
      throw new SyncError({
        code: 'options',
        message: `attributes: ${p} cannot be managed by a sync`,
      });
    const ent = ENTERPRISE_NAMES.find((n) => n.toLowerCase() === p.split('.')[0]?.toLowerCase());
    out.add(ent ? `${SCHEMA_ENTERPRISE_USER}:${ent}` : p);
  }
  return [...out].sort();
}

/**
 * The attribute names to ask the server for (`attributes=`): the managed paths themselves,
 * sub-attributes included (`name.givenName`, not `name`: a server seen in the field answers
 * `attributes=name` with an empty `name` object, which would read as every name unset).
 */
export function requestedAttributes(managed: readonly ManagedPath[]): string[] {
  // `meta` whole, not `meta.version`: some servers refuse a sub-attribute of meta (as snapshots).
  const out = new Set<string>(['userName', 'active', 'externalId', 'emails', 'meta']);
  out.add(`${SCHEMA_ENTERPRISE_USER}:employeeNumber`);
  for (const p of managed) out.add(p);
  return [...out];
}

export function getManaged(user: Obj, path: ManagedPath): unknown {
  const [top, sub] = splitManaged(path);
  const v = field(user, top);
  return sub === undefined ? v : field(v, sub);
}

function setManaged(user: Obj, path: ManagedPath, value: unknown): void {
  const [top, sub] = splitManaged(path);
  const topKey = keyOf(user, top) ?? top;
  if (sub === undefined) {
    if (value === undefined) delete user[topKey];
    else user[topKey] = value;
    return;
  }
  const current = user[topKey];
  const obj: Obj = isObject(current) ? { ...current } : {};
  const subKey = keyOf(obj, sub) ?? sub;
  if (value === undefined) delete obj[subKey];
  else obj[subKey] = value;
  user[topKey] = obj;
}

/**
 * The team user as the source wants it: managed attributes from the desired user (unset where
 * it has none), everything else as it is. `active` becomes true unless the source says otherwise.
 */
export function overlay(current: Obj, desired: Obj, managed: readonly ManagedPath[]): Obj {
  const out: Obj = { ...current };
  for (const p of managed) {
    let v = getManaged(desired, p);
    // In the source means active: an inactive user comes back, an unset flag stays unset.
    if (p === 'active' && v === undefined) v = current.active === false ? true : current.active;
    setManaged(out, p, v);
  }
  const schemas = new Set<string>(
    Array.isArray(current.schemas) ? (current.schemas as string[]) : [],
  );
  for (const k of Object.keys(out)) if (k.startsWith('urn:') && isObject(out[k])) schemas.add(k);
  if (schemas.size > 0) out.schemas = [...schemas];
  return out;
}

/** Whether `overlay` would change any managed attribute (without building the copy). */
export function differs(
  current: Obj,
  desired: Obj,
  managed: readonly ManagedPath[],
  fold: (key: 'userName', v: string) => string,
): boolean {
  for (const p of managed) {
    let v = getManaged(desired, p);
    const c = getManaged(current, p);
    if (p === 'active' && v === undefined) v = current.active === false ? true : current.active;
    if (p === 'userName' && typeof v === 'string' && typeof c === 'string') {
      if (fold('userName', v) !== fold('userName', c)) return true;
      continue;
    }
    if (!same(c, v)) return true;
  }
  return false;
}

export function changesOf(
  before: Obj,
  after: Obj,
  managed: readonly ManagedPath[],
): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const p of managed) {
    const b = getManaged(before, p);
    const a = getManaged(after, p);
    if (same(b, a)) continue;
    out.push({
      path: p,
      ...(b !== undefined ? { before: b } : {}),
      ...(a !== undefined ? { after: a } : {}),
    });
  }
  return out;
}

/** Hash of the planned-against values of the managed and key attributes. */
export function plannedHash(user: Obj, managed: readonly ManagedPath[]): string {
  const picked: Obj = {};
  for (const p of [...managed, 'externalId']) {
    const v = getManaged(user, p);
    if (v !== undefined) picked[p.toLowerCase()] = v;
  }
  return hash53(canonical(picked));
}

function keyOf(o: Obj, name: string): string | undefined {
  if (name in o) return name;
  const lower = name.toLowerCase();
  // Attribute names are case-insensitive; compare lengths first, this runs per user and path.
  for (const k in o) if (k.length === name.length && k.toLowerCase() === lower) return k;
  return undefined;
}

function field(o: unknown, name: string): unknown {
  if (!isObject(o)) return undefined;
  const k = keyOf(o, name);
  return k === undefined ? undefined : o[k];
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
