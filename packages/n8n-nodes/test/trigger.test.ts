import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScimTrigger } from '../nodes/CelonisScimTrigger/CelonisScimTrigger.node';
import { pollContext } from './context';
import { byUserName, json, oauthCredentials, run, type Sandbox } from './helpers';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const trigger = new CelonisScimTrigger();
const allEvents = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'member.added',
  'member.removed',
];

/** n8n keeps static data as JSON in its database: each poll starts from a fresh copy. */
let stored = '{}';
async function poll(events = allEvents) {
  const staticData = JSON.parse(stored) as IDataObject;
  const out = await trigger.poll.call(pollContext(credentials, { events }, staticData));
  stored = JSON.stringify(staticData);
  return out ? json(out[0]!) : null;
}
const act = (params: IDataObject) => run({ credentials, params });

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 200, groups: 4, seed: 3 } });
  credentials = oauthCredentials(sb.teams.acme!);
});
afterAll(async () => {
  await sb?.close();
});

describe('Celonis SCIM Trigger', () => {
  it('sets the baseline on the first poll and emits nothing', async () => {
    expect(await poll()).toBeNull();
    expect(await poll()).toBeNull();
  });

  it('keeps only compact fingerprints: a few dozen bytes per user, no names', () => {
    const bytesPerUser = stored.length / 200;
    expect(bytesPerUser).toBeLessThan(80);
    expect(stored).not.toContain('@');
  });

  it('emits each change once, with the current user or group', async () => {
    await act({
      resource: 'user',
      operation: 'create',
      userName: 'new@example.com',
      additionalFields: { givenName: 'New' },
    });
    const created = await poll();
    expect(created).toHaveLength(1);
    expect(created![0]).toMatchObject({
      event: 'user.created',
      user: { userName: 'new@example.com', givenName: 'New' },
    });
    expect(await poll()).toBeNull();

    await act({
      resource: 'user',
      operation: 'update',
      user: byUserName('new@example.com'),
      updateFields: { title: 'Analyst' },
    });
    await act({
      resource: 'group',
      operation: 'create',
      displayName: 'Newcomers',
      additionalFields: {},
    });
    await act({
      resource: 'group',
      operation: 'addMembers',
      group: { __rl: true, mode: 'displayName', value: 'Newcomers' },
      memberIdType: 'userName',
      members: 'new@example.com',
    });
    const events = (await poll())!.map((e) => e.event);
    expect(events).toEqual(['user.updated', 'group.created', 'member.added']);
    expect(await poll()).toBeNull();

    await act({
      resource: 'user',
      operation: 'offboard',
      user: byUserName('new@example.com'),
      removeFromGroups: true,
      deactivateUser: true,
    });
    expect((await poll())!.map((e) => e.event)).toEqual(['user.deactivated', 'member.removed']);
    await act({ resource: 'user', operation: 'activate', user: byUserName('new@example.com') });
    expect((await poll())!.map((e) => e.event)).toEqual(['user.reactivated']);
    await act({ resource: 'user', operation: 'delete', user: byUserName('new@example.com') });
    await act({
      resource: 'group',
      operation: 'delete',
      group: { __rl: true, mode: 'displayName', value: 'Newcomers' },
    });
    const gone = (await poll())!;
    expect(gone.map((e) => e.event)).toEqual(['user.deleted', 'group.deleted']);
    expect(gone[0]!.user).toBeUndefined();
    expect(await poll()).toBeNull();
  });

  it('emits only the chosen events, and still moves the baseline past the others', async () => {
    await act({
      resource: 'user',
      operation: 'create',
      userName: 'quiet@example.com',
      additionalFields: {},
    });
    expect(await poll(['user.deleted'])).toBeNull();
    expect(await poll()).toBeNull();
  });

  it('shows sample items in a manual run without touching the baseline', async () => {
    const before = stored;
    const staticData = JSON.parse(stored) as IDataObject;
    const out = await trigger.poll.call(
      pollContext(credentials, { events: ['user.created'] }, staticData, 'manual'),
    );
    const items = json(out![0]!);
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({
      event: 'user.created',
      user: { userName: expect.any(String) },
    });
    expect(JSON.stringify(staticData)).toBe(before);
  });
});
