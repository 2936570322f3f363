import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '../src/index.js';
import { collect, oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

let sb: Sandbox;
let client: ReturnType<typeof oauthClient>;
let userIds: string[];

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 450, groups: 3, seed: 7 } });
  client = oauthClient(sb.teams.acme!);
  userIds = (await collect(client.users.list({ attributes: 'id' }))).map((u) => u.id!);
});
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

const patchesTo = (id: string, from: number) =>
  client.log.slice(from).filter((e) => e.method === 'PATCH' && e.path === `/Groups/${id}`).length;

describe('groups', () => {
  it('creates, gets, finds by displayName, replaces, patches and deletes', async () => {
    const name = uniqueName('Group');
    const g = await client.groups.create({ displayName: name });
    expect(g.id).toBeTruthy();
    expect((await client.groups.get(g.id!)).displayName).toBe(name);
    expect((await client.groups.getByDisplayName(name))?.id).toBe(g.id);
    expect(await client.groups.getByDisplayName(name + '-none')).toBeUndefined();
    const renamed = await client.groups.replace(
      g.id!,
      { displayName: `${name}-2` },
      { ifMatch: g.meta!.version! },
    );
    expect(renamed.displayName).toBe(`${name}-2`);
    const patched = await client.groups.patch(g.id!, [
      { op: 'replace', path: 'displayName', value: `${name}-3` },
    ]);
    expect(patched.displayName).toBe(`${name}-3`);
    await client.groups.delete(g.id!);
    await expect(client.groups.get(g.id!)).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('lists groups (all pages) and one page', async () => {
    const all = await collect(client.groups.list({ pageSize: 2 }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const page = await client.groups.listPage({ count: 1 });
    expect(page.Resources).toHaveLength(1);
    expect(page.totalResults).toBe(all.length);
  });

  it('adds members in batches of batchSize and pages them back', async () => {
    const g = await client.groups.create({ displayName: uniqueName('Big') });
    const before = client.log.length;
    const res = await client.groups.addMembers(g.id!, userIds.slice(0, 450), {
      batchSize: 100,
      bulk: false,
    });
    expect(res).toEqual({ changed: 450, requests: 5 });
    expect(patchesTo(g.id!, before)).toBe(5);
    // Asked for no body (Prefer: return=minimal): the answers do not repeat the member list.
    const statuses = client.log
      .slice(before)
      .filter((e) => e.method === 'PATCH' && e.path === `/Groups/${g.id}`)
      .map((e) => e.status);
    expect(statuses).toEqual([204, 204, 204, 204, 204]);
    const members = await collect(client.groups.members(g.id!));
    expect(new Set(members.map((m) => m.value))).toEqual(new Set(userIds.slice(0, 450)));
    // Re-adding is harmless.
    await client.groups.addMembers(g.id!, userIds.slice(0, 10));
    expect((await collect(client.groups.members(g.id!))).length).toBe(450);
  });

  it('sends the member batches through /Bulk when the server offers it', async () => {
    const g = await client.groups.create({ displayName: uniqueName('ViaBulk') });
    const before = client.log.length;
    const added = await client.groups.addMembers(g.id!, userIds, { batchSize: 50 });
    const bulkCalls = client.log.slice(before).filter((e) => e.path === '/Bulk').length;
    expect(bulkCalls).toBeGreaterThan(0);
    expect(added.requests).toBe(bulkCalls);
    expect(added.requests).toBeLessThan(Math.ceil(userIds.length / 50));
    expect(patchesTo(g.id!, before)).toBe(0);
    const removed = await client.groups.removeMembers(g.id!, userIds.slice(0, 200), {
      batchSize: 50,
    });
    expect(removed.changed).toBe(200);
    const left = (await collect(client.groups.members(g.id!))).map((m) => m.value);
    expect(new Set(left)).toEqual(new Set(userIds.slice(200)));
  });

  it('spreads many member batches over several /Bulk requests', async () => {
    const g = await client.groups.create({ displayName: uniqueName('BulkChunks') });
    const before = client.log.length;
    // 450 members in batches of 10 are 45 PATCH batches: at most 10 batches per /Bulk request.
    const added = await client.groups.addMembers(g.id!, userIds.slice(0, 450), { batchSize: 10 });
    const bulkCalls = client.log.slice(before).filter((e) => e.path === '/Bulk').length;
    expect(bulkCalls).toBe(5);
    expect(added).toEqual({ changed: 450, requests: 5 });
    expect(patchesTo(g.id!, before)).toBe(0);
    expect((await collect(client.groups.members(g.id!))).length).toBe(450);
  });

  it('removes members in batches', async () => {
    const g = await client.groups.create({ displayName: uniqueName('Shrink') });
    await client.groups.addMembers(g.id!, userIds.slice(0, 120));
    const before = client.log.length;
    const res = await client.groups.removeMembers(g.id!, userIds.slice(0, 70), {
      batchSize: 50,
      bulk: false,
    });
    expect(res.requests).toBe(2);
    expect(patchesTo(g.id!, before)).toBe(2);
    const left = (await collect(client.groups.members(g.id!))).map((m) => m.value);
    expect(new Set(left)).toEqual(new Set(userIds.slice(70, 120)));
  });

  it('replaces the member list with only the differences', async () => {
    const g = await client.groups.create({ displayName: uniqueName('Swap') });
    await client.groups.addMembers(g.id!, userIds.slice(0, 5));
    const res = await client.groups.replaceMembers(g.id!, userIds.slice(3, 8));
    expect(res).toEqual({ added: 3, removed: 3, collapsed: 0 });
    const now = (await collect(client.groups.members(g.id!))).map((m) => m.value).sort();
    expect(now).toEqual(userIds.slice(3, 8).sort());
  });

  it('names a duplicate displayName in the conflict hint', async () => {
    const name = uniqueName('Dup');
    await client.groups.create({ displayName: name });
    const err = await client.groups.create({ displayName: name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'conflict' });
    expect((err as ScimError).hint).toMatch(/group with this displayName/);
  });

  it('rejects bad member input before sending', async () => {
    await expect(client.groups.addMembers('g', [''])).rejects.toThrow(/non-empty/);
    await expect(client.groups.addMembers('g', ['a'], { batchSize: 0 })).rejects.toThrow(
      /batchSize/,
    );
    await expect(client.groups.create({ displayName: ' ' })).rejects.toThrow(/displayName/);
  });
});
