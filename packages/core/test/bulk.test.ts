import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkStatus, chunkOperations } from '../src/index.js';
import { oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

let sb: Sandbox;
let client: ReturnType<typeof oauthClient>;
beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }] });
  client = oauthClient(sb.teams.acme!);
});
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

describe('client.bulk', () => {
  it('runs POST, PATCH and DELETE operations and reports each result', async () => {
    const a = uniqueName('bulk-a-');
    const res = await client.bulk([
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'a',
        data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: a },
      },
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'b',
        data: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: uniqueName('bulk-b-'),
        },
      },
    ]);
    expect(res.Operations.map(bulkStatus)).toEqual([201, 201]);
    const created = await client.users.getByUserName(a);
    expect(created).toBeDefined();
    const res2 = await client.bulk([
      {
        method: 'PATCH',
        path: `/Users/${created!.id}`,
        data: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'title', value: 'Bulked' }],
        },
      },
      { method: 'DELETE', path: '/Users/does-not-exist' },
    ]);
    expect(res2.Operations.map(bulkStatus)).toEqual([200, 404]);
    expect((await client.users.get(created!.id!)).title).toBe('Bulked');
  });

  it("chunks to the server's maxOperations", async () => {
    const caps = await client.discover();
    expect(caps.bulk.supported).toBe(true);
    const n = caps.bulk.maxOperations + 5;
    const before = client.log.length;
    const ops = Array.from({ length: n }, (_, i) => ({
      method: 'POST' as const,
      path: '/Users',
      bulkId: `c${i}`,
      data: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: uniqueName('chunk-'),
      },
    }));
    const res = await client.bulk(ops);
    expect(res.Operations).toHaveLength(n);
    expect(res.Operations.every((o) => bulkStatus(o) === 201)).toBe(true);
    const expected = chunkOperations(ops, caps.bulk.maxOperations, caps.bulk.maxPayloadSize).length;
    expect(expected).toBeGreaterThanOrEqual(2);
    expect(client.log.slice(before).filter((e) => e.path === '/Bulk')).toHaveLength(expected);
  });
});
