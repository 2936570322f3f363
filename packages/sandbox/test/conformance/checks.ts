import { expect } from 'vitest';
import { PATCH_OP } from '../helpers.js';
import type { Reply } from './http.js';
import {
  COMMON,
  schemasOf,
  servedProblems,
  type Attr,
  type Call,
  type Discovery,
  type Doc,
  type ResourceTypeDoc,
  type SchemaUse,
} from './discover.js';
import { comparable, filterKey, filterOn, withSchemas, type PatchCase } from './patch-forms.js';
import { echoProblems, fullResource, sample, type Refs, type SampleCtx } from './samples.js';

/** The checks of the derived suite, each one request sequence against one resource type. */

let counter = 0;
export const tag = () => `c${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A resource with only its required attributes, to be pointed at by references. */
async function minimal(call: Call, d: Discovery, rt: ResourceTypeDoc): Promise<Doc> {
  const ctx: SampleCtx = { tag: tag(), refs: {} };
  const body: Doc = { schemas: [rt.schema] };
  for (const a of schemasOf(d, rt)[0]!.attributes.filter((x) => x.required))
    body[a.name] = sample(a, ctx, 0);
  const res = await call('POST', rt.endpoint, body);
  if (res.status !== 201) throw new Error(`creating a ${rt.name}: ${res.status} ${res.text}`);
  return res.body as Doc;
}

/** Four resources of every type, for references (members, manager) to point at. */
export async function makeRefs(call: Call, d: Discovery): Promise<Refs> {
  const refs: Refs = {};
  for (const rt of d.types) {
    refs[rt.name] = [];
    for (let i = 0; i < 4; i++) {
      const r = await minimal(call, d, rt);
      refs[rt.name]!.push({ id: r.id as string, location: r.meta.location as string });
    }
  }
  return refs;
}

export async function create(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
  readOnly = false,
): Promise<{ sent: Doc; served: Doc; status: number; text: string }> {
  const sent = fullResource(d, rt, { tag: tag(), refs, readOnly });
  const res = await call('POST', rt.endpoint, sent);
  return { sent, served: res.body as Doc, status: res.status, text: res.text };
}

/** Problems of a served resource against what was sent and what the schemas declare. */
export function problems(sent: Doc, served: Doc, d: Discovery, rt: ResourceTypeDoc): string[] {
  const out = servedProblems(served, rt, d);
  for (const u of schemasOf(d, rt)) {
    if (u.core) out.push(...echoProblems(sent, served, [...u.attributes, ...COMMON]));
    else if (sent[u.urn])
      out.push(
        ...echoProblems(sent[u.urn] as Doc, served[u.urn] as Doc | undefined, u.attributes, u.urn),
      );
  }
  return out;
}

const get = async (call: Call, rt: ResourceTypeDoc, id: string, query = '') =>
  (await call('GET', `${rt.endpoint}/${id}${query}`)).body as Doc;

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * An error answer as a client reads it: the status must match; a SCIM error body (RFC 7644
 * 3.12) must carry the expected scimType, any other body (a server's own error shape) must at
 * least say what went wrong in a non-empty `detail`.
 */
export function expectError(res: Reply, status: number, scimType: string | undefined, at: string) {
  expect(res.status, at).toBe(status);
  const body = (res.body ?? {}) as Doc;
  if (Array.isArray(body.schemas) && body.schemas.includes(SCIM_ERROR)) {
    if (scimType) expect(body.scimType, at).toBe(scimType);
  } else {
    expect(typeof body.detail === 'string' && body.detail.trim().length > 0, at).toBe(true);
  }
}

/** Whether a resource type takes PATCH, or the status it refuses every PATCH with. */
export type PatchSupport = { offered: true } | { offered: false; status: number };
const NOT_OFFERED = [404, 405, 501];
const learned = new WeakMap<ResourceTypeDoc, Promise<PatchSupport>>();

/**
 * Learns once per resource type, as a client would, whether it takes PATCH: a PATCH of a freshly
 * created resource answered 404, 405 or 501 while a GET of it answers 200 means PATCH is not
 * offered there (a server may take PATCH on some types only, whatever ServiceProviderConfig says
 * for the whole server). Every PATCH case of that type then expects that same refusal.
 */
export function patchSupport(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
): Promise<PatchSupport> {
  let known = learned.get(rt);
  if (!known) {
    known = (async () => {
      const made = await create(call, d, rt, refs);
      if (made.status !== 201)
        throw new Error(`creating a ${rt.name}: ${made.status} ${made.text}`);
      const id = made.served.id as string;
      const res = await call('PATCH', `${rt.endpoint}/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'externalId', value: tag() }],
      });
      const read = await call('GET', `${rt.endpoint}/${id}`);
      if (NOT_OFFERED.includes(res.status) && read.status === 200)
        return { offered: false, status: res.status };
      return { offered: true };
    })();
    learned.set(rt, known);
  }
  return known;
}

/**
 * Runs one PATCH form and compares what is then served with the RFC's result. The add, replace
 * and remove of one path form run in that order on one resource (`states` holds it as last read),
 * so each starts from what the previous one left; a failure starts the next on a fresh resource.
 */
export async function runPatchCase(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
  c: PatchCase,
  states: Map<string, Doc>,
): Promise<void> {
  const form = c.name.slice(c.name.indexOf(' ') + 1);
  let before = states.get(form);
  states.delete(form);
  if (!before) {
    const made = await create(call, d, rt, refs);
    expect(made.status, made.text).toBe(201);
    before = made.served;
  }
  const { operation, outcome } = c.build(before, { tag: tag(), refs });
  const support = await patchSupport(call, d, rt, refs);
  const res = await call('PATCH', `${rt.endpoint}/${before.id}`, {
    schemas: [PATCH_OP],
    Operations: [operation],
  });
  const after = await get(call, rt, before.id as string);
  const norm = (doc: Doc) => comparable(doc, d, rt);
  const request = `PATCH ${JSON.stringify(operation)} answered ${res.status} ${res.text}`;
  if (!support.offered) {
    expect(res.status, `${request}; PATCH of a ${rt.name} was refused so`).toBe(support.status);
    expect(norm(after), 'a refused PATCH changes nothing').toEqual(norm(before));
  } else if ('status' in outcome) {
    expectError(res, outcome.status, outcome.scimType, request);
    expect(norm(after), 'a refused PATCH changes nothing').toEqual(norm(before));
  } else {
    expect(res.status, request).toBe(200);
    expect(norm(after), request).toEqual(norm(withSchemas(outcome.doc, d, rt)));
    expect(norm(res.body as Doc), 'the PATCH answer is the resource as then read').toEqual(
      norm(after),
    );
    expect(servedProblems(after, rt, d), request).toEqual([]);
  }
  states.set(form, after);
}

/** A declared attribute with its PATCH/attributes path and, for sub-attributes, its parent. */
export interface Located {
  path: string;
  use: SchemaUse;
  attr: Attr;
  parent?: Attr;
}

/** Every attribute and sub-attribute a resource type declares, common attributes included. */
export function located(d: Discovery, rt: ResourceTypeDoc): Located[] {
  const out: Located[] = [];
  for (const u of schemasOf(d, rt)) {
    const prefix = u.core ? '' : `${u.urn}:`;
    for (const a of u.core ? [...u.attributes, ...COMMON] : u.attributes) {
      out.push({ path: `${prefix}${a.name}`, use: u, attr: a });
      for (const s of a.subAttributes ?? [])
        out.push({ path: `${prefix}${a.name}.${s.name}`, use: u, attr: s, parent: a });
    }
  }
  return out;
}

/**
 * A write that must be refused with 400 mutability: any write to a readOnly attribute, a change
 * of an immutable one that has a value.
 */
export async function runMutabilityCase(
  call: Call,
  d: Discovery,
  rt: ResourceTypeDoc,
  refs: Refs,
  l: Located,
): Promise<void> {
  const made = await create(call, d, rt, refs);
  expect(made.status, made.text).toBe(201);
  const before = made.served;
  let path = l.path;
  const key = l.parent?.multiValued ? filterKey(l.parent) : undefined;
  if (l.attr.mutability === 'immutable' && key) {
    path = `${filterOn(before, l.use, l.parent!, key).path}.${l.attr.name}`;
  }
  const value = sample({ ...l.attr, mutability: 'readWrite' }, { tag: tag(), refs }, 3);
  const support = await patchSupport(call, d, rt, refs);
  const res = await call('PATCH', `${rt.endpoint}/${before.id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'replace', path, value }],
  });
  const request = `PATCH replace ${path} answered ${res.status} ${res.text}`;
  if (!support.offered) expect(res.status, request).toBe(support.status);
  else expectError(res, 400, 'mutability', request);
  const after = await get(call, rt, before.id as string);
  expect(comparable(after, d, rt)).toEqual(comparable(before, d, rt));
}

/** RFC 7644 3.4.2.5 and RFC 7643 7 `returned` on one top-level attribute of a full resource. */
export async function runReturnedCase(
  call: Call,
  rt: ResourceTypeDoc,
  served: Doc,
  l: Located,
): Promise<void> {
  const id = served.id as string;
  const has = (doc: Doc) =>
    (l.use.core ? doc : (doc[l.use.urn] as Doc | undefined))?.[l.attr.name] !== undefined;
  const q = (k: string, v: string) => `?${k}=${encodeURIComponent(v)}`;
  const other = l.path === 'id' ? 'meta' : 'id';
  switch (l.attr.returned) {
    case 'never':
      expect(has(await get(call, rt, id)), 'returned never, default view').toBe(false);
      expect(has(await get(call, rt, id, q('attributes', l.path))), 'even when asked').toBe(false);
      break;
    case 'request':
      expect(has(await get(call, rt, id)), 'returned request: not by default').toBe(false);
      expect(has(await get(call, rt, id, q('attributes', l.path))), 'but when asked').toBe(true);
      break;
    case 'always':
      expect(has(await get(call, rt, id, q('attributes', other))), 'returned always').toBe(true);
      expect(has(await get(call, rt, id, q('excludedAttributes', l.path)))).toBe(true);
      break;
    default:
      if (l.attr.mutability !== 'readOnly' || has(served))
        expect(has(await get(call, rt, id)), 'returned default: served by default').toBe(true);
      expect(has(await get(call, rt, id, q('excludedAttributes', l.path))), 'unless excluded').toBe(
        false,
      );
  }
}
