import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { create, expectError, problems, tag, type Located } from './checks.js';
import type { Call, Discovery, Doc, ResourceTypeDoc } from './discover.js';
import { comparable } from './patch-forms.js';
import { fullResource, sample, type Refs } from './samples.js';

/**
 * PUT (RFC 7644 3.5.1) against what /Schemas declares: a replacement keeps the immutable
 * attributes as they were created (RFC 7643 7: set on create, never changed), and a replacement
 * that changes one is refused.
 */

/**
 * The immutable attributes a PUT can be seen to change: top-level ones and sub-attributes of a
 * single-valued complex. A sub-attribute of a multi-valued one (a group member's `value`) belongs
 * to an element a PUT adds or removes as a whole; the PATCH mutability checks cover those.
 */
export const putGuarded = (all: Located[]) =>
  all.filter((l) => l.attr.mutability === 'immutable' && !l.parent?.multiValued);

/** The object holding an attribute of `l` in a resource (the resource, an extension, a complex). */
function holderOf(doc: Doc, l: Located): Doc | undefined {
  const base = (l.use.core ? doc : doc[l.use.urn]) as Doc | undefined;
  return l.parent ? (base?.[l.parent.name] as Doc | undefined) : base;
}

/** `sent` with every immutable value the created resource has copied from `served`. */
function keepImmutable(sent: Doc, served: Doc, guarded: Located[]): Doc {
  for (const l of guarded) {
    const was = holderOf(served, l)?.[l.attr.name] as unknown;
    const target = holderOf(sent, l);
    if (was !== undefined && target) target[l.attr.name] = structuredClone(was);
  }
  return sent;
}

/** A full replacement of a created resource, every value new except the immutable ones. */
function replacement(d: Discovery, rt: ResourceTypeDoc, refs: Refs, served: Doc, all: Located[]) {
  return keepImmutable(
    fullResource(d, rt, { tag: tag(), refs, readOnly: true }, 2),
    served,
    putGuarded(all),
  );
}

export async function runPutCase(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
  all: Located[],
): Promise<void> {
  const made = await create(call, d, rt, refs);
  expect(made.status, made.text).toBe(201);
  const sent = replacement(d, rt, refs, made.served, all);
  const res = await call('PUT', `${rt.endpoint}/${made.served.id}`, sent);
  expect(res.status, res.text).toBe(200);
  expect(problems(sent, res.body as Doc, d, rt)).toEqual([]);
}

/** A value for `l` unlike the one the resource has (canonical values repeat with the variant). */
function changed(l: Located, refs: Refs, was: unknown): unknown {
  const ctx = { tag: tag(), refs };
  for (let n = 3; n < 20; n++) {
    const v = sample(l.attr, ctx, n);
    if (!isDeepStrictEqual(v, was)) return v;
  }
  throw new Error(`no value of ${l.path} differs from ${JSON.stringify(was)}`);
}

/** A PUT that changes one immutable attribute: 400 mutability, and the resource as it was. */
export async function runImmutablePutCase(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
  all: Located[],
  l: Located,
): Promise<void> {
  const made = await create(call, d, rt, refs);
  expect(made.status, made.text).toBe(201);
  const before = made.served;
  const was = holderOf(before, l)?.[l.attr.name] as unknown;
  expect(was, `${l.path} was sent on create, so it has a value to keep`).toBeDefined();
  const sent = replacement(d, rt, refs, before, all);
  holderOf(sent, l)![l.attr.name] = changed(l, refs, was);
  const res = await call('PUT', `${rt.endpoint}/${before.id}`, sent);
  expectError(res, 400, 'mutability', `PUT changing ${l.path} answered ${res.status} ${res.text}`);
  const after = (await call('GET', `${rt.endpoint}/${before.id}`)).body as Doc;
  expect(comparable(after, d, rt), 'a refused PUT changes nothing').toEqual(
    comparable(before, d, rt),
  );
}
