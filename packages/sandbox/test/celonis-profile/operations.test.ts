import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP } from '../helpers.js';
import {
  api,
  BULK,
  CELONIS,
  celonisUser,
  email,
  startCelonis,
  USER,
  type Sandbox,
} from './helpers.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await startCelonis([{ name: 'acme' }]);
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

const ids = (list: Array<{ id?: string; value?: string }>) => list.map((x) => x.id ?? x.value);

describe('CELONIS-SCIM.md: operations', () => {
  it('discovery: GET ServiceProviderConfig, Schemas, Schemas/{urn}, ResourceTypes, ResourceTypes/{type}', async () => {
    expect((await call('GET', '/ServiceProviderConfig')).body.schemas).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
    ]);
    const schemas = await call('GET', '/Schemas');
    expect(ids(schemas.body.Resources)).toEqual(expect.arrayContaining([USER, CELONIS, GROUP]));
    expect((await call('GET', `/Schemas/${CELONIS}`)).body.id).toBe(CELONIS);
    expect(ids((await call('GET', '/ResourceTypes')).body.Resources)).toEqual(['User', 'Group']);
    expect((await call('GET', '/ResourceTypes/User')).body.endpoint).toBe('/Users');
  });

  it('Bulk: POST /Bulk runs the operations in sequence and stops after the first that fails (failOnErrors 1)', async () => {
    const [a, b] = [email('bulk'), email('bulk')];
    const ops = [
      { method: 'POST', path: '/Users', bulkId: 'a', data: celonisUser(a) },
      { method: 'POST', path: '/Users', bulkId: 'dup', data: celonisUser(a) },
      { method: 'POST', path: '/Users', bulkId: 'b', data: celonisUser(b) },
    ];
    for (const failOnErrors of [1, 5]) {
      const res = await call('POST', '/Bulk', { schemas: [BULK], failOnErrors, Operations: ops });
      expect(res.status).toBe(200);
      const statuses = res.body.Operations.map((o: { status: string }) => o.status);
      expect(statuses).toEqual(failOnErrors === 1 ? ['201', '400'] : ['400']);
    }
    const found = await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${b}"`)}`);
    expect(found.body.totalResults).toBe(0);
    // In sequence: a reference to a bulkId created later is not waited for.
    const forward = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g',
          data: { schemas: [GROUP], displayName: `G ${b}`, members: [{ value: 'bulkId:late' }] },
        },
        { method: 'POST', path: '/Users', bulkId: 'late', data: celonisUser(b) },
      ],
    });
    expect(forward.body.Operations.map((o: { status: string }) => o.status)).toEqual(['409']);
  });

  it('Users: GET /Users/{id} (attributes / excludedAttributes), PUT, DELETE (204), search via GET /Users and POST /Users/.search, POST /Users', async () => {
    const name = email('ops');
    const created = await call('POST', '/Users', celonisUser(name, { displayName: 'Ops' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const only = await call('GET', `/Users/${id}?attributes=userName`);
    expect(Object.keys(only.body).sort()).toEqual(['id', 'schemas', 'userName']);
    const without = await call('GET', `/Users/${id}?excludedAttributes=displayName`);
    expect(without.body.displayName).toBeUndefined();
    expect(without.body.userName).toBe(name);
    const { meta: _m, ...doc } = created.body;
    expect(
      (await call('PUT', `/Users/${id}`, { ...doc, displayName: 'Renamed' })).body.displayName,
    ).toBe('Renamed');
    const filter = `userName eq "${name}"`;
    expect(
      ids((await call('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body.Resources),
    ).toEqual([id]);
    const searched = await call('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter,
    });
    expect(ids(searched.body.Resources)).toEqual([id]);
    const deleted = await call('DELETE', `/Users/${id}`);
    expect([deleted.status, deleted.text]).toEqual([204, '']);
  });

  it('no PATCH on /Users/{id} is listed: it is answered as an endpoint that does not exist', async () => {
    const id = (await call('POST', '/Users', celonisUser(email('patch')))).body.id as string;
    const patch = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    };
    const res = await call('PATCH', `/Users/${id}`, patch);
    const missing = await call('PATCH', `/Nothing/${id}`, patch);
    expect(res.status).toBe(404);
    expect(res.status).toBe(missing.status);
    expect(res.body.errorCode).toBe(missing.body.errorCode);
    expect(res.body.detail).toBe(missing.body.detail.replace('/Nothing/', '/Users/'));
    expect((await call('GET', `/Users/${id}`)).body.active).toBeUndefined();
  });

  it('Groups: group memberships can only be managed via the Group resource', async () => {
    const [u1, u2] = await Promise.all([
      call('POST', '/Users', celonisUser(email('gm'))),
      call('POST', '/Users', celonisUser(email('gm'))),
    ]);
    const g = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: `Members ${u1.body.id}`,
      members: [{ value: u1.body.id }],
    });
    expect(g.status).toBe(201);
    const patched = await call('PATCH', `/Groups/${g.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: u2.body.id }] }],
    });
    expect(patched.status).toBe(200);
    expect(ids(patched.body.members)).toEqual([u1.body.id, u2.body.id]);
    const put = await call('PUT', `/Groups/${g.body.id}`, {
      schemas: [GROUP],
      displayName: g.body.displayName,
      members: [{ value: u2.body.id }],
    });
    expect(ids(put.body.members)).toEqual([u2.body.id]);
    expect((await call('GET', `/Users/${u1.body.id}`)).body.groups).toBeUndefined();
    expect(ids((await call('GET', `/Users/${u2.body.id}`)).body.groups)).toEqual([g.body.id]);
    expect((await call('DELETE', `/Groups/${g.body.id}`)).status).toBe(204);
  });

  it("a user's groups attribute is read-only", async () => {
    const g = await call('POST', '/Groups', { schemas: [GROUP], displayName: `RO ${email()}` });
    const schema = (await call('GET', `/Schemas/${USER}`)).body;
    const groups = schema.attributes.find((a: { name: string }) => a.name === 'groups');
    expect(groups.mutability).toBe('readOnly');
    const created = await call(
      'POST',
      '/Users',
      celonisUser(email('ro'), { groups: [{ value: g.body.id }] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.groups).toBeUndefined();
    const { meta: _m, ...doc } = created.body;
    const put = await call('PUT', `/Users/${created.body.id}`, {
      ...doc,
      groups: [{ value: g.body.id }],
    });
    expect(put.status).toBe(200);
    expect(put.body.groups).toBeUndefined();
    expect((await call('GET', `/Groups/${g.body.id}`)).body.members).toEqual([]);
  });
});
