import {
  CHANGE_EVENT_ORDER,
  createScimClient,
  parseSnapshot,
  snapshotSize,
  type Snapshot,
} from '@celonis-scim/core/node';
import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScimTrigger } from '../nodes/CelonisScimTrigger/CelonisScimTrigger.node';
import { pollContext } from './context';
import { byUserName, json, oauthCredentials, run, type Sandbox } from './helpers';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const trigger = new CelonisScimTrigger();
const allEvents = [...CHANGE_EVENT_ORDER];

/** n8n keeps static data as JSON in its database: each poll starts from a fresh copy. */
let stored = '{}';
async function poll(events = allEvents, options: IDataObject = {}) {
  const staticData = JSON.parse(stored) as IDataObject;
  const out = await trigger.poll.call(pollContext(credentials, { events, options }, staticData));
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

  it('keeps only the core snapshot: ids, hashes and names, never full users', () => {
    const state = JSON.parse(stored) as { snapshot: Snapshot };
    const snap = parseSnapshot(state.snapshot);
    expect(Object.keys(snap.users)).toHaveLength(200);
    expect(Object.keys(state)).toEqual(['snapshot']);
    // `"<id>":"1:<hash>:<userName>"` and nothing else of a user: no e-mails, no display names.
    const userNames = Object.values(snap.users).reduce((n, e) => n + e.split(':')[2]!.length, 0);
    const groupBytes = JSON.stringify(snap.groups).length;
    expect((snapshotSize(snap) - groupBytes - userNames) / 200).toBeLessThan(60);
    expect(stored).not.toContain('displayName');
    expect(stored).not.toContain('"emails"');
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
    expect(gone[0]).toMatchObject({ userName: 'new@example.com' });
    expect(gone[0]!.user).toBeUndefined();
    expect(gone[1]).toMatchObject({ displayName: 'Newcomers' });
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

  it('takes a new baseline, emitting nothing, from a state of an older version or a damaged one', async () => {
    const current = stored;
    for (const old of [
      { fingerprints: { v: 1, u: { x: 'abc1' }, g: {} } },
      { snapshot: { v: 99, users: {} } },
      { snapshot: 'not json' },
    ]) {
      stored = JSON.stringify(old);
      expect(await poll()).toBeNull();
      expect(Object.keys(JSON.parse(stored) as object)).toEqual(['snapshot']);
    }
    expect(parseSnapshot((JSON.parse(stored) as IDataObject).snapshot).users).toEqual(
      parseSnapshot((JSON.parse(current) as IDataObject).snapshot).users,
    );
  });

  it('keeps no user names with Remember Names off; switching it starts a new baseline', async () => {
    expect(await poll(allEvents, { rememberNames: false })).toBeNull();
    expect(stored.includes('@')).toBe(false);
    await act({ resource: 'user', operation: 'delete', user: byUserName('quiet@example.com') });
    const gone = (await poll(allEvents, { rememberNames: false }))!;
    expect(gone).toEqual([expect.objectContaining({ event: 'user.deleted' })]);
    expect(gone[0]!.userName).toBeUndefined();
    expect(await poll()).toBeNull();
    expect(stored.includes('@')).toBe(true);
  });

  it('keeps the stored state when a poll fails, and emits the changes in the next one', async () => {
    await act({
      resource: 'user',
      operation: 'create',
      userName: 'during.outage@example.com',
      additionalFields: {},
    });
    const before = stored;
    sb.setFaults({ rate503: 1 });
    try {
      await expect(poll()).rejects.toMatchObject({ httpCode: '503' });
    } finally {
      sb.setFaults({ rate503: 0 });
    }
    expect(stored).toBe(before);
    expect(await poll()).toEqual([
      expect.objectContaining({
        event: 'user.created',
        userName: 'during.outage@example.com',
        user: expect.objectContaining({ userName: 'during.outage@example.com' }),
      }),
    ]);
  });

  it('reads the details of many changes with one listing, the same in both scan modes', async () => {
    const client = createScimClient({
      baseUrl: sb.teams.acme!.scimBaseUrl,
      auth: { type: 'apiKey', apiKey: sb.teams.acme!.apiKey },
    });
    for (let i = 0; i < 40; i++) await client.users.create({ userName: `bulk${i}@example.com` });
    const requests = sb.stats().requests;
    const created = (await poll(allEvents, { scan: 'full' }))!;
    expect(created).toHaveLength(40);
    expect(created.every((e) => (e.user as IDataObject).userName === e.userName)).toBe(true);
    // A listing of the team, not 40 GETs: the full scan reads 2 pages per kind, the details 2.
    expect(sb.stats().requests - requests).toBeLessThan(15);
    for (let i = 0; i < 40; i++)
      await client.users.deactivate(
        (await client.users.getByUserName(`bulk${i}@example.com`))!.id!,
      );
    const deactivated = (await poll(allEvents, { scan: 'auto' }))!;
    expect(deactivated.map((e) => e.event)).toEqual(Array(40).fill('user.deactivated'));
  });
});
