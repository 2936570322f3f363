import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_GROUP_ATTRIBUTES,
  DEFAULT_USER_ATTRIBUTES,
  diffSnapshots,
  serializeSnapshot,
  snapshot,
  snapshotSize,
  type ChangeEvent,
  type ScimClient,
  type Snapshot,
  type TransportRequest,
} from '../src/index.js';
import {
  countingTransport,
  oauthClient,
  startSandbox,
  uniqueName,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
const clients: ScimClient[] = [];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'plain', maxResults: 200, sort: false, etag: false }],
    seed: { users: 40, groups: 3, seed: 7 },
  });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await sb?.close();
});

/** Records, besides method and path, how many resources each list response carried. */
function recordingTransport() {
  const inner = countingTransport();
  const listed: Array<{ path: string; query: string; resources: number }> = [];
  /**
   * Groups left out of `meta.lastModified` listings: a server that does not bump a group's
   * lastModified when a member is deleted, which the sandbox (rightly) does.
   */
  const staleGroups = new Set<string>();
  /** Set to act as a server that ignores filters on meta.lastModified (answers as unfiltered). */
  const mode = { ignoreLastModifiedFilter: false };
  const t = async (request: TransportRequest) => {
    let req = request;
    const asked = new URL(req.url);
    if (
      mode.ignoreLastModifiedFilter &&
      /lastModified/.test(asked.searchParams.get('filter') ?? '')
    ) {
      asked.searchParams.delete('filter');
      req = { ...req, url: asked.toString() };
    }
    let res = await inner(req);
    const url = new URL(req.url);
    if (req.method === 'GET' && /\/(Users|Groups)$/.test(url.pathname) && res.status === 200) {
      let body = JSON.parse(res.body) as { Resources?: Array<{ id?: string }> };
      if (
        url.pathname.endsWith('/Groups') &&
        /lastModified/.test(url.searchParams.get('filter') ?? '')
      ) {
        body = {
          ...body,
          Resources: (body.Resources ?? []).filter((g) => !staleGroups.has(g.id ?? '')),
        };
        res = { ...res, body: JSON.stringify(body) };
      }
      listed.push({
        path: url.pathname,
        query: url.searchParams.toString(),
        resources: body.Resources?.length ?? 0,
      });
    }
    return res;
  };
  return Object.assign(t, {
    calls: inner.calls,
    listed,
    staleGroups,
    mode,
    close: () => inner.close(),
  });
}

function clientFor(team: string) {
  const t = sb.teams[team];
  if (!t) throw new Error(`no team ${team}`);
  const transport = recordingTransport();
  const client = oauthClient(t, { transport });
  clients.push(client);
  return Object.assign(client, {
    calls: transport.calls,
    listed: transport.listed,
    staleGroups: transport.staleGroups,
    mode: transport.mode,
  });
}

async function changeScenario(client: ScimClient, takeBefore: () => Promise<Snapshot>) {
  const mk = (prefix: string, extra: Record<string, unknown> = {}) =>
    client.users.create({ userName: uniqueName(prefix), name: { givenName: prefix }, ...extra });
  const [alice, bob, carol, dave] = await Promise.all([
    mk('alice'),
    mk('bob'),
    mk('carol', { active: false }),
    mk('dave'),
  ]);
  const g1 = await client.groups.create({ displayName: uniqueName('g1'), members: [] });
  const g2 = await client.groups.create({ displayName: uniqueName('g2'), members: [] });
  const g3 = await client.groups.create({ displayName: uniqueName('g3'), members: [] });
  await client.groups.addMembers(g1.id!, [alice.id!, dave.id!]);
  await client.groups.addMembers(g3.id!, [bob.id!]);
  // Touched only through the deletion of its member dave.
  const g5 = await client.groups.create({ displayName: uniqueName('g5'), members: [] });
  await client.groups.addMembers(g5.id!, [dave.id!, carol.id!]);

  const before = await takeBefore();

  const erin = await mk('erin');
  await client.users.patch(alice.id!, [{ op: 'replace', path: 'title', value: 'Head of Ops' }]);
  await client.users.deactivate(bob.id!);
  await client.users.activate(carol.id!);
  await client.users.delete(dave.id!);
  const g4 = await client.groups.create({ displayName: uniqueName('g4'), members: [] });
  await client.groups.addMembers(g4.id!, [erin.id!]);
  await client.groups.patch(g2.id!, [
    { op: 'replace', path: 'displayName', value: uniqueName('g2-renamed') },
  ]);
  await client.groups.delete(g3.id!);
  await client.groups.addMembers(g1.id!, [bob.id!]);
  await client.groups.removeMembers(g1.id!, [alice.id!]);

  const renamed = await client.groups.get(g2.id!);
  const active = (id: string) => ({ active: true, id }) as const;
  const expected: ChangeEvent[] = [
    { type: 'user.created', ...active(erin.id!), userName: erin.userName },
    { type: 'user.updated', ...active(alice.id!), userName: alice.userName },
    { type: 'user.deactivated', id: bob.id!, userName: bob.userName, active: false },
    { type: 'user.reactivated', ...active(carol.id!), userName: carol.userName },
    { type: 'user.deleted', id: dave.id!, userName: dave.userName },
    { type: 'group.created', id: g4.id!, displayName: g4.displayName },
    { type: 'group.updated', id: g2.id!, displayName: renamed.displayName },
    { type: 'group.deleted', id: g3.id!, displayName: g3.displayName },
    { type: 'member.added', id: g1.id!, groupId: g1.id!, userId: bob.id! },
    { type: 'member.added', id: g4.id!, groupId: g4.id!, userId: erin.id! },
    { type: 'member.removed', id: g1.id!, groupId: g1.id!, userId: alice.id! },
    {
      type: 'member.removed',
      id: g1.id!,
      groupId: g1.id!,
      userId: dave.id!,
      cause: 'user.deleted',
    },
    {
      type: 'member.removed',
      id: g5.id!,
      groupId: g5.id!,
      userId: dave.id!,
      cause: 'user.deleted',
    },
  ];
  return { before, expected, g5: g5.id! };
}

function sortedLikeDiff(events: ChangeEvent[]): ChangeEvent[] {
  const types = [...new Set(events.map((e) => e.type))];
  return types.flatMap((t) =>
    events
      .filter((e) => e.type === t)
      .sort(
        (a, b) =>
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
          ('userId' in a && 'userId' in b ? (a.userId < b.userId ? -1 : 1) : 0),
      ),
  );
}

describe('snapshot + diffSnapshots against the sandbox', () => {
  for (const team of ['acme', 'plain']) {
    it(`${team}: a full snapshot after changes over HTTP diffs to exactly the expected events`, async () => {
      const client = clientFor(team);
      const { before, expected } = await changeScenario(client, () => snapshot(client));
      const after = await snapshot(client, { mode: 'full' });
      expect(before.mode).toBe('full');
      expect(diffSnapshots(before, after)).toEqual(sortedLikeDiff(expected));
    });
  }

  it('an incremental snapshot reads only what changed, finds deletions, and agrees with a full one', async () => {
    const client = clientFor('acme');
    const { before, expected } = await changeScenario(client, () =>
      snapshot(client, { overlapMs: 0 }),
    );
    expect(before.wm).toBeDefined();
    const mark = client.listed.length;
    const incremental = await snapshot(client, { previous: before });
    const listed = client.listed.slice(mark);
    const full = await snapshot(client, { mode: 'full' });
    expect(incremental.mode).toBe('incremental');
    expect(incremental.users).toEqual(full.users);
    expect(incremental.groups).toEqual(full.groups);
    expect(diffSnapshots(before, incremental)).toEqual(sortedLikeDiff(expected));
    // Changed resources came through a lastModified filter, deletions through id-only listings.
    const since = (path: string) =>
      listed.filter(
        (l) =>
          l.path.endsWith(path) &&
          /meta\.lastModified ge "/.test(new URLSearchParams(l.query).get('filter') ?? ''),
      );
    const idsOnly = listed.filter((l) => new URLSearchParams(l.query).get('attributes') === 'id');
    expect(since('/Users').length).toBeGreaterThan(0);
    expect(since('/Groups').length).toBeGreaterThan(0);
    expect(idsOnly.some((l) => l.path.endsWith('/Users'))).toBe(true);
    expect(idsOnly.some((l) => l.path.endsWith('/Groups'))).toBe(true);
    // Only the changed users were read in full (erin, alice, bob, carol), not the whole team.
    const fullyRead = since('/Users').reduce((n, l) => n + l.resources, 0);
    expect(fullyRead).toBeGreaterThanOrEqual(4);
    expect(fullyRead).toBeLessThan(10);
    expect(Object.keys(full.users).length).toBeGreaterThan(40);
  });

  it('incremental: drops members deleted with their user from groups the server did not mark as changed', async () => {
    const client = clientFor('acme');
    const { before, expected, g5 } = await changeScenario(client, () =>
      snapshot(client, { overlapMs: 0 }),
    );
    client.staleGroups.add(g5);
    const incremental = await snapshot(client, { previous: before });
    client.staleGroups.clear();
    expect(incremental.mode).toBe('incremental');
    expect(diffSnapshots(before, incremental)).toEqual(sortedLikeDiff(expected));
  });

  it('keeps a few dozen bytes per user and never full resources', async () => {
    const client = clientFor('acme');
    const named = await snapshot(client);
    const bare = await snapshot(client, { names: false });
    const users = Object.entries(named.users);
    expect(users.length).toBeGreaterThanOrEqual(40);
    for (const [id, entry] of Object.entries(bare.users)) {
      expect(entry).toMatch(/^[01]:[0-9a-z]{11}$/);
      expect(id.length).toBeLessThanOrEqual(64);
    }
    const perUser = (s: Snapshot) =>
      (snapshotSize(s) - snapshotSize({ ...s, users: {} })) / Object.keys(s.users).length;
    // id (a UUID is 36 characters) + active flag + 11-character hash + JSON punctuation.
    expect(perUser(bare)).toBeLessThanOrEqual(64);
    const longestName = Math.max(...users.map(([, e]) => e.length - 14));
    expect(perUser(named)).toBeLessThanOrEqual(64 + longestName);
    expect(snapshotSize(named)).toBe(Buffer.byteLength(serializeSnapshot(named)));
    expect(serializeSnapshot(named)).not.toMatch(/"emails"|"name"|"schemas"/);
  });

  it('asks the server for the fingerprinted attributes only', async () => {
    const client = clientFor('acme');
    const mark = client.calls.length;
    await snapshot(client);
    const lists = client.calls
      .slice(mark)
      .filter((c) => c.method === 'GET' && /\/(Users|Groups)$/.test(c.path));
    expect(lists.length).toBeGreaterThan(0);
    // Exactly what the fingerprints cover, and meta for the watermark: never whole resources.
    const wanted = (attrs: readonly string[]) => [...new Set([...attrs, 'meta'])].sort();
    for (const c of lists)
      expect(new URLSearchParams(c.query).get('attributes')?.split(',').sort(), c.path).toEqual(
        c.path.endsWith('/Users')
          ? wanted(DEFAULT_USER_ATTRIBUTES)
          : wanted(DEFAULT_GROUP_ATTRIBUTES),
      );
    expect(lists.some((c) => c.path.endsWith('/Groups'))).toBe(true);
  });

  it('falls back to a full snapshot when the previous one cannot be continued, and says why in incremental mode', async () => {
    const client = clientFor('acme');
    const named = await snapshot(client);
    const again = await snapshot(client, { previous: named, names: false });
    expect(again.mode).toBe('full');
    await expect(
      snapshot(client, { previous: named, names: false, mode: 'incremental' }),
    ).rejects.toThrow(/other attributes/);
    await expect(snapshot(client, { mode: 'incremental' })).rejects.toThrow(/needs `previous`/);
    const calls = client.calls.length;
    // @ts-expect-error a mode that does not exist, as plain JavaScript callers may pass
    await expect(snapshot(client, { mode: 'fast' })).rejects.toThrow(
      /"auto", "full" or "incremental", got "fast"/,
    );
    await expect(snapshot(client, { pageSize: 0 })).rejects.toThrow(
      /pageSize must be a whole number/,
    );
    await expect(snapshot(client, { overlapMs: -1 })).rejects.toThrow(/overlapMs must be/);
    expect(client.calls.length).toBe(calls);
    client.mode.ignoreLastModifiedFilter = true;
    const ignored = await snapshot(client, { previous: named });
    expect(ignored.mode).toBe('full');
    expect(ignored.users).toEqual(named.users);
    await expect(snapshot(client, { previous: named, mode: 'incremental' })).rejects.toThrow(
      /ignores a filter on meta.lastModified/,
    );
    client.mode.ignoreLastModifiedFilter = false;
    const noWatermark = { ...named };
    delete noWatermark.wm;
    await expect(snapshot(client, { previous: noWatermark, mode: 'incremental' })).rejects.toThrow(
      /no watermark/,
    );
  });
});
