import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, PATCH_OP, q, start, user, USER, type Sandbox } from './helpers.js';

const CUSTOM = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';
let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'acme' }, { name: 'custom', customSchema: true, usersEndpoint: '/People' }],
  });
});
afterAll(async () => sb?.close());

describe('customSchema and usersEndpoint team options', () => {
  it('advertise the extension and the users path in /Schemas and /ResourceTypes', async () => {
    const call = api(sb.teams.custom!);
    const types = (await call('GET', '/ResourceTypes')).body.Resources as Array<
      Record<string, unknown>
    >;
    const userType = types.find((t) => t.id === 'User')!;
    expect(userType.endpoint).toBe('/People');
    expect(userType.schemaExtensions).toEqual([
      { schema: ENT, required: false },
      { schema: CUSTOM, required: false },
    ]);
    const schema = (await call('GET', `/Schemas/${CUSTOM}`)).body;
    expect(schema.attributes.map((a: { name: string }) => a.name)).toEqual([
      'region',
      'costObject',
      'contractor',
      'grade',
      'startDate',
    ]);
    const plain = (await api(sb.teams.acme!)('GET', '/Schemas')).body.Resources as Array<{
      id: string;
    }>;
    expect(plain.map((s) => s.id)).not.toContain(CUSTOM);
  });

  it('serves users at the advertised path only, with locations there, in Bulk too', async () => {
    const call = api(sb.teams.custom!);
    const created = await call('POST', '/People', user('p@example.com'));
    expect(created.status).toBe(201);
    expect(created.body.meta.location).toMatch(/\/People\/[^/]+$/);
    expect((await call('GET', '/Users')).status).toBe(404);
    expect((await call('GET', `/People/${created.body.id}`)).body.userName).toBe('p@example.com');
    const bulk = await call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [{ method: 'POST', path: '/People', bulkId: 'a', data: user('b@example.com') }],
    });
    expect(bulk.body.Operations[0].status).toBe('201');
  });

  it('round-trips custom attributes through create, PATCH by URN path, PUT and filters', async () => {
    const call = api(sb.teams.custom!);
    const ext = {
      region: 'EMEA',
      costObject: 'CO-17',
      contractor: true,
      grade: 7,
      startDate: '2026-01-05',
    };
    const u = await call('POST', '/People', { ...user('c@example.com'), [CUSTOM]: ext });
    expect(u.status).toBe(201);
    expect(u.body.schemas).toEqual([USER, CUSTOM]);
    expect(u.body[CUSTOM]).toEqual(ext);
    const patched = await call('PATCH', `/People/${u.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${CUSTOM}:grade`, value: 8 }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body[CUSTOM]).toEqual({ ...ext, grade: 8 });
    const found = await call('GET', `/People?filter=${q(`${CUSTOM}:region eq "emea"`)}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([u.body.id]);
    const { meta: _meta, ...doc } = patched.body;
    const put = await call('PUT', `/People/${u.body.id}`, { ...doc, [CUSTOM]: { region: 'APAC' } });
    expect(put.body[CUSTOM]).toEqual({ region: 'APAC' });
  });

  it('refuses wrongly typed or unknown custom attributes, and the URN on a team without it', async () => {
    const call = api(sb.teams.custom!);
    const bad = await call('POST', '/People', {
      ...user('d@example.com'),
      [CUSTOM]: { grade: 'seven' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/grade" must be an integer/);
    const unknown = await call('POST', '/People', {
      ...user('e@example.com'),
      [CUSTOM]: { shoe: 42 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/Unknown attribute "shoe"/);
    const date = await call('POST', '/People', {
      ...user('f@example.com'),
      [CUSTOM]: { startDate: 'soon' },
    });
    expect(date.status).toBe(400);
    const elsewhere = await api(sb.teams.acme!)('POST', '/Users', {
      ...user('g@example.com'),
      [CUSTOM]: { grade: 1 },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.detail).toMatch(/Unknown schema extension/);
  });
});
