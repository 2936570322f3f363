import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffToPatch, type ScimUser } from '../src/index.js';
import {
  collect,
  countingTransport,
  oauthClient,
  startSandbox,
  uniqueName,
  type Sandbox,
} from './helpers.js';

/**
 * Discovery that changes behaviour: a server serving users at the path its /ResourceTypes name
 * (not /Users), and a custom schema extension that round-trips through create, PATCH and PUT.
 */
const CUSTOM = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'people', usersEndpoint: '/People', customSchema: true }],
    seed: { users: 5, groups: 1, seed: 2 },
  });
});
afterAll(() => sb?.close());

describe('endpoints from /ResourceTypes', () => {
  it('works with a server that serves users at /People, from the first request of a fresh client', async () => {
    const transport = countingTransport();
    const client = oauthClient(sb.teams.people!, { transport });
    const u = await client.users.create({ userName: uniqueName('people') });
    expect(u.id).toBeTruthy();
    expect((await client.users.get(u.id!)).userName).toBe(u.userName);
    const all = await collect(client.users.list({ attributes: 'userName' }));
    expect(all.map((x) => x.userName)).toContain(u.userName);
    await client.users.patch(u.id!, [{ op: 'replace', path: 'title', value: 'Moved' }]);
    await client.users.deactivate(u.id!);
    const provisioned = await client.users.provision([
      { userName: uniqueName('bulk1') },
      { userName: uniqueName('bulk2') },
    ]);
    expect(provisioned.every((p) => p.ok)).toBe(true);
    const g = await client.groups.create({ displayName: uniqueName('G') });
    await client.groups.addMembers(g.id!, [u.id!]);
    expect((await client.users.groupsOf(u.id!)).map((x) => x.id)).toEqual([g.id]);
    await client.users.delete(u.id!);
    await expect(client.users.get(u.id!)).rejects.toMatchObject({ kind: 'notFound' });
    // Only the very first request went to /Users (answered 404), before discovery said /People.
    const users = transport.calls.filter((c) => /\/Users(\/|$)/.test(c.path));
    expect(users).toHaveLength(1);
    expect(transport.calls.filter((c) => /\/People(\/|$)/.test(c.path)).length).toBeGreaterThan(5);
    await client.close();
    await transport.close();
  });
});

describe('custom schema extensions', () => {
  it('round-trip through create, PATCH by URN path, a diff and PUT, and are listed by discovery', async () => {
    const client = oauthClient(sb.teams.people!);
    const caps = await client.discover();
    expect(caps.schemas.map((s) => s.id)).toContain(CUSTOM);
    const ext = { region: 'EMEA', costObject: 'CO-1', contractor: false, grade: 4 };
    const u = await client.users.create({ userName: uniqueName('custom'), [CUSTOM]: ext });
    expect(u.schemas).toContain(CUSTOM);
    expect(u[CUSTOM]).toEqual(ext);
    const patched = await client.users.patch(u.id!, [
      { op: 'replace', path: `${CUSTOM}:grade`, value: 5 },
    ]);
    expect(patched[CUSTOM]).toEqual({ ...ext, grade: 5 });
    const wanted: ScimUser = { ...patched, [CUSTOM]: { ...ext, grade: 6, region: 'APAC' } };
    const again = await client.users.patch(u.id!, diffToPatch(patched, wanted));
    expect(again[CUSTOM]).toEqual({ ...ext, grade: 6, region: 'APAC' });
    const replaced = await client.users.replace(u.id!, { ...again, [CUSTOM]: { region: 'AMER' } });
    expect(replaced[CUSTOM]).toEqual({ region: 'AMER' });
    await client.close();
  });
});
