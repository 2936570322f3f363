import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byDisplayName,
  byId,
  byUserName,
  group,
  json,
  oauthCredentials,
  run,
  user,
  type Sandbox,
} from './helpers';

/**
 * The node's operations against a server that stores the view of a write
 * (`?excludedAttributes=members` on a PATCH would empty the group), fills no `groups` on users
 * and refuses a filter on group members. The state is read back over plain HTTP after each step.
 */
let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
let stored: (path: string) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'odd', writeViewStored: true, userGroups: false, memberFilter: false }],
  });
  const team = sb.teams.odd!;
  credentials = oauthCredentials(team);
  stored = async (path) => {
    const res = await fetch(`${team.scimBaseUrl}${path}`, {
      headers: { authorization: `Bearer ${team.apiKey}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
});
afterAll(async () => sb?.close());

const memberIds = async (groupId: string) =>
  (((await stored(`/Groups/${groupId}`)).members ?? []) as Array<{ value: string }>)
    .map((m) => m.value)
    .sort();

describe('node operations on an odd server keep exactly the intended state', () => {
  it('user and group operations, members and offboarding', async () => {
    const ids: Record<string, string> = {};
    for (const n of ['ann', 'bob', 'cyd', 'dee']) {
      const [u] = json(
        await run({
          credentials,
          params: user('create', {
            userName: `${n}@example.com`,
            additionalFields: { givenName: n, familyName: 'Odd', title: 'Analyst' },
          }),
        }),
      );
      ids[n] = u!.id as string;
    }
    const [g] = json(
      await run({
        credentials,
        params: group('create', { displayName: 'Odd Team', additionalFields: {} }),
      }),
    );
    const gid = g!.id as string;
    await run({
      credentials,
      params: group('addMembers', {
        group: byDisplayName('Odd Team'),
        memberIdType: 'userName',
        members: 'ann@example.com, bob@example.com, cyd@example.com',
        batchSize: 1,
      }),
    });
    expect(await memberIds(gid)).toEqual([ids.ann, ids.bob, ids.cyd].sort());
    await run({
      credentials,
      params: group('removeMembers', { group: byId(gid), memberIdType: 'id', members: [ids.bob] }),
    });
    expect(await memberIds(gid)).toEqual([ids.ann, ids.cyd].sort());
    await run({
      credentials,
      params: group('setMembers', {
        group: byId(gid),
        memberIdType: 'userName',
        members: ['cyd@example.com', 'dee@example.com'],
      }),
    });
    expect(await memberIds(gid)).toEqual([ids.cyd, ids.dee].sort());
    await run({
      credentials,
      params: group('update', { group: byId(gid), updateFields: { displayName: 'Odd Team 2' } }),
    });
    expect((await stored(`/Groups/${gid}`)).displayName).toBe('Odd Team 2');
    expect(await memberIds(gid)).toEqual([ids.cyd, ids.dee].sort());

    await run({
      credentials,
      params: user('update', {
        user: byUserName('cyd@example.com'),
        updateFields: { title: 'Lead' },
      }),
    });
    await run({
      credentials,
      params: user('upsert', {
        userName: 'dee@example.com',
        additionalFields: { givenName: 'dee', title: 'Manager' },
      }),
    });
    await run({ credentials, params: user('deactivate', { user: byUserName('ann@example.com') }) });
    await run({ credentials, params: user('activate', { user: byUserName('ann@example.com') }) });
    expect(await stored(`/Users/${ids.cyd}`)).toMatchObject({
      title: 'Lead',
      name: { givenName: 'cyd' },
    });
    expect(await stored(`/Users/${ids.dee}`)).toMatchObject({ title: 'Manager' });
    expect(await stored(`/Users/${ids.ann}`)).toMatchObject({ title: 'Analyst', active: true });
    expect(await memberIds(gid)).toEqual([ids.cyd, ids.dee].sort());

    const groups = json(
      await run({
        credentials,
        params: user('getGroups', { user: byUserName('dee@example.com') }),
      }),
    );
    expect(groups.map((x) => x.id)).toEqual([gid]);
    const [off] = json(
      await run({ credentials, params: user('offboard', { user: byUserName('dee@example.com') }) }),
    );
    expect(off).toMatchObject({ active: false, groupsRemoved: 1 });
    expect(await memberIds(gid)).toEqual([ids.cyd]);
    expect((await stored(`/Users/${ids.dee}`)).active).toBe(false);

    await run({ credentials, params: user('delete', { user: byId(ids.cyd!) }) });
    expect(await memberIds(gid)).toEqual([]);
  });
});
