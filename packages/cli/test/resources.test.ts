import type { ScimClient, ScimGroup, ScimUser } from '@celonis-scim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checker,
  oauthEnv,
  run,
  scratch,
  startSandbox,
  uniqueName,
  type Sandbox,
  type Team,
} from './helpers.js';

let sb: Sandbox;
let acme: Team;
let team: ScimClient;
const tmp = scratch();
const home = tmp.dir;
const cli = (args: string[]) => run(args, { home, env: oauthEnv(acme) });
const json = <T>(text: string) => JSON.parse(text) as T;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 50, groups: 5 } });
  acme = sb.teams.acme!;
  team = checker(acme);
});
afterAll(async () => {
  await team.close();
  await sb.close();
  tmp.cleanup();
});

describe('users', () => {
  it('list reads every page; --limit and --filter narrow it', async () => {
    const all = await cli(['users', 'list', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const users = json<ScimUser[]>(all.stdout);
    expect(users).toHaveLength(50);
    const limited = json<ScimUser[]>(
      (await cli(['users', 'list', '--json', '--limit', '7'])).stdout,
    );
    expect(limited.map((u) => u.id)).toEqual(users.slice(0, 7).map((u) => u.id));
    const inactive = users.filter((u) => u.active === false);
    const filtered = await cli(['users', 'list', '--json', '--filter', 'active eq false']);
    expect(
      json<ScimUser[]>(filtered.stdout)
        .map((u) => u.id)
        .sort(),
    ).toEqual(inactive.map((u) => u.id).sort());
  });

  it('a malformed filter is refused with its position, before any request', async () => {
    const before = sb.stats().requests;
    const r = await cli(['users', 'list', '--filter', 'userName eq "unterminated']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*filter/i);
    expect(r.stderr).toMatch(/position|column|at \d+/i);
    expect(sb.stats().requests - before).toBe(0);
  });

  it('get finds a user by id or by userName', async () => {
    const [first] = json<ScimUser[]>(
      (await cli(['users', 'list', '--json', '--limit', '1'])).stdout,
    );
    const byId = await cli(['users', 'get', first!.id!, '--json']);
    const byName = await cli(['users', 'get', first!.userName, '--json']);
    expect(json<ScimUser>(byId.stdout).id).toBe(first!.id);
    expect(json<ScimUser>(byName.stdout).id).toBe(first!.id);
    const people = await cli(['users', 'get', first!.userName]);
    expect(people.stdout).toMatch(
      new RegExp(`^userName +${first!.userName.replace(/\./g, '\\.')}$`, 'm'),
    );
    const missing = await cli(['users', 'get', 'nobody@example.com']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No user with the id or userName "nobody@example.com"');
  });

  it('create, update, deactivate, activate and delete change the team', async () => {
    const userName = uniqueName('ada');
    const created = await cli([
      'users',
      'create',
      '--user-name',
      userName,
      '--given-name',
      'Ada',
      '--family-name',
      'Lovelace',
      '--email',
      userName,
      '--department',
      'Finance',
      '--external-id',
      `x-${userName}`,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(created.stderr).toContain(`Created user ${userName} (${id})`);
    let u = await team.users.get(id);
    expect(u.name).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace' });
    expect(u['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.department).toBe(
      'Finance',
    );

    const updated = await cli([
      'users',
      'update',
      userName,
      '--title',
      'CFO',
      '--set',
      'locale=de-DE',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    u = await team.users.get(id);
    expect([u.title, u.locale]).toEqual(['CFO', 'de-DE']);

    expect((await cli(['users', 'deactivate', id])).code).toBe(0);
    expect((await team.users.get(id)).active).toBe(false);
    expect((await cli(['users', 'activate', userName])).code).toBe(0);
    expect((await team.users.get(id)).active).toBe(true);

    // No terminal to ask at: deleting needs --yes, and nothing is deleted without it.
    const refused = await cli(['users', 'delete', userName]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused without confirmation. Pass --yes');
    expect((await team.users.get(id)).id).toBe(id);
    expect((await cli(['users', 'delete', userName, '--yes'])).code).toBe(0);
    expect(await team.users.getByUserName(userName)).toBeUndefined();
  });

  it('update without changes and create without a userName are refused before any request', async () => {
    const before = sb.stats().requests;
    const nothing = await cli(['users', 'update', 'someone@example.com']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('Nothing to update');
    const noName = await cli(['users', 'create', '--given-name', 'Ada']);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toContain('A user needs a userName');
    const badSet = await cli(['users', 'update', 'someone@example.com', '--set', 'title']);
    expect(badSet.stderr).toContain('--set "title" is not path=value');
    expect(sb.stats().requests).toBe(before);
  });

  it('a duplicate userName gets the server conflict and its hint', async () => {
    const [first] = json<ScimUser[]>(
      (await cli(['users', 'list', '--json', '--limit', '1'])).stdout,
    );
    const r = await cli(['users', 'create', '--user-name', first!.userName]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: POST \/Users failed with HTTP 409/);
    expect(r.stderr).toContain('A user with this userName already exists in this team.');
  });
});

describe('groups', () => {
  it('list, get and members show what the team holds', async () => {
    const groups = json<ScimGroup[]>((await cli(['groups', 'list', '--json'])).stdout);
    expect(groups.map((g) => g.displayName).sort()).toEqual([
      'Analysts',
      'Data Admins',
      'Process Owners',
      'Studio Editors',
      'Viewers',
    ]);
    const analysts = await team.groups.get(groups.find((g) => g.displayName === 'Analysts')!.id!);
    const get = await cli(['groups', 'get', 'Analysts']);
    expect(get.stdout).toMatch(new RegExp(`^members +${analysts.members?.length ?? 0}$`, 'm'));
    const members = await cli(['groups', 'members', 'Analysts', '--json']);
    expect(
      json<Array<{ value: string }>>(members.stdout)
        .map((m) => m.value)
        .sort(),
    ).toEqual((analysts.members ?? []).map((m) => m.value).sort());
    const table = await cli(['groups', 'members', analysts.id!]);
    expect(table.stdout.split('\n').filter(Boolean)).toHaveLength(
      (analysts.members?.length ?? 0) + 1,
    );
  });

  it('add and remove members by userName or id', async () => {
    const a = await team.users.create({ userName: uniqueName('m') });
    const b = await team.users.create({ userName: uniqueName('m') });
    const add = await cli(['groups', 'add', 'Viewers', a.userName, b.id!]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('Added 2 users to Viewers');
    const ids = async () =>
      (
        (await team.groups.getByDisplayName('Viewers').then((g) => team.groups.get(g!.id!)))
          .members ?? []
      ).map((m) => m.value);
    expect(await ids()).toEqual(expect.arrayContaining([a.id, b.id]));
    const remove = await cli(['groups', 'remove', 'Viewers', a.id!, '--json']);
    expect(json<{ removed: string[] }>(remove.stdout).removed).toEqual([a.id]);
    const now = await ids();
    expect(now).toContain(b.id);
    expect(now).not.toContain(a.id);
  });

  it('a misspelt user changes nothing: every name is looked up first', async () => {
    const a = await team.users.create({ userName: uniqueName('m') });
    const r = await cli(['groups', 'add', 'Auditors', a.userName, 'typo@example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No group with the id or displayName "Auditors"');
    const r2 = await cli(['groups', 'add', 'Analysts', a.userName, 'typo@example.com']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('"typo@example.com"');
    expect((await team.users.groupsOf(a.id!)).map((g) => g.displayName)).toEqual([]);
  });
});

describe('groups create, rename and delete', () => {
  it('create makes an empty group and prints its id; rename changes its displayName', async () => {
    const name = `Auditors ${process.pid}`;
    const created = await cli(['groups', 'create', name, '--external-id', `ext-${process.pid}`]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(created.stderr).toContain(`Created group ${name} (${id})`);
    expect(await team.groups.get(id)).toMatchObject({
      displayName: name,
      externalId: `ext-${process.pid}`,
    });

    const renamed = await cli(['groups', 'rename', name, `${name} EMEA`, '--json']);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(json<ScimGroup>(renamed.stdout).displayName).toBe(`${name} EMEA`);
    expect(renamed.stderr).toContain(`Renamed group ${name} to ${name} EMEA (${id})`);
    expect((await team.groups.get(id)).displayName).toBe(`${name} EMEA`);
  });

  it('an empty name is refused before any request', async () => {
    const before = sb.stats().requests;
    const r = await cli(['groups', 'create', '  ']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The group name is empty');
    expect(sb.stats().requests).toBe(before);
  });

  it('delete needs --yes without a terminal; the members stay in the team', async () => {
    const member = await team.users.create({ userName: uniqueName('g') });
    const group = await team.groups.create({
      displayName: `Temp ${process.pid}`,
      members: [{ value: member.id! }],
    });
    const refused = await cli(['groups', 'delete', group.displayName]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused without confirmation. Pass --yes');
    expect((await team.groups.get(group.id!)).id).toBe(group.id);
    const r = await cli(['groups', 'delete', group.id!, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Deleted group ${group.displayName} (${group.id})`);
    expect(await team.groups.getByDisplayName(group.displayName)).toBeUndefined();
    expect((await team.users.get(member.id!)).id).toBe(member.id);
  });
});

describe('users offboard', () => {
  it('removes the user from every group, then deactivates them', async () => {
    const user = await team.users.create({ userName: uniqueName('leaver') });
    const viewers = await team.groups.getByDisplayName('Viewers');
    const analysts = await team.groups.getByDisplayName('Analysts');
    await team.groups.addMembers(viewers!.id!, [user.id!]);
    await team.groups.addMembers(analysts!.id!, [user.id!]);

    const refused = await cli(['users', 'offboard', user.userName]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Pass --yes');
    expect((await team.users.groupsOf(user.id!)).length).toBe(2);

    const r = await cli(['users', 'offboard', user.userName, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Offboarded user .*: deactivated, removed from 2 groups \(/);
    const report = json<{ active: boolean; removedFromGroups: Array<{ displayName: string }> }>(
      r.stdout,
    );
    expect(report.active).toBe(false);
    expect(report.removedFromGroups.map((g) => g.displayName).sort()).toEqual([
      'Analysts',
      'Viewers',
    ]);
    expect((await team.users.get(user.id!)).active).toBe(false);
    expect(await team.users.groupsOf(user.id!)).toEqual([]);

    // A user in one group reads "1 group".
    const single = await team.users.create({ userName: uniqueName('leaver') });
    await team.groups.addMembers(viewers!.id!, [single.id!]);
    const one = await cli(['users', 'offboard', single.id!, '--yes']);
    expect(one.stderr).toContain('removed from 1 group (Viewers)');
  });
});
