import {
  findAttr,
  schemasOf,
  COMMON,
  type Attr,
  type Discovery,
  type Doc,
  type ResourceTypeDoc,
  type SchemaUse,
} from './discover.js';
import { sample, type SampleCtx } from './samples.js';

/**
 * Every PATCH path form of RFC 7644 3.5.2 for every writable attribute a resource type declares,
 * each with the resource the RFC says must result, computed from the resource as it was before.
 */

export type OpName = 'add' | 'replace' | 'remove';
export interface Operation {
  op: OpName;
  path?: string;
  value?: unknown;
}
/** The resulting resource, or the error status (and scimType) the server must answer. */
export type Outcome = { doc: Doc } | { status: number; scimType?: string };

export interface PatchCase {
  name: string;
  build(before: Doc, ctx: SampleCtx): { operation: Operation; outcome: Outcome };
}

const OPS: OpName[] = ['add', 'replace', 'remove'];
/** Sample variants for the values of add and replace, unlike those of the created resource. */
const VARIANT = { add: 5, replace: 7 } as const;
const FILTER_VARIANT = { add: 9, replace: 11 } as const;

const clone = (d: Doc): Doc => structuredClone(d);
const readWrite = (a: Attr) => a.mutability === 'readWrite';

/** The object an attribute of schema `u` lives in: the resource, or its extension object. */
function holder(doc: Doc, u: SchemaUse): Doc {
  if (u.core) return doc;
  return (doc[u.urn] ??= {}) as Doc;
}

/** RFC 7644 3.5.2.1/3.5.2.3 on an attribute: add appends to multi-valued, complex merge. */
function applyAttr(target: Doc, a: Attr, op: OpName, value: unknown): void {
  if (op === 'remove') {
    delete target[a.name];
    return;
  }
  const existing = target[a.name] as unknown;
  if (a.multiValued)
    target[a.name] =
      op === 'add' ? [...((existing as unknown[]) ?? []), ...(value as unknown[])] : value;
  else if (a.type === 'complex') target[a.name] = { ...(existing as Doc), ...(value as Doc) };
  else target[a.name] = value;
}

const valueOf = (
  a: Attr,
  op: OpName,
  ctx: SampleCtx,
  variants: { add: number; replace: number },
) => (op === 'remove' ? undefined : sample(a, ctx, variants[op]));

function success(doc: Doc): Outcome {
  return { doc };
}

/** bare `attr`, `urn:...:attr` and (single-valued complex) `attr.sub` forms. */
function attributeCases(u: SchemaUse, a: Attr, withCoreUrn: boolean): PatchCase[] {
  const paths = !u.core
    ? [`${u.urn}:${a.name}`]
    : withCoreUrn
      ? [a.name, `${u.urn}:${a.name}`]
      : [a.name];
  const cases: PatchCase[] = [];
  for (const path of paths)
    for (const op of OPS)
      cases.push({
        name: `${op} ${path}`,
        build(before, ctx) {
          const value = valueOf(a, op, ctx, VARIANT);
          const operation: Operation = { op, path, ...(value === undefined ? {} : { value }) };
          // Removing a required attribute would leave an invalid resource.
          if (op === 'remove' && a.required) return { operation, outcome: { status: 400 } };
          const doc = clone(before);
          applyAttr(holder(doc, u), a, op, value);
          return { operation, outcome: success(doc) };
        },
      });
  if (a.type !== 'complex' || a.multiValued) return cases;
  const prefix = u.core ? '' : `${u.urn}:`;
  for (const s of (a.subAttributes ?? []).filter(readWrite))
    for (const op of OPS)
      cases.push({
        name: `${op} ${prefix}${a.name}.${s.name}`,
        build(before, ctx) {
          const value = valueOf(s, op, ctx, VARIANT);
          const path = `${prefix}${a.name}.${s.name}`;
          const operation: Operation = { op, path, ...(value === undefined ? {} : { value }) };
          const doc = clone(before);
          const obj = (holder(doc, u)[a.name] ??= {}) as Doc;
          applyAttr(obj, s, op, value);
          return { operation, outcome: success(doc) };
        },
      });
  return cases;
}

/** The sub-attribute a value filter selects elements by: `value` if declared (RFC 7643 2.4). */
export function filterKey(a: Attr): Attr | undefined {
  const subs = (a.subAttributes ?? []).filter(
    (s) => s.type === 'string' && s.mutability !== 'readOnly' && !s.canonicalValues,
  );
  return findAttr(subs, 'value') ?? subs[0];
}

/** `attr[key eq "x"]` selecting the first element the resource has. */
export function filterOn(doc: Doc, u: SchemaUse, a: Attr, key: Attr): { path: string; hit: Doc } {
  const list = holder(clone(doc), u)[a.name] as Doc[];
  const hit = list[0]!;
  const prefix = u.core ? '' : `${u.urn}:`;
  return { path: `${prefix}${a.name}[${key.name} eq ${JSON.stringify(hit[key.name])}]`, hit };
}

/**
 * `attr[filter]` and (with `withSubs`) `attr[filter].sub` forms on a multi-valued complex
 * attribute.
 */
function filterCases(u: SchemaUse, a: Attr, withSubs: boolean): PatchCase[] {
  const key = filterKey(a);
  if (!key) return [];
  const subs = (a.subAttributes ?? []).filter(readWrite);
  const matches = (el: Doc, hit: Doc) => el[key.name] === hit[key.name];
  const each = (doc: Doc, hit: Doc, f: (el: Doc) => Doc | undefined) => {
    const list = (holder(doc, u)[a.name] as Doc[]).flatMap((el) =>
      matches(el, hit) ? [f(el)].filter((x) => x !== undefined) : [el],
    );
    if (list.length) holder(doc, u)[a.name] = list;
    else delete holder(doc, u)[a.name];
  };
  const cases: PatchCase[] = [];
  for (const op of subs.length ? OPS : (['remove'] as OpName[]))
    cases.push({
      name: `${op} ${a.name}[${key.name} eq "..."]`,
      build(before, ctx) {
        const { path, hit } = filterOn(before, u, a, key);
        const doc = clone(before);
        if (op === 'remove') {
          each(doc, hit, () => undefined);
          return { operation: { op, path }, outcome: success(doc) };
        }
        const value = Object.fromEntries(
          subs.map((s) => [s.name, sample(s, ctx, FILTER_VARIANT[op])]),
        );
        // add merges into the selected elements; replace replaces them (RFC 7644 3.5.2.3).
        each(doc, hit, (el) => (op === 'add' ? { ...el, ...value } : { ...value }));
        return { operation: { op, path, value }, outcome: success(doc) };
      },
    });
  for (const s of withSubs ? subs : [])
    for (const op of OPS)
      cases.push({
        name: `${op} ${a.name}[${key.name} eq "..."].${s.name}`,
        build(before, ctx) {
          const { path, hit } = filterOn(before, u, a, key);
          const value = valueOf(s, op, ctx, FILTER_VARIANT);
          const doc = clone(before);
          each(doc, hit, (el) => {
            const next = { ...el };
            applyAttr(next, s, op, value);
            return next;
          });
          const operation: Operation = {
            op,
            path: `${path}.${s.name}`,
            ...(value === undefined ? {} : { value }),
          };
          return { operation, outcome: success(doc) };
        },
      });
  return cases;
}

/** A path that is exactly an extension's URN. */
function extensionCases(u: SchemaUse): PatchCase[] {
  const attrs = u.attributes.filter(readWrite);
  const cases: PatchCase[] = [];
  for (const op of OPS) {
    cases.push({
      name: `${op} ${u.urn}`,
      build(before, ctx) {
        const doc = clone(before);
        if (op === 'remove') {
          delete doc[u.urn];
          return { operation: { op, path: u.urn }, outcome: success(doc) };
        }
        const value: Doc = {};
        for (const a of attrs) {
          value[a.name] = sample(a, ctx, VARIANT[op]);
          applyAttr(holder(doc, u), a, op, value[a.name]);
        }
        return { operation: { op, path: u.urn, value }, outcome: success(doc) };
      },
    });
  }
  return cases;
}

export function patchCases(d: Discovery, rt: ResourceTypeDoc): PatchCase[] {
  const cases: PatchCase[] = [
    {
      name: 'remove without a path',
      build: () => ({
        operation: { op: 'remove' },
        outcome: { status: 400, scimType: 'noTarget' },
      }),
    },
  ];
  for (const u of schemasOf(d, rt)) {
    const attrs = u.core ? [...u.attributes, ...COMMON] : u.attributes;
    // A core-URN prefix only changes how the path is spelled, so it is tried on one attribute of
    // each shape (type and multiplicity) rather than on all, to keep the suite fast.
    const shapes = new Set<string>();
    for (const a of attrs.filter(readWrite)) {
      const shape = `${a.type}/${a.multiValued}`;
      cases.push(...attributeCases(u, a, !shapes.has(shape)));
      shapes.add(shape);
      // Likewise `attr[filter].sub` is tried on all sub-attributes of the first multi-valued
      // attribute of each sub-attribute layout (emails, phoneNumbers, roles... share one).
      if (a.type === 'complex' && a.multiValued) {
        const layout = JSON.stringify(a.subAttributes);
        cases.push(...filterCases(u, a, !shapes.has(layout)));
        shapes.add(layout);
      }
    }
    if (!u.core) cases.push(...extensionCases(u));
  }
  cases.push(...noPathCases(schemasOf(d, rt)));
  return cases;
}

/** No path: the value holds attributes, extensions as objects under their URN (Okta, Entra ID). */
function noPathCases(uses: SchemaUse[]): PatchCase[] {
  return (['add', 'replace'] as const).map((op) => ({
    name: `${op} (no path) every writable attribute`,
    build(before, ctx) {
      const doc = clone(before);
      const value: Doc = {};
      for (const u of uses) {
        const target: Doc = u.core ? value : (value[u.urn] = {});
        for (const a of (u.core ? [...u.attributes, ...COMMON] : u.attributes).filter(readWrite)) {
          target[a.name] = sample(a, ctx, VARIANT[op]);
          applyAttr(holder(doc, u), a, op, target[a.name]);
        }
      }
      return { operation: { op, value }, outcome: success(doc) };
    },
  }));
}

/**
 * A resource as a client compares it: no meta and no server-owned (readOnly) attributes, the
 * schemas and multi-valued attributes in a fixed order (RFC 7643 keeps no order), and `schemas`
 * listing exactly the extensions present.
 */
export function comparable(doc: Doc, d: Discovery, rt: ResourceTypeDoc): Doc {
  const out = clone(doc);
  const strip = (obj: Doc, attrs: Attr[]) => {
    for (const k of Object.keys(obj)) {
      // RFC 7643 2.5: an empty array is the same state as no attribute (servers may send either).
      if (Array.isArray(obj[k]) && obj[k].length === 0) {
        delete obj[k];
        continue;
      }
      const a = findAttr(attrs, k);
      if (!a) continue;
      if (a.mutability === 'readOnly') delete obj[k];
      else if (a.type === 'complex') {
        const items = (a.multiValued ? obj[k] : [obj[k]]) as Doc[];
        for (const item of items) strip(item, a.subAttributes ?? []);
        if (a.multiValued)
          obj[k] = items.slice().sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      }
    }
  };
  for (const u of schemasOf(d, rt)) {
    if (u.core) strip(out, [...u.attributes, ...COMMON]);
    else if (out[u.urn]) strip(out[u.urn] as Doc, u.attributes);
  }
  return out;
}

/** The `schemas` a resource must list: its core schema and the extensions it carries. */
export function withSchemas(doc: Doc, d: Discovery, rt: ResourceTypeDoc): Doc {
  const uses = schemasOf(d, rt);
  for (const u of uses)
    if (!u.core && doc[u.urn] && Object.keys(doc[u.urn]).length === 0) delete doc[u.urn];
  return { ...doc, schemas: uses.filter((u) => u.core || doc[u.urn]).map((u) => u.urn) };
}
