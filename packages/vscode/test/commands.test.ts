import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { commands, ui } from './vscode-stub.js';
import { registerCommands } from '../src/commands/index.js';
import type { FolderNode, GroupNode, MemberNode, UserNode } from '../src/tree/nodes.js';
import { connect, folder, harness, scim, type Harness, type Sandbox } from './helpers.js';

let sb: Sandbox;
let h: Harness;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 12, groups: 2, seed: 3 } });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(async () => {
  h = harness(100);
  registerCommands({ store: h.store, tree: h.tree, log: h.log });
});

const run = (id: string, ...args: unknown[]): Promise<unknown> =>
  commands.executeCommand(`celonisScim.${id}`, ...args);

async function findUser(userName: string): Promise<Record<string, unknown> | undefined> {
  const r = await scim(
    sb,
    'acme',
    'GET',
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return (r.json.Resources as Array<Record<string, unknown>> | undefined)?.[0];
}

function usersFolder(): Promise<FolderNode> {
  return folder(h, 'acme', 'Users');
}

describe('resource commands', () => {
  beforeEach(async () => {
    await connect(h, sb, 'acme');
  });

  it('creates a user through guided, validated input', async () => {
    ui.answers = ['grace@example.com', 'Grace', 'Hopper'];
    await run('createUser', await usersFolder());
    const u = await findUser('grace@example.com');
    expect(u?.displayName).toBe('Grace Hopper');
    expect(ui.shown.some((s) => s.kind === 'info' && s.message.includes('grace@example.com'))).toBe(
      true,
    );
    ui.answers = ['ada-at-example'];
    await expect(run('createUser', await usersFolder())).rejects.toThrow(/e-mail/);
  });

  it('creates a group, deactivates and activates a user', async () => {
    ui.answers = ['Auditors'];
    await run('createGroup', await folder(h, 'acme', 'Groups'));
    const g = await scim(
      sb,
      'acme',
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "Auditors"')}`,
    );
    expect(g.json.totalResults).toBe(1);

    const users = (await h.tree.getChildren(await usersFolder())) as UserNode[];
    const u = users.find((n) => n.user.active !== false);
    if (!u?.user.id) throw new Error('no active user');
    await run('deactivateUser', u);
    expect((await scim(sb, 'acme', 'GET', `/Users/${u.user.id}`)).json.active).toBe(false);
    await run('activateUser', u);
    expect((await scim(sb, 'acme', 'GET', `/Users/${u.user.id}`)).json.active).toBe(true);
  });

  it('deletes only after a modal confirmation that names the resource', async () => {
    const users = (await h.tree.getChildren(await usersFolder())) as UserNode[];
    const u = users[0];
    if (!u?.user.id) throw new Error('no user');
    ui.answers = [undefined];
    await run('delete', u);
    const ask = ui.shown.find((s) => s.kind === 'warning');
    expect(ask?.message).toContain(u.user.userName);
    expect((ask?.options as { modal?: boolean }).modal).toBe(true);
    expect((await scim(sb, 'acme', 'GET', `/Users/${u.user.id}`)).status).toBe(200);
    ui.answers = ['Delete'];
    await run('delete', u);
    expect((await scim(sb, 'acme', 'GET', `/Users/${u.user.id}`)).status).toBe(404);
  });

  it('adds members through a multi-select quick pick with server-side search, and removes one', async () => {
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const g = groups[0];
    if (!g?.group.id) throw new Error('no group');
    const users = (await h.tree.getChildren(await usersFolder())) as UserNode[];
    const before = new Set(
      (
        ((await scim(sb, 'acme', 'GET', `/Groups/${g.group.id}`)).json.members as
          Array<{ value: string }> | undefined) ?? []
      ).map((m) => m.value),
    );
    const outsiders = users.filter((u) => !before.has(u.user.id ?? '')).slice(0, 2);
    const shownBefore = await h.tree.getChildren(g);
    expect(outsiders).toHaveLength(2);
    const done = run('addMembers', g);
    const qp = await waitFor(() => ui.quickPicks[0]);
    await waitFor(() => qp.items.length > 0 || undefined);
    // Search on the server for the first outsider, select it, then search the second.
    for (const u of outsiders) {
      qp.fireValue(u.user.userName);
      await waitFor(() => qp.items.find((i) => i.id === u.user.id));
      const pick = qp.items.find((i) => i.id === u.user.id);
      if (!pick) throw new Error('not found');
      qp.fireSelection([...qp.selectedItems, pick]);
    }
    qp.accept();
    await done;
    const after = (
      (await scim(sb, 'acme', 'GET', `/Groups/${g.group.id}`)).json.members as Array<{
        value: string;
      }>
    ).map((m) => m.value);
    for (const u of outsiders) expect(after).toContain(u.user.id);
    // The expanded group shows its new members without a manual refresh.
    const shownAfter = await h.tree.getChildren(g);
    expect(shownAfter.filter((n) => n.kind === 'member')).toHaveLength(
      shownBefore.filter((n) => n.kind === 'member').length + 2,
    );

    const member: MemberNode = {
      kind: 'member',
      team: 'acme',
      groupId: g.group.id,
      groupName: g.group.displayName,
      member: { value: outsiders[0]?.user.id ?? '' },
      parentId: 'x',
    };
    await run('removeMember', member);
    const final = (
      (await scim(sb, 'acme', 'GET', `/Groups/${g.group.id}`)).json.members as Array<{
        value: string;
      }>
    ).map((m) => m.value);
    expect(final).not.toContain(outsiders[0]?.user.id);
    expect(final).toContain(outsiders[1]?.user.id);
  });

  it('copies id and userName', async () => {
    const users = (await h.tree.getChildren(await usersFolder())) as UserNode[];
    const u = users[1];
    if (!u) throw new Error('no user');
    await run('copyId', u);
    expect(ui.clipboard).toBe(u.user.id);
    await run('copyUserName', {
      kind: 'member',
      team: 'acme',
      groupId: 'g',
      groupName: 'g',
      member: { value: u.user.id ?? '' },
      parentId: 'p',
    });
    expect(ui.clipboard).toBe(u.user.userName);
  });
});

async function waitFor<T>(fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
