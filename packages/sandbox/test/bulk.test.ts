import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, PATCH_OP, start, user, USER, type Sandbox } from './helpers.js';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }, { name: 'nobulk', bulk: false }] });
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

describe('POST /Bulk', () => {
  it('runs operations in order and resolves bulkId references in data and paths', async () => {
    const res = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        // The group refers to a user created later in the request.
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g1',
          data: {
            schemas: [GROUP],
            displayName: 'Bulk G',
            members: [{ type: 'User', value: 'bulkId:u1' }],
          },
        },
        { method: 'POST', path: '/Users', bulkId: 'u1', data: user('bulk1@example.com') },
        {
          method: 'PATCH',
          path: '/Users/bulkId:u1',
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'title', value: 'Bulk' }],
          },
        },
        { method: 'POST', path: '/Users', bulkId: 'u2', data: user('bulk2@example.com') },
        { method: 'DELETE', path: '/Users/bulkId:u2' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const ops = res.body.Operations as Array<{
      method: string;
      status: string;
      bulkId?: string;
      location?: string;
      version?: string;
    }>;
    expect(ops.map((o) => o.status)).toEqual(['201', '201', '200', '201', '204']);
    expect(ops[4]!.location).toMatch(/\/Users\/[0-9a-f-]{36}$/);
    const u1 = ops.find((o) => o.bulkId === 'u1')!;
    expect(u1.location).toMatch(/\/Users\//);
    expect(u1.version).toBe('W/"1"');
    const userId = u1.location!.split('/').pop()!;
    const g = ops.find((o) => o.bulkId === 'g1')!;
    const group = await call('GET', `/Groups/${g.location!.split('/').pop()}`);
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);
    expect((await call('GET', `/Users/${userId}`)).body.title).toBe('Bulk');
  });

  it('stops after failOnErrors errors and reports each failure', async () => {
    const res = await call('POST', '/Bulk', {
      schemas: [BULK],
      failOnErrors: 1,
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER] } },
        { method: 'POST', path: '/Users', bulkId: 'b', data: user('never@example.com') },
      ],
    });
    expect(res.body.Operations).toHaveLength(1);
    expect(res.body.Operations[0]).toMatchObject({
      status: '400',
      response: { scimType: 'invalidValue' },
    });
    const check = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "never@example.com"')}`,
    );
    expect(check.body.totalResults).toBe(0);
    const all = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'x', data: user('dupe@example.com') },
        { method: 'POST', path: '/Users', bulkId: 'y', data: user('DUPE@example.com') },
        { method: 'DELETE', path: '/Users/missing' },
        {
          method: 'PATCH',
          path: '/Users/bulkId:nope',
          data: { schemas: [PATCH_OP], Operations: [] },
        },
      ],
    });
    expect(all.body.Operations.map((o: { status: string }) => o.status)).toEqual([
      '201',
      '409',
      '404',
      '409',
    ]);
  });

  it('refuses malformed requests and too many operations', async () => {
    expect((await call('POST', '/Bulk', { schemas: [BULK] })).body.scimType).toBe('invalidSyntax');
    const bad = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [{ method: 'GET', path: '/Users' }],
    });
    expect(bad.status).toBe(400);
    const noId = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [{ method: 'POST', path: '/Users', data: user('z@example.com') }],
    });
    expect(noId.body.scimType).toBe('invalidValue');
    const many = Array.from({ length: 1001 }, (_, i) => ({
      method: 'DELETE',
      path: `/Users/x${i}`,
    }));
    const tooMany = await call('POST', '/Bulk', { schemas: [BULK], Operations: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toMatch(/maxOperations/);
    const big = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'big',
          data: user('big@example.com', { title: 'x'.repeat(1_100_000) }),
        },
      ],
    });
    expect(big.status).toBe(413);
  });

  it('answers 501 when the team has bulk off', async () => {
    const res = await api(sb.teams.nobulk!)('POST', '/Bulk', { schemas: [BULK], Operations: [] });
    expect(res.status).toBe(501);
  });
});
