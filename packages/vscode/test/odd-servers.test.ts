import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { Uri } from 'vscode';
import { ScimFileSystemProvider } from '../src/fs/provider.js';
import { connect, harness, scim, type Sandbox } from './helpers.js';

/**
 * Saving a user or group document on a server that stores the view of a write (a
 * `?excludedAttributes=members` there would empty the group): the stored state after each save
 * is exactly the edited document, read back over plain HTTP.
 */
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'odd', writeViewStored: true, userGroups: false },
      { name: 'oddput', writeViewStored: true, userGroups: false, patch: false },
    ],
    seed: { users: 4, groups: 0, seed: 13 },
  });
});
afterAll(async () => {
  await sb?.close();
});

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o, null, 2));
const dec = (b: Uint8Array): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;
const ids = (members: unknown) =>
  ((members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();

describe.each(['odd', 'oddput'])('saving documents on %s', (team) => {
  it('keeps the members of a group and every attribute of a user', async () => {
    const h = harness();
    await connect(h, sb, team);
    const fs = new ScimFileSystemProvider(h.store, {}, async () => 'cancel');
    const users = (await scim(sb, team, 'GET', '/Users?count=3')).json.Resources as Array<{
      id: string;
    }>;
    const members = users.map((u) => ({ value: u.id }));
    const created = await scim(sb, team, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `Saved-${team}`,
      members,
    });
    const groupUri = Uri.parse(`scim://${team}/Groups/${created.json.id as string}.json`);
    const group = dec(await fs.readFile(groupUri));
    await fs.writeFile(groupUri, enc({ ...group, displayName: `Renamed-${team}` }));
    const after = (await scim(sb, team, 'GET', `/Groups/${created.json.id as string}`)).json;
    expect(after.displayName).toBe(`Renamed-${team}`);
    expect(ids(after.members)).toEqual(ids(members));

    const userUri = Uri.parse(`scim://${team}/Users/${users[0]!.id}.json`);
    const before = dec(await fs.readFile(userUri));
    await fs.writeFile(userUri, enc({ ...before, title: 'Saved Title' }));
    const { meta: _m1, ...stored } = (await scim(sb, team, 'GET', `/Users/${users[0]!.id}`)).json;
    const { meta: _m2, ...edited }: Record<string, unknown> = { ...before, title: 'Saved Title' };
    expect(stored).toEqual(edited);
  });
});
