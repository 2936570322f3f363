import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { commands, DataTransfer, ui } from './vscode-stub.js';
import { registerCommands, registerTreeCommands } from '../src/commands/index.js';
import { addUsersToGroup } from '../src/commands/bulkCommands.js';
import { UsersDragAndDrop, USERS_MIME } from '../src/tree/dnd.js';
import type { GroupNode, MemberNode, Node, UserNode } from '../src/tree/nodes.js';
import { connect, folder, harness, scim, type Harness, type Sandbox } from './helpers.js';

// Bulk actions on the tree's selection, through the registered commands as the context menu
// calls them (clicked row, selected rows), against a sandbox over HTTP.

let sb: Sandbox;
let h: Harness;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'acme' },
      { name: 'plain', bulk: false },
      { name: 'dupes', duplicateMembers: true },
    ],
    seed: { users: 40, groups: 3, seed: 11 },
  });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(async () => {
  h = harness(100);
  registerCommands({ store: h.store, tree: h.tree, log: h.log });
  registerTreeCommands({ store: h.store, tree: h.tree, log: h.log }, undefined);
  await connect(h, sb, 'acme');
  await connect(h, sb, 'plain');
  await connect(h, sb, 'dupes');
});

const run = (id: string, ...args: unknown[]): Promise<unknown> =>
  commands.executeCommand(`celonisScim.${id}`, ...args);

async function users(team: string): Promise<UserNode[]> {
  return (await h.tree.getChildren(await folder(h, team, 'Users'))).filter(
    (n): n is UserNode => n.kind === 'user',
  );
}

async function serverUser(team: string, id: string): Promise<Record<string, unknown>> {
  const r = await scim(sb, team, 'GET', `/Users/${id}`);
  return { ...r.json, status: r.status };
}

function requestsLogged(path: RegExp): string[] {
  const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
  return lines.filter((l) => path.test(l));
}

describe('bulk actions on a multi-selection', () => {
  it('deactivates 10 selected users through /Bulk with one summary, then activates them again', async () => {
    const rows = (await users('acme')).filter((u) => u.user.active !== false).slice(0, 10);
    expect(rows).toHaveLength(10);
    const report = (await run('deactivateUser', rows[3], rows)) as {
      done: unknown[];
      requests: number;
    };
    expect(report.done).toHaveLength(10);
    // Ten PATCHes in one /Bulk request (plus discovery at most), not ten requests.
    expect(requestsLogged(/POST \S*\/Bulk/)).toHaveLength(1);
    expect(requestsLogged(/PATCH \S*\/Users\//)).toHaveLength(0);
    for (const r of rows) expect((await serverUser('acme', r.user.id!)).active).toBe(false);
    expect(ui.shown.filter((s) => s.kind !== 'error')).toEqual([
      expect.objectContaining({ kind: 'info', message: 'Deactivated 10 of 10 users.' }),
    ]);
    expect(ui.progress[0]?.title).toBe('Deactivating 10 users');
    expect(ui.progress[0]?.reports.at(-1)?.message).toBe('10 of 10');
    // The folder was redrawn from the server: the rows now say inactive.
    const again = await users('acme');
    const ids = new Set(rows.map((r) => r.user.id));
    expect(
      again
        .filter((u) => ids.has(u.user.id))
        .every((u) => h.tree.getTreeItem(u).contextValue === 'user.inactive'),
    ).toBe(true);
    await run(
      'activateUser',
      again.find((u) => ids.has(u.user.id)),
      again.filter((u) => ids.has(u.user.id)),
    );
    for (const r of rows) expect((await serverUser('acme', r.user.id!)).active).toBe(true);
  });

  it('without /Bulk sends one request per user and reports each failure with its reason', async () => {
    const rows = (await users('plain')).slice(0, 4);
    const ghost: UserNode = {
      ...rows[0]!,
      user: { ...rows[0]!.user, id: 'no-such-user', userName: 'ghost@example.com' },
    };
    const selection = [...rows, ghost];
    const report = (await run('deactivateUser', rows[0], selection)) as {
      done: unknown[];
      failed: Array<{ target: { name: string }; reason: string }>;
    };
    expect(report.done).toHaveLength(4);
    expect(report.failed.map((f) => f.target.name)).toEqual(['ghost@example.com']);
    expect(report.failed[0]?.reason).toMatch(/404|not found/i);
    expect(requestsLogged(/POST \S*\/Bulk/)).toHaveLength(0);
    // One PATCH per selected user, the ghost's included.
    expect(requestsLogged(/\] PATCH \/Users\/\S+ -> /)).toHaveLength(5);
    const summary = ui.shown.find((s) => s.kind === 'warning');
    expect(summary?.message).toMatch(/^Deactivated 4 of 5 users; 1 failed \(ghost@example\.com: /);
    expect(summary?.items).toEqual(['Show Log']);
  });

  it('through /Bulk too, a failed operation is reported with its reason and the rest are done', async () => {
    const rows = (await users('acme')).slice(24, 27);
    const ghost: UserNode = {
      ...rows[0]!,
      user: { ...rows[0]!.user, id: 'gone-1', userName: 'gone@example.com' },
    };
    const report = (await run('deactivateUser', rows[0], [...rows, ghost])) as {
      done: unknown[];
      failed: Array<{ target: { name: string }; reason: string }>;
    };
    expect(requestsLogged(/POST \S*\/Bulk/)).toHaveLength(1);
    expect(report.done).toHaveLength(3);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.target.name).toBe('gone@example.com');
    expect(report.failed[0]?.reason).toMatch(/\/Users\/gone-1.*404/);
    for (const r of rows) expect((await serverUser('acme', r.user.id!)).active).toBe(false);
  });

  it('stops sending when cancelled and says how many were not sent', async () => {
    const rows = (await users('plain')).filter((u) => u.user.active !== false).slice(8, 28);
    ui.cancelWhen = (reports) => reports >= 3;
    const report = (await run('deactivateUser', rows[0], rows)) as {
      done: unknown[];
      skipped: unknown[];
    };
    expect(report.done.length).toBeGreaterThan(0);
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(report.done.length + report.skipped.length).toBe(20);
    expect(ui.shown.find((s) => s.kind === 'warning')?.message).toContain(
      `${report.skipped.length} not sent (cancelled)`,
    );
    const states = await Promise.all(rows.map((r) => serverUser('plain', r.user.id!)));
    expect(states.filter((u) => u.active === false)).toHaveLength(report.done.length);
  });

  it('deletes a selection of users and a group after one confirmation; nothing without it', async () => {
    const rows = (await users('acme')).slice(30, 33);
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const group = groups[2]!;
    const selection: Node[] = [...rows, group];
    ui.answers = [undefined];
    const writes = sb.stats().writes;
    expect(await run('delete', rows[0], selection)).toBeUndefined();
    for (const r of rows) expect((await serverUser('acme', r.user.id!)).status).toBe(200);
    expect((await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).status).toBe(200);
    expect(sb.stats().writes).toEqual(writes);
    ui.reset();
    ui.answers = ['Delete'];
    const report = (await run('delete', group, selection)) as { done: unknown[] };
    expect(report.done).toHaveLength(4);
    const confirm = ui.shown.filter((s) => (s.options as { modal?: boolean })?.modal);
    expect(confirm).toHaveLength(1);
    expect(confirm[0]?.message).toBe('Delete 3 users and 1 group from team acme?');
    for (const r of rows) expect((await serverUser('acme', r.user.id!)).status).toBe(404);
    expect((await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).status).toBe(404);
  });

  it('a right-click outside the selection acts on the clicked row alone', async () => {
    const rows = (await users('acme')).slice(20, 23);
    await run('deactivateUser', rows[0], rows.slice(1));
    expect((await serverUser('acme', rows[0]!.user.id!)).active).toBe(false);
    expect((await serverUser('acme', rows[1]!.user.id!)).active).not.toBe(false);
  });

  it('adds the selected users to a group picked from the team', async () => {
    const rows = (await users('acme')).slice(12, 17);
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const group = groups[0]!;
    ui.answers = [group.group.displayName];
    expect(await run('addToGroup', rows[0], rows)).toBe(5);
    const g = await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`);
    const members = (g.json.members as Array<{ value: string }>).map((m) => m.value);
    for (const r of rows) expect(members).toContain(r.user.id);
    expect(ui.shown.at(-1)?.message).toBe(`Added 5 users to ${group.group.displayName} in acme.`);
  });

  it('never sends a member again, on a server that would list them twice', async () => {
    const rows = (await users('dupes')).slice(0, 3);
    const ids = rows.map((r) => r.user.id!);
    const made = await scim(sb, 'dupes', 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Twice',
      members: [{ value: ids[0] }],
    });
    expect(made.status).toBe(201);
    await h.tree.getChildren(await folder(h, 'dupes', 'Groups'));
    ui.answers = ['Twice'];
    expect(await run('addToGroup', rows[0], rows)).toBe(3);
    const g = await scim(sb, 'dupes', 'GET', `/Groups/${made.json.id as string}`);
    const members = (g.json.members as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual([...ids].sort());
  });

  it('refuses Add to Group on users of two teams before sending anything', async () => {
    const mixed = [(await users('acme'))[0]!, (await users('plain'))[0]!];
    const before = sb.stats().requests;
    expect(await run('addToGroup', mixed[0], mixed)).toBe(0);
    expect(sb.stats().requests).toBe(before);
    expect(ui.shown[0]?.kind).toBe('error');
    expect(ui.shown[0]?.message).toContain('users of one team');
  });
});

describe('drag users onto a group', () => {
  it('adds the dragged users to the group dropped on (or to the group of a member row)', async () => {
    const deps = { store: h.store, tree: h.tree, log: h.log };
    const dnd = new UsersDragAndDrop(h.tree, (g, u) => addUsersToGroup(deps, g, u));
    const rows = (await users('acme')).slice(5, 8);
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const group = groups[1]!;
    const data = new DataTransfer();
    // A group row in the drag is not carried: only users join a group this way.
    dnd.handleDrag([...rows, group], data as never);
    expect(JSON.parse(await data.get(USERS_MIME)!.asString())).toHaveLength(3);
    await dnd.handleDrop(group, data as never);
    let members = (
      (await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).json.members as Array<{
        value: string;
      }>
    ).map((m) => m.value);
    for (const r of rows) expect(members).toContain(r.user.id);

    // Onto a member row: the member's group.
    const memberRows = (await h.tree.getChildren(
      ((await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[])[1]!,
    )) as MemberNode[];
    const more = new DataTransfer();
    const next = (await users('acme')).slice(8, 9);
    dnd.handleDrag(next, more as never);
    await dnd.handleDrop(memberRows[0], more as never);
    members = (
      (await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).json.members as Array<{
        value: string;
      }>
    ).map((m) => m.value);
    expect(members).toContain(next[0]!.user.id);
  });

  it('refuses users of another team and data that is not a list of users', async () => {
    const deps = { store: h.store, tree: h.tree, log: h.log };
    const dnd = new UsersDragAndDrop(h.tree, (g, u) => addUsersToGroup(deps, g, u));
    const group = (
      (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[]
    )[0]!;
    const before = (await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).json.members;
    const data = new DataTransfer();
    dnd.handleDrag((await users('plain')).slice(0, 2), data as never);
    await dnd.handleDrop(group, data as never);
    expect(ui.shown[0]?.message).toMatch(/not in team acme/);
    const bad = new DataTransfer();
    bad.set(USERS_MIME, new (await import('./vscode-stub.js')).DataTransferItem('{"id":1}'));
    await dnd.handleDrop(group, bad as never);
    expect(ui.shown[1]?.message).toMatch(/not a list of users/);
    expect((await scim(sb, 'acme', 'GET', `/Groups/${group.group.id}`)).json.members).toEqual(
      before,
    );
  });
});
