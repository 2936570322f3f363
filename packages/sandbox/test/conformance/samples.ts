import { isDeepStrictEqual } from 'node:util';
import {
  COMMON,
  findAttr,
  schemasOf,
  type Attr,
  type Discovery,
  type Doc,
  type ResourceTypeDoc,
} from './discover.js';

/**
 * Values of each declared type, built from the schema alone, and the comparison of what was sent
 * with what is served. Strings carry a tag unique to the resource so uniqueness rules hold.
 */

/** Existing resources a reference may point at, by resource type name (User, Group). */
export type Refs = Record<string, Array<{ id: string; location: string }>>;

export interface SampleCtx {
  tag: string;
  refs: Refs;
  /** Also fill readOnly attributes, with a marker the server must not store. */
  readOnly?: boolean;
}

export const READ_ONLY_MARK = 'client-sent-readonly';

/** A value for the attribute; `n` varies it, multi-valued attributes get elements n and n+1. */
export function sample(a: Attr, ctx: SampleCtx, n: number): unknown {
  return a.multiValued ? [one(a, ctx, n), one(a, ctx, n + 1)] : one(a, ctx, n);
}

function one(a: Attr, ctx: SampleCtx, n: number): unknown {
  if (a.mutability === 'readOnly' && a.type !== 'complex') return `${READ_ONLY_MARK}-${ctx.tag}`;
  switch (a.type) {
    case 'boolean':
      // RFC 7643 2.4: at most one element of a multi-valued attribute is primary.
      return a.name === 'primary' ? n === 0 : n % 2 === 0;
    case 'integer':
      return n + 1;
    case 'decimal':
      return n + 0.5;
    case 'dateTime':
      return new Date(Date.UTC(2024, 0, 1 + n)).toISOString();
    case 'binary':
      return Buffer.from(`${a.name}-${n}-${ctx.tag}`).toString('base64');
    case 'reference': {
      const types = (a.referenceTypes ?? []).filter((t) => ctx.refs[t]?.length);
      if (types.length === 0) return `https://example.com/${a.name}/${n}-${ctx.tag}`;
      const pool = ctx.refs[types[n % types.length]!]!;
      return pool[n % pool.length]!.location;
    }
    case 'complex':
      return complex(a, ctx, n);
    default:
      if (a.canonicalValues?.length) return a.canonicalValues[n % a.canonicalValues.length];
      return `${a.name}-${n}-${ctx.tag}`;
  }
}

/**
 * A complex value. When it has a `$ref` to resource types (RFC 7643 2.4), `value`, `$ref` and a
 * `type` with those canonical values all describe one existing resource, as a server checks.
 */
function complex(a: Attr, ctx: SampleCtx, n: number): Doc {
  const subs = (a.subAttributes ?? []).filter((s) => ctx.readOnly || s.mutability !== 'readOnly');
  const refTypes = (findAttr(subs, '$ref')?.referenceTypes ?? []).filter((t) => ctx.refs[t]);
  const target = refTypes.length ? refTypes[n % refTypes.length]! : undefined;
  const pool = target === undefined ? [] : ctx.refs[target]!;
  // Successive n walk through the types, then through the resources of each type.
  const ref = pool[Math.floor(n / Math.max(1, refTypes.length)) % Math.max(1, pool.length)];
  const out: Doc = {};
  for (const s of subs) {
    const linked = target !== undefined && ref !== undefined && s.mutability !== 'readOnly';
    if (linked && s.name === 'value') out[s.name] = ref.id;
    else if (linked && s.name === '$ref') out[s.name] = ref.location;
    else if (linked && s.name === 'type' && s.canonicalValues?.includes(target))
      out[s.name] = target;
    else out[s.name] = one(s, ctx, n);
  }
  return out;
}

/** A resource with every declared attribute of every schema of its type filled. */
export function fullResource(d: Discovery, rt: ResourceTypeDoc, ctx: SampleCtx, n = 0): Doc {
  const uses = schemasOf(d, rt);
  const body: Doc = { schemas: uses.map((u) => u.urn) };
  for (const u of uses) {
    const target: Doc = u.core ? body : (body[u.urn] = {});
    for (const a of u.core ? [...u.attributes, ...COMMON] : u.attributes)
      if (ctx.readOnly || a.mutability !== 'readOnly') target[a.name] = sample(a, ctx, n);
  }
  return body;
}

const same = (a: Attr, x: unknown, y: unknown) =>
  a.type === 'string' && !a.caseExact && typeof x === 'string' && typeof y === 'string'
    ? x.toLowerCase() === y.toLowerCase()
    : isDeepStrictEqual(x, y);

/**
 * What the served resource gets wrong about what was sent: writable values must come back
 * (complex ones may gain server-set sub-attributes), readOnly ones must not be what the client
 * sent, writeOnly and returned:never ones must not come back at all.
 */
export function echoProblems(sent: Doc, served: Doc | undefined, attrs: Attr[], at = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(sent)) {
    const a = findAttr(attrs, k);
    const where = at ? `${at}.${k}` : k;
    const got = served?.[a?.name ?? k];
    if (!a) continue;
    if (a.mutability === 'readOnly') {
      if (JSON.stringify(got ?? null).includes(READ_ONLY_MARK))
        out.push(`${where} is readOnly but the client's value was stored`);
    } else if (a.mutability === 'writeOnly' || a.returned === 'never') {
      if (got !== undefined) out.push(`${where} is ${a.mutability}/never but was served`);
    } else if (a.type === 'complex') {
      const sentItems = (a.multiValued ? v : [v]) as Doc[];
      const gotItems = (a.multiValued ? (got ?? []) : [got]) as Doc[];
      for (const item of sentItems) {
        const ok = gotItems.some(
          (g) => echoProblems(item, g, a.subAttributes ?? [], where).length === 0,
        );
        if (!ok) out.push(`${where}: sent ${JSON.stringify(item)}, served ${JSON.stringify(got)}`);
      }
    } else if (!same(a, v, got)) {
      out.push(`${where}: sent ${JSON.stringify(v)}, served ${JSON.stringify(got)}`);
    }
  }
  return out;
}
