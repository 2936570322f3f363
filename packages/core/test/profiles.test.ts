import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport, type TransportRequest } from '../src/node.js';
import {
  collect,
  countingTransport,
  oauthClient,
  startSandbox,
  uniqueName,
  type Sandbox,
} from './helpers.js';

// A second server profile: page cap 200, no sorting, no ETags; and one without PATCH or bulk.
let sb: Sandbox;
let globex: ReturnType<typeof oauthClient>;
let initech: ReturnType<typeof oauthClient>;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'globex', maxResults: 200, sort: false, etag: false },
      { name: 'initech', patch: false, bulk: false },
    ],
    seed: { users: 450, groups: 2, seed: 3 },
  });
  globex = oauthClient(sb.teams.globex!);
  initech = oauthClient(sb.teams.initech!);
});
afterAll(async () => {
  await globex?.close();
  await initech?.close();
  await sb?.close();
});

describe('server profile: maxResults 200, no sort, no ETags', () => {
  it('discovers the profile once', async () => {
    const caps = await globex.discover();
    expect(caps).toMatchObject({ maxResults: 200, sort: false, etag: false, patch: true });
    await globex.discover();
    expect(globex.log.filter((e) => e.path === '/ServiceProviderConfig')).toHaveLength(1);
  });

  it('caps the page size to 200 and reads every user', async () => {
    const before = globex.log.length;
    const all = await collect(globex.users.list({ pageSize: 1000 }));
    expect(all).toHaveLength(450);
    expect(new Set(all.map((u) => u.id)).size).toBe(450);
    expect(globex.log.slice(before).filter((e) => e.path === '/Users')).toHaveLength(3);
    const page = await globex.users.listPage({ count: 500 });
    expect(page.Resources).toHaveLength(200);
  });

  it('drops sortBy, and sorts locally only when asked', async () => {
    // The sandbox ignores sortBy where sort is off: only the requests show it was dropped.
    const transport = countingTransport();
    const c = oauthClient(sb.teams.globex!, { transport });
    const unsorted = await collect(c.users.list({ sortBy: 'userName' }));
    expect(unsorted).toHaveLength(450);
    const lists = transport.calls.filter((r) => r.method === 'GET' && r.path.endsWith('/Users'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.filter((r) => /sortBy|sortOrder/.test(r.query))).toEqual([]);
    await c.close();
    await transport.close();
    const sorted = await collect(globex.users.list({ sortBy: 'userName', clientSort: true }));
    const names = sorted.map((u) => u.userName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('leaves If-Match out, so writes succeed without ETags', async () => {
    // The sandbox ignores If-Match where etag is off: only the requests show it was left out.
    const inner = createUndiciTransport({ proxy: false });
    const sent: TransportRequest[] = [];
    const c = oauthClient(sb.teams.globex!, {
      transport: (req) => {
        sent.push(req);
        return inner(req);
      },
    });
    const u = await c.users.create({ userName: uniqueName() });
    const r = await c.users.replace(u.id!, { ...u, title: 'T' }, { ifMatch: 'W/"stale"' });
    expect(r.title).toBe('T');
    await c.users.delete(u.id!, { ifMatch: 'W/"stale"' });
    const writes = sent.filter((q) => q.method === 'PUT' || q.method === 'DELETE');
    expect(writes.map((q) => q.method)).toEqual(['PUT', 'DELETE']);
    expect(writes.filter((q) => Object.keys(q.headers).some((h) => /^if-match$/i.test(h)))).toEqual(
      [],
    );
    await c.close();
    await inner.close();
  });
});

describe('server profile: no PATCH, no bulk', () => {
  it('adds and removes members with read-modify-write PUT', async () => {
    expect(await initech.discover()).toMatchObject({ patch: false, bulk: { supported: false } });
    const ids = (await collect(initech.users.list({ attributes: 'id' })))
      .slice(0, 30)
      .map((u) => u.id!);
    const g = await initech.groups.create({ displayName: uniqueName('NoPatch') });
    await initech.groups.addMembers(g.id!, ids);
    await initech.groups.removeMembers(g.id!, ids.slice(0, 10));
    const left = (await collect(initech.groups.members(g.id!))).map((m) => m.value).sort();
    expect(left).toEqual(ids.slice(10).sort());
    expect(initech.log.some((e) => e.method === 'PATCH')).toBe(false);
  });

  it('deactivates with PUT and refuses a raw PATCH with a clear error', async () => {
    const u = await initech.users.create({ userName: uniqueName() });
    expect((await initech.users.deactivate(u.id!)).active).toBe(false);
    await expect(
      initech.users.patch(u.id!, [{ op: 'replace', path: 'title', value: 'x' }]),
    ).rejects.toThrow(/does not support PATCH/);
  });

  it('provisions one by one when bulk is not offered', async () => {
    const results = await initech.users.provision([
      { userName: uniqueName() },
      { userName: uniqueName() },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(initech.log.some((e) => e.path === '/Bulk')).toBe(false);
    await expect(initech.bulk([{ method: 'DELETE', path: '/Users/x' }])).rejects.toThrow(
      /does not support bulk/,
    );
  });
});
