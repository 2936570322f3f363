import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, GROUP, PATCH_OP, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }, { name: 'nopatch', patch: false }] });
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

const patch = (id: string, ops: unknown[], type = 'Users') =>
  call('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: ops });

async function freshUser(extra: Record<string, unknown> = {}) {
  const n = `p${Math.random().toString(36).slice(2)}@example.com`;
  const res = await call(
    'POST',
    '/Users',
    user(n, {
      active: true,
      name: { givenName: 'Pat', familyName: 'Lee' },
      emails: [
        { value: n, type: 'work', primary: true },
        { value: `home-${n}`, type: 'home' },
      ],
      ...extra,
    }),
  );
  return res.body as { id: string; userName: string };
}

describe('PATCH users', () => {
  it('replaces, adds and removes with paths', async () => {
    const u = await freshUser();
    const r = await patch(u.id, [
      { op: 'replace', path: 'name.givenName', value: 'Patricia' },
      { op: 'add', path: 'title', value: 'Lead' },
      { op: 'add', path: 'emails', value: [{ value: 'extra@example.com', type: 'other' }] },
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'work2@example.com' },
    ]);
    expect(r.status, r.text).toBe(200);
    expect(r.body.name).toEqual({ givenName: 'Patricia', familyName: 'Lee' });
    expect(r.body.title).toBe('Lead');
    expect(r.body.emails.map((e: { value: string }) => e.value).sort()).toEqual([
      'extra@example.com',
      'work2@example.com',
    ]);
    expect(r.body.meta.version).toBe('W/"2"');
    expect((await patch(u.id, [{ op: 'remove', path: 'title' }])).body.title).toBeUndefined();
  });

  it('accepts the Entra ID form: capitalised op and string booleans', async () => {
    const u = await freshUser();
    const r = await patch(u.id, [{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(r.status, r.text).toBe(200);
    expect(r.body.active).toBe(false);
    const back = await patch(u.id, [{ op: 'Add', path: 'active', value: 'True' }]);
    expect(back.body.active).toBe(true);
  });

  it('accepts the Okta/Entra no-path form with an object value', async () => {
    const u = await freshUser();
    const r = await patch(u.id, [
      { op: 'replace', value: { active: false, displayName: 'Pat Lee', 'name.familyName': 'Li' } },
    ]);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      active: false,
      displayName: 'Pat Lee',
      name: { givenName: 'Pat', familyName: 'Li' },
    });
    const ent = await patch(u.id, [{ op: 'add', value: { [ENT]: { department: 'Finance' } } }]);
    expect(ent.body[ENT]).toEqual({ department: 'Finance' });
    expect(ent.body.schemas).toContain(ENT);
    const mgr = await patch(u.id, [
      { op: 'replace', path: `${ENT}:manager`, value: { value: 'boss-1' } },
    ]);
    expect(mgr.body[ENT].manager).toEqual({ value: 'boss-1' });
  });

  it('refuses read-only attributes with 400 mutability', async () => {
    const u = await freshUser();
    for (const op of [
      { op: 'replace', path: 'id', value: 'x' },
      { op: 'replace', path: 'meta.version', value: 'x' },
      { op: 'add', path: 'groups', value: [{ value: 'g' }] },
      { op: 'replace', value: { id: 'x' } },
    ]) {
      const r = await patch(u.id, [op]);
      expect(r.status).toBe(400);
      expect(r.body.scimType).toBe('mutability');
    }
  });

  it.each([
    ['no Operations', { schemas: [PATCH_OP] }, 'invalidSyntax'],
    [
      'a wrong op',
      { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'title', value: 'x' }] },
      'invalidSyntax',
    ],
    ['remove without path', { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] }, 'noTarget'],
    [
      'no-path value not an object',
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: 'x' }] },
      'invalidValue',
    ],
    [
      'a type error after patching',
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: 'maybe' }] },
      'invalidValue',
    ],
    [
      'userName removed',
      { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'userName' }] },
      'invalidValue',
    ],
    [
      'a malformed value filter',
      {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'emails[type xx]', value: 'x' }],
      },
      'invalidPath',
    ],
    [
      'an empty path segment',
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'name..givenName', value: 'x' }] },
      'invalidPath',
    ],
    [
      'the wrong schema',
      { schemas: ['urn:x'], Operations: [{ op: 'add', path: 'title', value: 'x' }] },
      'invalidSyntax',
    ],
  ])('answers %s with 400 %s', async (_, body, scimType) => {
    const u = await freshUser();
    const r = await call('PATCH', `/Users/${u.id}`, body);
    expect(r.status, r.text).toBe(400);
    expect(r.body.scimType).toBe(scimType);
    expect((await call('GET', `/Users/${u.id}`)).body.meta.version).toBe('W/"1"');
  });

  it('adds the element when a replace value filter matches nothing (what Entra ID expects)', async () => {
    const u = await freshUser();
    const r = await patch(u.id, [
      { op: 'replace', path: 'emails[type eq "fax"].value', value: 'fax@example.com' },
    ]);
    expect(r.status, r.text).toBe(200);
    expect(r.body.emails).toContainEqual({ type: 'fax', value: 'fax@example.com' });
  });

  it('treats a remove whose filter matches nothing as done (safe to retry)', async () => {
    const u = await freshUser();
    for (const path of ['phoneNumbers[type eq "fax"]', 'emails[type eq "fax"]']) {
      const r = await patch(u.id, [{ op: 'remove', path }]);
      expect(r.status, r.text).toBe(200);
      expect(r.body.emails).toHaveLength(2);
    }
  });

  it('keeps userName unique on PATCH', async () => {
    const a = await freshUser();
    const b = await freshUser();
    const r = await patch(b.id, [
      { op: 'replace', path: 'userName', value: a.userName.toUpperCase() },
    ]);
    expect(r.status).toBe(409);
  });

  it('answers 501 when the team does not support PATCH', async () => {
    const other = api(sb.teams.nopatch!);
    const u = (await other('POST', '/Users', user('np@example.com'))).body;
    const r = await other('PATCH', `/Users/${u.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'title', value: 'x' }],
    });
    expect(r.status).toBe(501);
  });
});

describe('PATCH group members', () => {
  it('adds, removes by filter, removes by value (Entra) and replaces members', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => freshUser()));
    const [u1, u2, u3, u4] = users.map((u) => u.id) as [string, string, string, string];
    const g = (await call('POST', '/Groups', { schemas: [GROUP], displayName: 'Patchers' })).body;
    const ids = async () =>
      ((await call('GET', `/Groups/${g.id}`)).body.members as Array<{ value: string }>)
        .map((m) => m.value)
        .sort();
    expect(
      (
        await patch(
          g.id,
          [{ op: 'add', path: 'members', value: [{ value: u1 }, { value: u2 }, { value: u3 }] }],
          'Groups',
        )
      ).status,
    ).toBe(200);
    expect(await ids()).toEqual([u1, u2, u3].sort());
    await patch(g.id, [{ op: 'remove', path: `members[value eq "${u1}"]` }], 'Groups');
    expect(await ids()).toEqual([u2, u3].sort());
    await patch(g.id, [{ op: 'Remove', path: 'members', value: [{ value: u2 }] }], 'Groups');
    expect(await ids()).toEqual([u3]);
    await patch(g.id, [{ op: 'replace', path: 'members', value: [{ value: u4 }] }], 'Groups');
    expect(await ids()).toEqual([u4]);
    const groupsOfU4 = (await call('GET', `/Users/${u4}`)).body.groups;
    expect(groupsOfU4).toEqual([expect.objectContaining({ value: g.id })]);
    const renamed = await patch(
      g.id,
      [{ op: 'replace', value: { displayName: 'Patchers 2' } }],
      'Groups',
    );
    expect(renamed.body.displayName).toBe('Patchers 2');
    const ghost = await patch(
      g.id,
      [{ op: 'add', path: 'members', value: [{ value: 'ghost' }] }],
      'Groups',
    );
    expect(ghost.body.scimType).toBe('invalidValue');
    await patch(g.id, [{ op: 'remove', path: 'members' }], 'Groups');
    expect(await ids()).toEqual([]);
  });
});
