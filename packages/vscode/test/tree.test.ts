import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import type { GroupNode, LoadMoreNode, Node, UserNode } from '../src/tree/nodes.js';
import { toFolderFilter } from '../src/filter.js';
import { connect, folder, harness, labels, scim, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'globex' }],
    seed: { users: 45, groups: 3, seed: 7 },
  });
});
afterAll(async () => {
  await sb?.close();
});

describe('Teams tree against the sandbox', () => {
  it('lists connected teams, each with Users and Groups', async () => {
    const h = harness();
    expect(await h.tree.getChildren()).toEqual([]);
    await connect(h, sb, 'acme');
    await connect(h, sb, 'globex');
    const teams = await h.tree.getChildren();
    expect(labels(h, teams)).toEqual(['acme', 'globex']);
    expect(labels(h, await h.tree.getChildren(teams[0]))).toEqual(['Users', 'Groups']);
  });

  it('loads users a page at a time and appends pages with "Load more"', async () => {
    const h = harness(20);
    await connect(h, sb, 'acme');
    const users = await folder(h, 'acme', 'Users');
    let rows = await h.tree.getChildren(users);
    // The folder opens with one list request, whatever the team's size.
    const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
    expect(lines.filter((l) => /GET \S*\/Users\b/.test(l))).toHaveLength(1);
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(20);
    const more = rows.at(-1) as LoadMoreNode;
    expect(more.kind).toBe('loadMore');
    expect(h.tree.getTreeItem(more).description).toBe('(20 of 45)');
    await h.tree.loadMore(more);
    rows = await h.tree.getChildren(users);
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(40);
    await h.tree.loadMore(rows.at(-1) as LoadMoreNode);
    rows = await h.tree.getChildren(users);
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(45);
    expect(rows.some((n) => n.kind === 'loadMore')).toBe(false);
    const ids = new Set(rows.map((n) => (n as UserNode).user.id));
    expect(ids.size).toBe(45);
    expect(h.tree.getTreeItem(users).description).toBe('45');
  });

  it('marks inactive users in label, context value and icon', async () => {
    const h = harness(100);
    await connect(h, sb, 'acme');
    const rows = (await h.tree.getChildren(await folder(h, 'acme', 'Users'))) as UserNode[];
    const target = rows[3];
    if (!target?.user.id) throw new Error('no user');
    await scim(sb, 'acme', 'PATCH', `/Users/${target.user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    h.tree.refresh('acme');
    const again = (await h.tree.getChildren(await folder(h, 'acme', 'Users'))) as UserNode[];
    const node = again.find((n) => n.user.id === target.user.id);
    if (!node) throw new Error('user gone');
    const item = h.tree.getTreeItem(node);
    expect(item.contextValue).toBe('user.inactive');
    expect(String(item.description)).toContain('inactive');
    expect(item.accessibilityInformation?.label).toContain('inactive');
    const active = again.find((n) => n.user.active !== false);
    if (!active) throw new Error('no active user');
    expect(h.tree.getTreeItem(active).contextValue).toBe('user.active');
  });

  it('filters a folder by plain text and by SCIM filter, shows and clears it', async () => {
    const h = harness(100);
    await connect(h, sb, 'acme');
    const users = await folder(h, 'acme', 'Users');
    const all = (await h.tree.getChildren(users)) as UserNode[];
    const sample = all[5]?.user.userName ?? '';
    const plain = toFolderFilter('Users', sample);
    expect(plain.filter?.scim).toContain('userName co');
    h.tree.setFilter('acme', 'Users', plain.filter);
    const found = (await h.tree.getChildren(users)).filter((n): n is UserNode => n.kind === 'user');
    expect(found.map((n) => n.user.userName)).toContain(sample);
    expect(found.length).toBeLessThan(all.length);
    const item = h.tree.getTreeItem(users);
    expect(String(item.description)).toContain(`filter: ${sample}`);
    expect(item.contextValue).toBe('folder.users.filtered');

    const scimFilter = toFolderFilter('Users', `userName eq "${sample}"`);
    expect(scimFilter.filter?.scim).toBe(`userName eq "${sample}"`);
    h.tree.setFilter('acme', 'Users', scimFilter.filter);
    const exact = (await h.tree.getChildren(users)).filter((n): n is UserNode => n.kind === 'user');
    expect(exact.map((n) => n.user.userName)).toEqual([sample]);

    h.tree.setFilter('acme', 'Users', undefined);
    expect(h.tree.getTreeItem(users).contextValue).toBe('folder.users');
    expect((await h.tree.getChildren(users)).filter((n) => n.kind === 'user')).toHaveLength(
      all.length,
    );
  });

  it('refuses a broken SCIM filter with a readable error before any request', async () => {
    const h = harness();
    await connect(h, sb, 'acme');
    const client = await h.store.client('acme');
    const before = client.requestCount();
    const bad = toFolderFilter('Users', 'userName eq');
    expect(bad.filter).toBeUndefined();
    expect(bad.error).toMatch(/Not a valid SCIM filter/);
    expect(toFolderFilter('Users', '(active eq true').error).toBeDefined();
    expect(client.requestCount()).toBe(before);
  });

  it('expands a group to its members and a user to its groups', async () => {
    const h = harness(100);
    await connect(h, sb, 'acme');
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    expect(groups.length).toBe(3);
    const withMembers = await (async () => {
      for (const g of groups) {
        const kids = await h.tree.getChildren(g);
        if (kids.some((k) => k.kind === 'member')) return { g, kids };
      }
      throw new Error('no seeded group has members');
    })();
    const member = withMembers.kids.find((k) => k.kind === 'member');
    if (!member || member.kind !== 'member') throw new Error('no member');
    expect(h.tree.getTreeItem(member).contextValue).toBe('member.user');
    const users = (await h.tree.getChildren(await folder(h, 'acme', 'Users'))) as UserNode[];
    const user = users.find((u) => u.user.id === member.member.value);
    if (!user) throw new Error('member is not a listed user');
    const ofUser: Node[] = await h.tree.getChildren(user);
    expect(labels(h, ofUser)).toContain(withMembers.g.group.displayName);
  });

  it('keeps what an expanded group loaded across "Load more" of its folder, until the folder is refreshed', async () => {
    const h = harness(2);
    await connect(h, sb, 'acme');
    const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
    const memberReads = (): number =>
      lines.filter((l) => /GET \S*\/Groups\/[^?\s]+/.test(l)).length;
    const groups = await folder(h, 'acme', 'Groups');
    const first = await h.tree.getChildren(groups);
    expect(first.filter((n) => n.kind === 'group')).toHaveLength(2);
    const g = first[0] as GroupNode;
    const members = await h.tree.getChildren(g);
    expect(memberReads()).toBe(1);
    await h.tree.loadMore(first.at(-1) as LoadMoreNode);
    const all = await h.tree.getChildren(groups);
    expect(all.filter((n) => n.kind === 'group')).toHaveLength(3);
    expect(all[0]).toBe(g);
    expect(await h.tree.getChildren(g)).toEqual(members);
    expect(memberReads()).toBe(1);
    h.tree.refreshFolder('acme', 'Groups');
    await h.tree.getChildren(g);
    expect(memberReads()).toBe(2);
  });

  it('keeps a filter with its folder: other folders and teams are untouched, a refresh keeps it', async () => {
    const h = harness(100);
    await connect(h, sb, 'acme');
    await connect(h, sb, 'globex');
    const acme = await folder(h, 'acme', 'Users');
    const globex = await folder(h, 'globex', 'Users');
    const everyone = (await h.tree.getChildren(globex)).filter((n) => n.kind === 'user');
    const sample = ((await h.tree.getChildren(acme))[0] as UserNode).user.userName;
    h.tree.setFilter('acme', 'Users', toFolderFilter('Users', `userName eq "${sample}"`).filter);
    expect(h.tree.getTreeItem(globex).contextValue).toBe('folder.users');
    expect(h.tree.getTreeItem(await folder(h, 'acme', 'Groups')).contextValue).toBe(
      'folder.groups',
    );
    expect((await h.tree.getChildren(globex)).filter((n) => n.kind === 'user')).toHaveLength(
      everyone.length,
    );
    h.tree.refresh('acme');
    expect(h.tree.filterOf('acme', 'Users')?.text).toBe(`userName eq "${sample}"`);
    const shown = (await h.tree.getChildren(await folder(h, 'acme', 'Users'))) as UserNode[];
    expect(shown.map((n) => n.user.userName)).toEqual([sample]);
  });

  it('shows a failing request as an error row with the core hint instead of throwing', async () => {
    const h = harness();
    const t = sb.teams.acme;
    if (!t) throw new Error('no team');
    const { TeamStore } = await import('../src/teams.js');
    await h.store.add(
      TeamStore.recordFor({
        url: t.teamUrl,
        name: 'acme',
        authType: 'oauth2',
        clientId: t.clientId,
        secret: 'wrong-secret',
      }),
      'wrong-secret',
    );
    const rows = await h.tree.getChildren(await folder(h, 'acme', 'Users'));
    expect(rows).toHaveLength(1);
    const item = h.tree.getTreeItem(rows[0] as Node);
    expect(rows[0]?.kind).toBe('message');
    expect(String(item.label)).toMatch(/401|auth|credential|secret/i);
    expect(String(item.label)).not.toContain('wrong-secret');
  });
});
