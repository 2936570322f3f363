import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, GROUP, q, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'acme', maxResults: 25 }],
    seed: { users: 60, groups: 3, seed: 7 },
  });
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

describe('discovery', () => {
  it('advertises the team profile in ServiceProviderConfig', async () => {
    const res = await call('GET', '/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(res.body).toMatchObject({
      filter: { supported: true, maxResults: 25 },
      sort: { supported: true },
      etag: { supported: true },
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      changePassword: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
  });

  it('lists schemas and resource types, and serves each by id', async () => {
    const schemas = await call('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      ENT,
      GROUP,
    ]);
    expect((await call('GET', `/Schemas/${ENT}`)).body.name).toBe('EnterpriseUser');
    const types = await call('GET', '/ResourceTypes');
    expect(types.body.totalResults).toBe(2);
    expect((await call('GET', '/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    expect((await call('GET', '/ResourceTypes/Nope')).status).toBe(404);
  });
});

describe('users', () => {
  it('creates, reads, replaces and deletes a user with meta and ETag', async () => {
    const created = await call(
      'POST',
      '/Users',
      user('new.hire@example.com', { active: true, [ENT]: { department: 'Ops' } }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${sb.teams.acme!.scimBaseUrl}/Users/${id}`);
    expect(created.headers.get('etag')).toBe(created.body.meta.version);
    expect(created.body.meta).toMatchObject({ resourceType: 'User', version: 'W/"1"' });
    expect(created.body.schemas).toContain(ENT);
    const got = await call('GET', `/Users/${id}`);
    expect(got.body.userName).toBe('new.hire@example.com');
    const put = await call(
      'PUT',
      `/Users/${id}`,
      user('new.hire@example.com', { active: false, title: 'Clerk' }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ active: false, title: 'Clerk', meta: { version: 'W/"2"' } });
    expect(put.body[ENT]).toBeUndefined();
    expect(Date.parse(put.body.meta.lastModified)).toBeGreaterThanOrEqual(
      Date.parse(put.body.meta.created),
    );
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
    const gone = await call('GET', `/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('ignores read-only id, meta and groups and never returns a password', async () => {
    const res = await call(
      'POST',
      '/Users',
      user('ro@example.com', {
        id: 'mine',
        meta: { version: 'x' },
        groups: [{ value: 'g' }],
        password: 'S3cret!',
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe('mine');
    expect(res.body.groups).toBeUndefined();
    expect(res.text).not.toContain('S3cret');
  });

  it('refuses a second userName that differs only in case with 409 uniqueness', async () => {
    expect((await call('POST', '/Users', user('Unique.Person@example.com'))).status).toBe(201);
    const dup = await call('POST', '/Users', user('unique.person@EXAMPLE.com'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const other = await call('POST', '/Users', user('other.person@example.com'));
    const clash = await call('PUT', `/Users/${other.body.id}`, user('UNIQUE.person@example.com'));
    expect(clash.status).toBe(409);
  });

  it.each([
    ['not JSON', '{"userName": ', 'invalidSyntax'],
    ['an array', [], 'invalidSyntax'],
    [
      'missing userName',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
      'invalidValue',
    ],
    ['empty userName', user(''), 'invalidValue'],
    ['userName a number', user(42 as unknown as string), 'invalidValue'],
    ['active a string', user('x1@example.com', { active: 'yes' }), 'invalidValue'],
    ['emails an object', user('x2@example.com', { emails: { value: 'a' } }), 'invalidValue'],
    ['name a string', user('x3@example.com', { name: 'Jane' }), 'invalidValue'],
    ['schemas a string', { schemas: 'x', userName: 'x4@example.com' }, 'invalidValue'],
    ['the Group schema', { schemas: [GROUP], userName: 'x5@example.com' }, 'invalidValue'],
    ['manager a string', user('x6@example.com', { [ENT]: { manager: 'boss' } }), 'invalidValue'],
  ])('answers a body with %s with 400 %s', async (_, body, scimType) => {
    const res = await call('POST', '/Users', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType });
    expect(res.body.detail.length).toBeGreaterThan(10);
  });

  it('answers unknown ids, endpoints and methods with SCIM errors', async () => {
    expect((await call('GET', '/Users/nope')).status).toBe(404);
    expect((await call('PUT', '/Users/nope', user('n@example.com'))).status).toBe(404);
    expect((await call('DELETE', '/Users/nope')).status).toBe(404);
    expect((await call('GET', '/Widgets')).status).toBe(404);
    const m = await call('DELETE', '/Users');
    expect(m.status).toBe(405);
    expect(m.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });
});

describe('ETag and If-Match', () => {
  it('honours If-Match on PUT, PATCH and DELETE with 412 on mismatch', async () => {
    const c = await call('POST', '/Users', user('etag@example.com'));
    const id = c.body.id as string;
    const v1 = c.headers.get('etag')!;
    const stale = await call('PUT', `/Users/${id}`, user('etag@example.com', { title: 'A' }), {
      'If-Match': 'W/"99"',
    });
    expect(stale.status).toBe(412);
    const ok = await call('PUT', `/Users/${id}`, user('etag@example.com', { title: 'A' }), {
      'If-Match': v1,
    });
    expect(ok.status).toBe(200);
    const v2 = ok.headers.get('etag')!;
    expect(v2).not.toBe(v1);
    const patchStale = await call(
      'PATCH',
      `/Users/${id}`,
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: 'B' }],
      },
      { 'If-Match': v1 },
    );
    expect(patchStale.status).toBe(412);
    expect((await call('DELETE', `/Users/${id}`, undefined, { 'If-Match': v1 })).status).toBe(412);
    expect((await call('DELETE', `/Users/${id}`, undefined, { 'If-Match': '*' })).status).toBe(204);
  });

  it('leaves out versions and ignores If-Match when the team has etag off', async () => {
    const sb2 = await start({ teams: [{ name: 'plain', etag: false }] });
    try {
      const c2 = api(sb2.teams.plain!);
      const c = await c2('POST', '/Users', user('p@example.com'));
      expect(c.headers.get('etag')).toBeNull();
      expect(c.body.meta.version).toBeUndefined();
      expect(
        (await c2('DELETE', `/Users/${c.body.id}`, undefined, { 'If-Match': 'W/"nope"' })).status,
      ).toBe(204);
    } finally {
      await sb2.close();
    }
  });
});

describe('groups', () => {
  it('creates a group with members, shows it on the user and drops deleted users from it', async () => {
    const u1 = (await call('POST', '/Users', user('m1@example.com', { displayName: 'Member One' })))
      .body;
    const u2 = (await call('POST', '/Users', user('m2@example.com'))).body;
    const g = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Reviewers',
      members: [{ value: u1.id }, { value: u2.id }],
    });
    expect(g.status).toBe(201);
    expect(g.body.members).toEqual([
      {
        value: u1.id,
        display: 'Member One',
        type: 'User',
        $ref: `${sb.teams.acme!.scimBaseUrl}/Users/${u1.id}`,
      },
      {
        value: u2.id,
        display: 'm2@example.com',
        type: 'User',
        $ref: `${sb.teams.acme!.scimBaseUrl}/Users/${u2.id}`,
      },
    ]);
    const withGroups = await call('GET', `/Users/${u1.id}`);
    expect(withGroups.body.groups).toEqual([
      expect.objectContaining({ value: g.body.id, display: 'Reviewers' }),
    ]);
    expect((await call('DELETE', `/Users/${u2.id}`)).status).toBe(204);
    const after = await call('GET', `/Groups/${g.body.id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([u1.id]);
    const put = await call('PUT', `/Groups/${g.body.id}`, {
      schemas: [GROUP],
      displayName: 'Reviewers 2',
      members: [],
    });
    expect(put.body).toMatchObject({ displayName: 'Reviewers 2', members: [] });
    expect((await call('GET', `/Users/${u1.id}`)).body.groups).toBeUndefined();
    expect((await call('DELETE', `/Groups/${g.body.id}`)).status).toBe(204);
  });

  it('refuses unknown members, missing displayName and duplicate names', async () => {
    const bad = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'X',
      members: [{ value: 'ghost' }],
    });
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await call('POST', '/Groups', { schemas: [GROUP] })).body.scimType).toBe(
      'invalidValue',
    );
    expect((await call('POST', '/Groups', { schemas: [GROUP], displayName: 'Dup' })).status).toBe(
      201,
    );
    expect(
      (await call('POST', '/Groups', { schemas: [GROUP], displayName: 'dup' })).body.scimType,
    ).toBe('uniqueness');
  });
});

describe('listing', () => {
  const ids = (r: { body: { Resources: Array<{ id: string }> } }) =>
    r.body.Resources.map((x) => x.id);

  it('pages 1-based and caps count at maxResults', async () => {
    const total = (await call('GET', '/Users?count=0')).body.totalResults as number;
    const first = await call('GET', '/Users?startIndex=1&count=10');
    expect(first.body).toMatchObject({ totalResults: total, startIndex: 1, itemsPerPage: 10 });
    const second = await call('GET', '/Users?startIndex=11&count=10');
    expect(ids(second).some((id: string) => ids(first).includes(id))).toBe(false);
    const capped = await call('GET', '/Users?count=1000');
    expect(capped.body.itemsPerPage).toBe(25);
    const zero = await call('GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const past = await call('GET', `/Users?startIndex=${total + 5}`);
    expect(past.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const below = await call('GET', '/Users?startIndex=-3&count=10');
    expect(ids(below)).toEqual(ids(first));
    expect((await call('GET', '/Users?count=abc')).body.scimType).toBe('invalidValue');
  });

  it('walks every user exactly once across pages', async () => {
    const total = (await call('GET', '/Users?count=0')).body.totalResults as number;
    const seen = new Set<string>();
    for (let start = 1; start <= total; start += 25) {
      for (const id of ids(await call('GET', `/Users?startIndex=${start}&count=25`))) seen.add(id);
    }
    expect(seen.size).toBe(total);
  });

  it('sorts by indexed and by other attributes, both orders', async () => {
    const asc = await call('GET', '/Users?sortBy=userName&count=25');
    const names = asc.body.Resources.map((r: { userName: string }) => r.userName.toLowerCase());
    expect(names).toEqual([...names].sort());
    const desc = await call(
      'GET',
      '/Users?sortBy=name.familyName&sortOrder=descending&count=25&filter=name.familyName%20pr',
    );
    const fam = desc.body.Resources.map((r: { name: { familyName: string } }) =>
      r.name.familyName.toLowerCase(),
    );
    expect(fam).toEqual([...fam].sort().reverse());
    expect((await call('GET', '/Users?sortBy=userName&sortOrder=sideways')).body.scimType).toBe(
      'invalidValue',
    );
  });

  it('applies attributes and excludedAttributes', async () => {
    const only = await call('GET', `/Users?count=3&attributes=${q('userName,name.givenName')}`);
    expect(only.body.Resources).toHaveLength(3);
    for (const r of only.body.Resources) {
      expect(Object.keys(r).sort()).toEqual(['id', 'name', 'schemas', 'userName']);
      expect(Object.keys(r.name)).toEqual(['givenName']);
    }
    const ext = await call('GET', `/Users?count=3&attributes=${q(`${ENT}:department`)}`);
    expect(Object.keys(ext.body.Resources[0][ENT])).toEqual(['department']);
    const without = await call('GET', `/Users?count=3&excludedAttributes=${q('emails,meta,id')}`);
    expect(without.body.Resources).toHaveLength(3);
    for (const r of without.body.Resources) {
      expect(r.emails).toBeUndefined();
      expect(r.meta).toBeUndefined();
      expect(r.id).toBeDefined();
    }
    const g = await call('GET', '/Groups?excludedAttributes=members&count=1');
    expect(g.body.Resources[0].members).toBeUndefined();
  });

  it('searches with POST /.search on a type and at the root', async () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'active eq false',
      attributes: ['userName', 'active'],
      count: 5,
    };
    const res = await call('POST', '/Users/.search', body);
    expect(res.status).toBe(200);
    expect(res.body.Resources.length).toBeGreaterThan(0);
    expect(res.body.Resources.every((r: { active: boolean }) => r.active === false)).toBe(true);
    const viaGet = await call('GET', `/Users?filter=${q('active eq false')}&count=0`);
    expect(res.body.totalResults).toBe(viaGet.body.totalResults);
    const root = await call('POST', '/.search', {
      schemas: body.schemas,
      filter: 'meta.resourceType eq "Group"',
    });
    expect(root.body.totalResults).toBeGreaterThanOrEqual(3);
    expect(
      root.body.Resources.every(
        (r: { meta: { resourceType: string } }) => r.meta.resourceType === 'Group',
      ),
    ).toBe(true);
    expect((await call('POST', '/Users/.search', 'nope')).body.scimType).toBe('invalidSyntax');
  });

  it('seeds realistic users deterministically', async () => {
    const again = await start({
      teams: [{ name: 'acme' }],
      seed: { users: 60, groups: 3, seed: 7 },
    });
    try {
      const a = await call('GET', '/Users?count=5');
      const b = await api(again.teams.acme!)('GET', '/Users?count=5');
      expect(ids(b)).toEqual(ids(a));
      const all = await api(again.teams.acme!)('GET', '/Users?count=100');
      const inactive = all.body.Resources.filter((u: { active: boolean }) => !u.active).length;
      expect(inactive).toBeGreaterThan(0);
      expect(inactive).toBeLessThan(20);
      const u = all.body.Resources[1];
      expect(u.emails[0].value).toBe(u.userName);
      expect(u[ENT]).toMatchObject({
        department: expect.any(String),
        employeeNumber: expect.any(String),
      });
    } finally {
      await again.close();
    }
  });
});
