import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimClient, type ScimClient } from '../src/node.js';
import {
  collect,
  countingTransport,
  recordingSleep,
  startSandbox,
  uniqueName,
  type Sandbox,
  type Team,
} from './helpers.js';

/**
 * A team whose server applies `attributes`/`excludedAttributes` of a write to what it stores
 * (TeamOptions.writeViewStored): every write of the client must leave exactly the intended state.
 * The stored state is read back over plain HTTP with the team's API key, not through the client.
 */
let sb: Sandbox;
const transports: Array<ReturnType<typeof countingTransport>> = [];
const clients: ScimClient[] = [];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'quirk', writeViewStored: true },
      { name: 'quirkput', writeViewStored: true, patch: false },
      { name: 'quirknobulk', writeViewStored: true, bulk: false },
    ],
    seed: { users: 30, groups: 0, seed: 3 },
  });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  for (const t of transports) await t.close();
  await sb?.close();
});

function clientOf(team: Team): {
  client: ScimClient;
  transport: ReturnType<typeof countingTransport>;
} {
  const transport = countingTransport();
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'bearer', token: team.apiKey },
    transport,
    sleep: recordingSleep(),
  });
  transports.push(transport);
  clients.push(client);
  return { client, transport };
}

/** The resource as stored, read without the client under test. */
async function stored(team: Team, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${team.scimBaseUrl}${path}`, {
    headers: { authorization: `Bearer ${team.apiKey}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
const memberIds = async (team: Team, groupId: string) =>
  (((await stored(team, `/Groups/${groupId}`)).members ?? []) as Array<{ value: string }>)
    .map((m) => m.value)
    .sort();

describe('a server that stores the view of a write (writeViewStored)', () => {
  it('really loses members on a write with excludedAttributes=members (the quirk is live)', async () => {
    const team = sb.teams.quirk!;
    const { client } = clientOf(team);
    const users = (await collect(client.users.list({ attributes: 'id' }))).map((u) => u.id!);
    const g = await client.groups.create({
      displayName: uniqueName('Victim'),
      members: users.slice(0, 3).map((value) => ({ value })),
    });
    const res = await fetch(`${team.scimBaseUrl}/Groups/${g.id}?excludedAttributes=members`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${team.apiKey}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: users[3] }] }],
      }),
    });
    expect(res.status).toBe(200);
    expect(await memberIds(team, g.id!)).toEqual([]);
  });

  for (const name of ['quirk', 'quirkput', 'quirknobulk'] as const) {
    it(`${name}: every member operation keeps exactly the intended members`, async () => {
      const team = sb.teams[name]!;
      const { client, transport } = clientOf(team);
      const users = (await collect(client.users.list({ attributes: 'id' }))).map((u) => u.id!);
      const g = await client.groups.create({
        displayName: uniqueName('Team'),
        members: users.slice(0, 2).map((value) => ({ value })),
      });
      expect(await memberIds(team, g.id!)).toEqual(users.slice(0, 2).sort());
      // 25 members in batches of 4: several PATCH requests, through /Bulk where offered.
      await client.groups.addMembers(g.id!, users.slice(2, 27), { batchSize: 4 });
      expect(await memberIds(team, g.id!)).toEqual(users.slice(0, 27).sort());
      await client.groups.removeMembers(g.id!, users.slice(0, 5), { batchSize: 2 });
      expect(await memberIds(team, g.id!)).toEqual(users.slice(5, 27).sort());
      await client.groups.replaceMembers(g.id!, users.slice(20, 30), { batchSize: 3 });
      expect(await memberIds(team, g.id!)).toEqual(users.slice(20, 30).sort());
      const renamed = `${g.displayName}-renamed`;
      if (name === 'quirkput') {
        const current = await client.groups.get(g.id!);
        await client.groups.replace(g.id!, { ...current, displayName: renamed });
      } else {
        await client.groups.patch(g.id!, [{ op: 'replace', path: 'displayName', value: renamed }]);
      }
      expect((await stored(team, `/Groups/${g.id}`)).displayName).toBe(renamed);
      expect(await memberIds(team, g.id!)).toEqual(users.slice(20, 30).sort());
      const writes = transport.calls.filter((c) => c.method !== 'GET');
      expect(writes.length).toBeGreaterThan(3);
      expect(writes.filter((c) => c.query !== '')).toEqual([]);
    });

    it(`${name}: user writes keep every attribute and the memberships`, async () => {
      const team = sb.teams[name]!;
      const { client, transport } = clientOf(team);
      const g = await client.groups.create({ displayName: uniqueName('Keep') });
      const userName = uniqueName('keep');
      const u = await client.users.create({
        userName,
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [{ value: userName, type: 'work', primary: true }],
        title: 'Analyst',
      });
      await client.groups.addMembers(g.id!, [u.id!]);
      await client.users.deactivate(u.id!);
      await client.users.activate(u.id!);
      if (name !== 'quirkput')
        await client.users.patch(u.id!, [{ op: 'replace', path: 'title', value: 'Lead' }]);
      else {
        const current = await client.users.get(u.id!);
        await client.users.replace(u.id!, { ...current, title: 'Lead' });
      }
      const after = await stored(team, `/Users/${u.id}`);
      expect(after).toMatchObject({
        userName,
        active: true,
        title: 'Lead',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [{ value: userName, type: 'work', primary: true }],
      });
      expect(await memberIds(team, g.id!)).toEqual([u.id]);
      const provisioned = await client.users.provision([
        { userName: uniqueName('p1'), title: 'One' },
        { userName: uniqueName('p2'), title: 'Two' },
      ]);
      for (const p of provisioned) {
        if (!p.ok) throw p.error;
        expect((await stored(team, `/Users/${p.user.id}`)).title).toBe(p.user.title);
      }
      await client.users.delete(u.id!);
      expect(await memberIds(team, g.id!)).toEqual([]);
      expect(transport.calls.filter((c) => c.method !== 'GET' && c.query !== '')).toEqual([]);
    });
  }
});
