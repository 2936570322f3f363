import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, GROUP, PATCH_OP, start, user } from './helpers.js';
import {
  create,
  located,
  makeRefs,
  patchSupport,
  problems,
  runMutabilityCase,
  runPatchCase,
  runReturnedCase,
  tag,
} from './conformance/checks.js';
import { discover, servedProblems, type Doc } from './conformance/discover.js';
import { client } from './conformance/http.js';
import { patchCases } from './conformance/patch-forms.js';
import { putGuarded, runImmutablePutCase, runPutCase } from './conformance/put-checks.js';
import { PROFILES } from './conformance/profiles.js';
import type { Refs } from './conformance/samples.js';

// One sandbox, one team per profile; the checks of each profile are derived from what its own
// /Schemas and /ResourceTypes serve, so they are known before the tests are collected.
const sb = await start({ teams: PROFILES.map((p) => ({ name: p.name, ...p.options })) });
afterAll(() => sb.close());
const clients = PROFILES.map((p) => client(sb.teams[p.name]!));
afterAll(() => clients.forEach((c) => c.close()));
const profiles = await Promise.all(
  PROFILES.map(async (p, i) => {
    const { call } = clients[i]!;
    return [p.name, { call, d: await discover(call, sb.teams[p.name]!.scimBaseUrl) }] as const;
  }),
);

describe('defects an independent SCIM checker found (issue 25)', () => {
  const call = api(sb.teams.default!);
  const patch = (path: string, id: string, ops: unknown[]) =>
    call('PATCH', `${path}/${id}`, { schemas: [PATCH_OP], Operations: ops });
  const newUser = async (extra: Record<string, unknown> = {}) =>
    (await call('POST', '/Users', user(`${tag()}@example.com`, extra))).body as Doc;

  it('declares the referenceTypes of the enterprise manager.$ref', async () => {
    const s = (await call('GET', `/Schemas/${ENT}`)).body as Doc;
    const manager = s.attributes.find((a: Doc) => a.name === 'manager');
    const ref = manager.subAttributes.find((a: Doc) => a.name === '$ref');
    expect(ref.referenceTypes).toEqual(['User']);
  });

  it('declares every sub-attribute of the groups users are served with', async () => {
    const u = await newUser();
    const g = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: tag(),
      members: [{ value: u.id }],
    });
    expect(g.status, g.text).toBe(201);
    const served = (await call('GET', `/Users/${u.id}`)).body as Doc;
    const s = (await call('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
    const groups = s.attributes.find((a: Doc) => a.name === 'groups');
    const declared = groups.subAttributes.map((a: Doc) => a.name);
    expect(Object.keys(served.groups[0]).every((k) => declared.includes(k))).toBe(true);
    expect(declared).toEqual(expect.arrayContaining(['value', 'display', 'type', '$ref']));
  });

  it('adds and replaces extension attributes with a path that is the bare extension URN', async () => {
    const manager = await newUser();
    const u = await newUser({ [ENT]: { costCenter: 'CC-1', department: 'Ops' } });
    const add = await patch('/Users', u.id, [
      { op: 'add', path: ENT, value: { department: 'Sales', manager: { value: manager.id } } },
    ]);
    expect(add.status, add.text).toBe(200);
    const replace = await patch('/Users', u.id, [
      { op: 'replace', path: ENT, value: { employeeNumber: '42' } },
    ]);
    expect(replace.status, replace.text).toBe(200);
    const served = (await call('GET', `/Users/${u.id}`)).body as Doc;
    expect(served[ENT]).toEqual({
      costCenter: 'CC-1',
      department: 'Sales',
      employeeNumber: '42',
      manager: { value: manager.id },
    });
    expect(served['urn:ietf:params:scim:schemas:extension:enterprise:2.0']).toBeUndefined();
    expect(servedProblems(served, profiles[0]![1].d.types[0]!, profiles[0]![1].d)).toEqual([]);
  });

  it('removes the whole extension, and its URN from schemas, for a bare extension URN path', async () => {
    const u = await newUser({ [ENT]: { department: 'Ops' } });
    const r = await patch('/Users', u.id, [{ op: 'remove', path: ENT }]);
    expect(r.status, r.text).toBe(200);
    const served = (await call('GET', `/Users/${u.id}`)).body as Doc;
    expect(served[ENT]).toBeUndefined();
    expect(served.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });

  it('refuses an extension URN this team does not have instead of storing it', async () => {
    const u = await newUser();
    const r = await patch('/Users', u.id, [
      {
        op: 'add',
        path: 'urn:example:params:scim:schemas:extension:acme:2.0:User:badge',
        value: 'x',
      },
    ]);
    expect(r.status, r.text).toBe(400);
    expect(r.body.scimType).toBe('invalidPath');
  });

  it('keeps the member type the client sent and refuses one that contradicts the member', async () => {
    const u = await newUser();
    const inner = await call('POST', '/Groups', { schemas: [GROUP], displayName: tag() });
    const ok = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: tag(),
      members: [
        { value: u.id, type: 'User' },
        { value: inner.body.id, type: 'Group' },
      ],
    });
    expect(ok.status, ok.text).toBe(201);
    const types = Object.fromEntries(ok.body.members.map((m: Doc) => [m.value, m.type]));
    expect(types).toEqual({ [u.id]: 'User', [inner.body.id]: 'Group' });
    const wrong = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: tag(),
      members: [{ value: u.id, type: 'Group' }],
    });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.body.detail).toContain('is a User, not a Group');
  });

  it('refuses to rewrite the immutable type of a member in place', async () => {
    const u = await newUser();
    const g = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: tag(),
      members: [{ value: u.id, type: 'User' }],
    });
    const r = await patch('/Groups', g.body.id, [
      { op: 'replace', path: `members[value eq "${u.id}"].type`, value: 'Group' },
    ]);
    expect(r.status, r.text).toBe(400);
    expect(r.body.scimType).toBe('mutability');
  });
});

describe.each(profiles)('conformance of profile %s', (_name, { call, d }) => {
  let refs: Refs = {};
  beforeAll(async () => {
    refs = await makeRefs(call, d);
  });

  it('declares referenceTypes on every reference and sub-attributes on every complex', () => {
    for (const rt of d.types)
      for (const l of located(d, rt)) {
        if (l.attr.type === 'reference')
          expect(l.attr.referenceTypes?.length, `${rt.name} ${l.path}`).toBeGreaterThan(0);
        if (l.attr.type === 'complex' && l.attr.name !== 'meta')
          expect(l.attr.subAttributes?.length, `${rt.name} ${l.path}`).toBeGreaterThan(0);
      }
  });

  // RFC 7644 3.12: an operation the server does not support is 501; a type without PATCH (a
  // route that does not exist for it) is learned per type by patchSupport.
  it('takes PATCH on some resource type exactly when ServiceProviderConfig says patch.supported', async () => {
    const support = await Promise.all(d.types.map((rt) => patchSupport(call, d, rt, refs)));
    if (d.patch) expect(support.some((s) => s.offered)).toBe(true);
    else expect(support).toEqual(d.types.map(() => ({ offered: false, status: 501 })));
  });

  describe.each(d.types.map((rt) => [rt.name, rt] as const))('%s', (_type, rt) => {
    it('stores every declared attribute sent on create, except readOnly ones', async () => {
      const made = await create(call, d, rt, refs, true);
      expect(made.status, made.text).toBe(201);
      expect(problems(made.sent, made.served, d, rt)).toEqual([]);
      const read = (await call('GET', `${rt.endpoint}/${made.served.id}`)).body as Doc;
      expect(problems(made.sent, read, d, rt)).toEqual([]);
    });

    const all = located(d, rt);
    it('replaces every declared attribute on PUT, except readOnly ones and immutable ones', async () =>
      runPutCase(call, d, rt, refs, all));

    const immutable = putGuarded(all);
    if (immutable.length > 0)
      it.each(immutable.map((l) => [l.path, l] as const))(
        'PUT that changes the immutable %s is refused and changes nothing',
        async (_p, l) => runImmutablePutCase(call, d, rt, refs, all, l),
      );

    it('serves only declared attributes, of their declared types, in lists', async () => {
      const res = await call('GET', `${rt.endpoint}?count=1000`);
      expect(res.status, res.text).toBe(200);
      for (const r of res.body.Resources as Doc[]) expect(servedProblems(r, rt, d)).toEqual([]);
    });

    const topLevel = located(d, rt).filter((l) => !l.parent);
    let full: Doc = {};
    beforeAll(async () => {
      full = (await create(call, d, rt, refs)).served;
    });
    it.each(topLevel.map((l) => [l.path, l.attr.returned, l] as const))(
      'returns %s as its "returned: %s" says',
      async (_p, _r, l) => runReturnedCase(call, rt, full, l),
    );

    const guarded = located(d, rt).filter(
      (l) => l.attr.mutability === 'readOnly' || l.attr.mutability === 'immutable',
    );
    it.each(guarded.map((l) => [l.attr.mutability, l.path, l] as const))(
      'refuses PATCH of %s %s with 400 mutability',
      async (_m, _p, l) => runMutabilityCase(call, d, rt, refs, l),
    );

    const states = new Map<string, Doc>();
    it.each(patchCases(d, rt).map((c) => [c.name, c] as const))(
      'PATCH %s round-trips',
      async (_n, c) => runPatchCase(call, d, rt, refs, c, states),
    );
  });
});
