import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, snapshot, type ScimClient } from '../src/index.js';
import { oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

/**
 * Readings of RFC 7644 that independent servers take and our sandbox can act out: no `groups`
 * on users, no filter on group members, no sub-attribute of `meta` in `attributes`. An operation
 * must either do its job on such a server or say it could not; never report "nothing there".
 */
let sb: Sandbox;
let odd: ScimClient & { log: Array<{ method: string; path: string; status?: number }> };

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'odd', userGroups: false, memberFilter: false, metaSubAttributes: false }],
    seed: { users: 12, groups: 2, seed: 5 },
  });
  odd = oauthClient(sb.teams.odd!);
});
afterAll(async () => {
  await odd?.close();
  await sb?.close();
});

describe('a server without user groups, member filters or meta sub-attributes', () => {
  it('groupsOf finds every group of a user by reading the groups, and none for a non-member', async () => {
    const u = await odd.users.create({ userName: uniqueName('member') });
    const other = await odd.users.create({ userName: uniqueName('loner') });
    const [g1, g2, g3] = await Promise.all(
      ['One', 'Two', 'Empty'].map((n) => odd.groups.create({ displayName: uniqueName(n) })),
    );
    await odd.groups.addMembers(g1!.id!, [u.id!, other.id!]);
    await odd.groups.addMembers(g2!.id!, [u.id!]);
    expect(g3!.members ?? []).toEqual([]);
    expect((await odd.users.get(u.id!)).groups).toBeUndefined();
    const before = odd.log.length;
    const ids = (await odd.users.groupsOf(u.id!)).map((g) => g.id).sort();
    expect(ids).toEqual([g1!.id, g2!.id].sort());
    // The member filter was tried and refused (400); the answer came from listing the groups.
    const tried = odd.log.slice(before);
    expect(tried.some((e) => e.path === '/Groups' && e.status === 400)).toBe(true);
    expect(tried.some((e) => e.path === '/Groups' && e.status === 200)).toBe(true);
    const lonely = await odd.users.create({ userName: uniqueName('none') });
    expect(await odd.users.groupsOf(lonely.id!)).toEqual([]);
    expect((await odd.users.groupsOf(other.id!)).map((g) => g.id)).toEqual([g1!.id]);
  });

  it('snapshots and diffs the team (it asks for meta whole)', async () => {
    const first = await snapshot(odd);
    const u = await odd.users.create({ userName: uniqueName('snap') });
    await odd.users.deactivate(u.id!);
    const second = await snapshot(odd, { previous: first });
    const events = diffSnapshots(first, second).map((e) => `${e.type}:${e.id}`);
    expect(events).toContain(`user.created:${u.id}`);
    expect(odd.log.filter((e) => e.status === 400 && e.path === '/Users')).toEqual([]);
  });
});
