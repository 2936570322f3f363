import type { PatchOperation, Placement, ScimUser } from '@celonis-scim/core';
import { mergeTyped, type TypedSlot } from '../../../shared/userFields';

// Where checked Schema Attributes go: into the body of a new user, or into PATCH operations.

/** One checked value: where it goes in a SCIM user and what is sent. */
export interface SchemaValue {
  /** The field's id in the mapper: its attribute path, e.g. `urn:...:User:region`. */
  path: string;
  /** The field as the editor shows it, for error messages. */
  label: string;
  placement: Exclude<Placement, { kind: 'groups' }>;
  value: unknown;
}

type Entry = Record<string, unknown>;
type Segments = string[];

/** Thrown for a value that cannot be written as given; the caller names the item. */
export class SchemaWriteError extends Error {
  override readonly name = 'SchemaWriteError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const slotOf = (p: Extract<SchemaValue['placement'], { kind: 'typed' }>): TypedSlot => ({
  attribute: p.attribute,
  type: p.type,
  sub: p.sub,
  primary: p.attribute === 'emails' || p.attribute === 'phoneNumbers',
});

function lookup(target: Entry, segments: Segments): unknown {
  let o: unknown = target;
  for (const seg of segments) o = o && typeof o === 'object' ? (o as Entry)[seg] : undefined;
  return o;
}

function setPath(target: Entry, segments: Segments, value: unknown): void {
  let o = target;
  for (const seg of segments.slice(0, -1)) {
    const next = o[seg];
    o = next && typeof next === 'object' && !Array.isArray(next) ? (next as Entry) : (o[seg] = {});
  }
  o[segments[segments.length - 1] as string] = value;
}

const twice = (v: SchemaValue) =>
  new SchemaWriteError(
    `Schema Attributes: ${v.label} is also set under the fixed fields`,
    'Set each attribute in one place: remove it from "Additional Fields" / "Update Fields" or from "Schema Attributes".',
  );

/**
 * The new user with the Schema Attributes added. An attribute the fixed fields already set is
 * an error (one value per attribute, never a silent choice between two).
 */
export function withSchemaValues(user: ScimUser, values: readonly SchemaValue[]): ScimUser {
  const out = structuredClone(user) as Entry;
  for (const v of values) {
    const p = v.placement;
    if (p.kind === 'typed') {
      const list = out[p.attribute] as Entry[] | undefined;
      const entry = list?.find((e) => e.type === p.type);
      if (entry?.[p.sub] !== undefined) throw twice(v);
      out[p.attribute] = mergeTyped(list, [[slotOf(p), v.value]]);
    } else {
      if (lookup(out, p.segments) !== undefined) throw twice(v);
      setPath(out, p.segments, v.value);
    }
  }
  return out as ScimUser;
}

/** The attributes of `required` (as [name] or [urn, name]) the new user lacks. */
export function missingRequired(user: ScimUser, required: readonly string[][]): string[] {
  const has = (segments: Segments) => {
    const v = lookup(user as Entry, segments);
    return v !== undefined && v !== null && v !== '';
  };
  return required.filter((r) => !has(r)).map((r) => r.join(':'));
}

/** The PATCH path of a plain placement: `name.givenName`, `urn:...:User:region`. */
function patchPath(segments: Segments): string {
  const [first, ...rest] = segments;
  if (first?.startsWith('urn:')) {
    const [attr, ...subs] = rest;
    return [`${first}:${attr}`, ...subs].join('.');
  }
  return segments.join('.');
}

/**
 * `ops` (those of the fixed fields) with the Schema Attributes added. A typed value (an e-mail or
 * phone number by type) is merged into the user's current list, or into the list the fixed
 * fields already write, so the other entries stay. With `current`, unchanged values are left out.
 */
export function withSchemaPatch(
  ops: readonly PatchOperation[],
  values: readonly SchemaValue[],
  current: ScimUser | undefined,
): PatchOperation[] {
  const out = ops.map((o) => ({ ...o }));
  const samePath = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
  for (const v of values) {
    const p = v.placement;
    if (p.kind === 'typed') {
      const existing = out.find((o) => samePath(o.path, p.attribute));
      const before = (existing?.value ?? current?.[p.attribute]) as Entry[] | undefined;
      const slot = (list: unknown) =>
        (list as Entry[] | undefined)?.find((e) => e.type === p.type)?.[p.sub];
      // The fixed fields already change this very entry: two values for one attribute.
      if (existing && slot(existing.value) !== slot(current?.[p.attribute])) throw twice(v);
      const after = mergeTyped(before, [[slotOf(p), v.value]]);
      if (existing) existing.value = after;
      else if (JSON.stringify(after) !== JSON.stringify(before ?? []))
        out.push({ op: 'replace', path: p.attribute, value: after });
      continue;
    }
    const path = patchPath(p.segments);
    if (out.some((o) => samePath(o.path, path))) throw twice(v);
    if (current && JSON.stringify(lookup(current as Entry, p.segments)) === JSON.stringify(v.value))
      continue;
    out.push({ op: 'replace', path, value: v.value });
  }
  return out;
}
