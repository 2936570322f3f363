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
  type Sandbox,
} from './helpers';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const userIds: Record<string, string> = {};

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }] });
  credentials = oauthCredentials(sb.teams.acme!);
  const names = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@example.com`);
  const created = json(
    await run({
      credentials,
      params: names.map((userName) => ({
        resource: 'user',
        operation: 'create',
        userName,
        additionalFields: {},
      })),
    }),
  );
  for (const u of created) userIds[u.userName as string] = u.id as string;
});
afterAll(async () => {
  await sb?.close();
});

describe('group operations through execute', () => {
  it('creates a group and finds it by display name, with and without members', async () => {
    const [g] = json(
      await run({
        credentials,
        params: group('create', {
          displayName: 'Analysts',
          additionalFields: { externalId: 'hr-17' },
        }),
      }),
    );
    expect(g).toMatchObject({ displayName: 'Analysts', externalId: 'hr-17' });
    const [found] = json(
      await run({
        credentials,
        params: group('get', { group: byDisplayName('Analysts'), includeMembers: false }),
      }),
    );
    expect(found!.id).toBe(g!.id);
    expect(found!.members).toBeUndefined();
  });

  it('adds many members by userName in batches, and lists them', async () => {
    const [res] = json(
      await run({
        credentials,
        params: group('addMembers', {
          group: byDisplayName('Analysts'),
          memberIdType: 'userName',
          members: 'a@example.com, b@example.com\nc@example.com',
          batchSize: 2,
        }),
      }),
    );
    // Two batches of at most 2; the core may carry them in one /Bulk request.
    expect(res).toMatchObject({ added: 3 });
    expect(res!.requests).toBeGreaterThanOrEqual(1);
    expect(res!.requests).toBeLessThanOrEqual(2);
    const members = json(
      await run({
        credentials,
        params: group('getMembers', { group: byDisplayName('Analysts'), returnAll: true }),
      }),
    );
    expect(members.map((m) => m.id).sort()).toEqual(
      [userIds['a@example.com'], userIds['b@example.com'], userIds['c@example.com']].sort(),
    );
    const limited = json(
      await run({
        credentials,
        params: group('getMembers', {
          group: byDisplayName('Analysts'),
          returnAll: false,
          limit: 1,
        }),
      }),
    );
    expect(limited).toHaveLength(1);
  });

  it('lists the groups of a user', async () => {
    const groups = json(
      await run({
        credentials,
        params: { resource: 'user', operation: 'getGroups', user: byUserName('a@example.com') },
      }),
    );
    expect(groups.map((g) => g.displayName)).toEqual(['Analysts']);
  });

  it('removes members by id', async () => {
    const [res] = json(
      await run({
        credentials,
        params: group('removeMembers', {
          group: byDisplayName('Analysts'),
          memberIdType: 'id',
          members: [userIds['a@example.com']],
        }),
      }),
    );
    expect(res).toMatchObject({ removed: 1 });
    const [g] = json(
      await run({
        credentials,
        params: group('get', { group: byDisplayName('Analysts'), includeMembers: true }),
      }),
    );
    expect(g!.memberCount).toBe(2);
  });

  it('sets the member list exactly (group sync), sending only the differences', async () => {
    const [res] = json(
      await run({
        credentials,
        params: group('setMembers', {
          group: byDisplayName('Analysts'),
          memberIdType: 'userName',
          members: ['c@example.com', 'd@example.com', 'e@example.com'],
        }),
      }),
    );
    expect(res).toMatchObject({ added: 2, removed: 1, memberCount: 3 });
    const members = json(
      await run({
        credentials,
        params: group('getMembers', { group: byDisplayName('Analysts'), returnAll: true }),
      }),
    );
    expect(members.map((m) => m.id).sort()).toEqual(
      ['c@example.com', 'd@example.com', 'e@example.com'].map((n) => userIds[n]).sort(),
    );
  });

  it('refuses unknown userNames, naming them all', async () => {
    await expect(
      run({
        credentials,
        params: group('addMembers', {
          group: byDisplayName('Analysts'),
          memberIdType: 'userName',
          members: 'x@example.com, y@example.com',
        }),
      }),
    ).rejects.toThrow('No user with userName "x@example.com", "y@example.com" in this team');
  });

  it('offboards a user: out of every group, then deactivated', async () => {
    await run({
      credentials,
      params: group('create', { displayName: 'Controllers', additionalFields: {} }),
    });
    await run({
      credentials,
      params: group('addMembers', {
        group: byDisplayName('Controllers'),
        memberIdType: 'userName',
        members: 'd@example.com',
      }),
    });
    const [res] = json(
      await run({
        credentials,
        params: {
          resource: 'user',
          operation: 'offboard',
          user: byUserName('d@example.com'),
          removeFromGroups: true,
          deactivateUser: true,
        },
      }),
    );
    expect(res).toMatchObject({ active: false, groupsRemoved: 2 });
    const groups = json(
      await run({
        credentials,
        params: { resource: 'user', operation: 'getGroups', user: byUserName('d@example.com') },
      }),
    );
    expect(groups).toEqual([]);
  });

  it('renames, lists with a prefix, and deletes', async () => {
    const [renamed] = json(
      await run({
        credentials,
        params: group('update', {
          group: byDisplayName('Controllers'),
          updateFields: { displayName: 'Controlling' },
        }),
      }),
    );
    expect(renamed!.displayName).toBe('Controlling');
    const listed = json(
      await run({
        credentials,
        params: group('getAll', { returnAll: true, nameStartsWith: 'Contr' }),
      }),
    );
    expect(listed.map((g) => g.displayName)).toEqual(['Controlling']);
    const [deleted] = json(
      await run({ credentials, params: group('delete', { group: byId(renamed!.id as string) }) }),
    );
    expect(deleted).toEqual({ id: renamed!.id, deleted: true });
  });

  it('explains a duplicate display name', async () => {
    await expect(
      run({
        credentials,
        params: group('create', { displayName: 'Analysts', additionalFields: {} }),
      }),
    ).rejects.toThrow(/displayName already exists/);
  });
});
