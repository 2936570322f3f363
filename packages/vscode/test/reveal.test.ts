import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { commands, ui, Uri } from './vscode-stub.js';
import { registerCommands, registerTreeCommands } from '../src/commands/index.js';
import { userSearchFilter, type Revealer } from '../src/commands/goToUser.js';
import { ScimFileSystemProvider } from '../src/fs/provider.js';
import { parseResourceUri, resourceUri } from '../src/fs/uri.js';
import {
  nodeId,
  type GroupNode,
  type LoadMoreNode,
  type Node,
  type UserNode,
} from '../src/tree/nodes.js';
import { connect, folder, harness, scim, type Harness, type Sandbox } from './helpers.js';

// getParent and reveal, Go to User, Load All and readable editor names, against a sandbox.

let sb: Sandbox;
let h: Harness;
let revealed: Array<{ node: Node; options: unknown }>;
const view: Revealer = {
  reveal: async (node, options) => {
    revealed.push({ node, options });
  },
};

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'globex' }],
    seed: { users: 45, groups: 2, seed: 5 },
  });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(async () => {
  h = harness(5);
  revealed = [];
  registerCommands({ store: h.store, tree: h.tree, log: h.log });
  registerTreeCommands({ store: h.store, tree: h.tree, log: h.log }, view);
  await connect(h, sb, 'acme');
  await connect(h, sb, 'globex');
});

const run = (id: string, ...args: unknown[]): Promise<unknown> =>
  commands.executeCommand(`celonisScim.${id}`, ...args);

function userListRequests(): string[] {
  const lines = (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
  return lines.filter((l) => /GET \S*\/Users\b/.test(l));
}

/** Every user of the team in server order, read over HTTP. */
async function allUsers(team: string): Promise<Array<{ id: string; userName: string }>> {
  const r = await scim(sb, team, 'GET', '/Users?count=100');
  return r.json.Resources as Array<{ id: string; userName: string }>;
}

/** The chain from a node to the root, as TreeView.reveal walks it. */
function chain(n: Node): string[] {
  const ids = [nodeId(n)];
  for (let p = h.tree.getParent(n); p; p = h.tree.getParent(p)) ids.push(nodeId(p));
  return ids;
}

describe('getParent', () => {
  it('leads from every kind of row back to its team', async () => {
    const users = await folder(h, 'acme', 'Users');
    const rows = await h.tree.getChildren(users);
    const user = rows[0] as UserNode;
    expect(chain(user)).toEqual([nodeId(user), 'team:acme/Users', 'team:acme']);
    const more = rows.at(-1) as LoadMoreNode;
    expect(h.tree.getParent(more)).toBe(users);
    // A user row's group rows: taken from a user that has groups, so the check always runs.
    let withGroups: { user: UserNode; groupRow: Node } | undefined;
    for (const r of rows.filter((n): n is UserNode => n.kind === 'user')) {
      const [groupRow] = await h.tree.getChildren(r);
      if (groupRow) {
        withGroups = { user: r, groupRow };
        break;
      }
    }
    if (!withGroups) throw new Error('no user on the first page is in a group');
    expect(h.tree.getParent(withGroups.groupRow)).toBe(withGroups.user);
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const members = await h.tree.getChildren(groups[0]);
    expect(chain(members[0]!)).toEqual([
      nodeId(members[0]!),
      nodeId(groups[0]!),
      'team:acme/Groups',
      'team:acme',
    ]);
    // The parent is the very node the tree showed, not a look-alike.
    expect(h.tree.getParent(members[0]!)).toBe(groups[0]);
  });
});

describe('finding a user row to reveal', () => {
  it('loads pages until the user is there, then stops', async () => {
    const target = (await allUsers('acme'))[12]!;
    const row = await h.tree.userRow('acme', { userName: target.userName, id: target.id } as never);
    expect(row?.user.id).toBe(target.id);
    // Pages of 5: the user is on the third page; three list requests, no more.
    expect(userListRequests()).toHaveLength(3);
    const rows = await h.tree.getChildren(await folder(h, 'acme', 'Users'));
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(15);
    expect(rows).toContain(row);
  });

  it('places a user far beyond the loaded pages at the top, and never twice', async () => {
    const all = await allUsers('acme');
    const target = all[44]!;
    const row = await h.tree.userRow(
      'acme',
      { userName: target.userName, id: target.id } as never,
      2,
    );
    expect(userListRequests()).toHaveLength(3);
    const users = await folder(h, 'acme', 'Users');
    let rows = await h.tree.getChildren(users);
    expect(rows[0]).toBe(row);
    expect(chain(row!)).toEqual([nodeId(row!), 'team:acme/Users', 'team:acme']);
    // Loading every page brings its page too: still one row for it, all ids unique.
    await h.tree.loadAll(users, () => false);
    rows = await h.tree.getChildren(users);
    const ids = rows.filter((n): n is UserNode => n.kind === 'user').map((n) => n.user.id);
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect(new Set(rows.map(nodeId)).size).toBe(rows.length);
  });
});

describe('Go to User', () => {
  it('builds the server filter with the core builder, and passes SCIM filters through checked', () => {
    expect(userSearchFilter('ada')).toEqual({
      filter: 'userName sw "ada" or displayName co "ada" or emails.value co "ada"',
    });
    expect(userSearchFilter('a"b').filter).toContain('"a\\"b"');
    expect(userSearchFilter('active eq false')).toEqual({ filter: 'active eq false' });
    expect(userSearchFilter('userName eq')).toHaveProperty('error');
    expect(userSearchFilter('  ')).toEqual({});
  });

  it('searches every connected team (debounced) and reveals the chosen user, selected', async () => {
    const target = (await allUsers('globex'))[30]!;
    const done = run('goToUser') as Promise<UserNode | undefined>;
    const qp = ui.quickPicks[0]!;
    qp.fireValue(target.userName.slice(0, 3));
    qp.fireValue(target.userName);
    await waitFor(() => qp.items.length > 0);
    // Typing twice within the debounce time searched once per team.
    expect(userListRequests()).toHaveLength(2);
    const item = qp.items.find((i) => i.description?.startsWith(target.userName));
    expect(item?.description).toBe(`${target.userName} · globex`);
    qp.fireSelection([item!]);
    qp.accept();
    const row = await done;
    expect(row?.user.id).toBe(target.id);
    expect(revealed).toEqual([
      { node: row, options: { select: true, focus: true, expand: false } },
    ]);
    expect(chain(row!)).toEqual([nodeId(row!), 'team:globex/Users', 'team:globex']);
  });

  it('shows what is wrong with a bad SCIM filter and sends nothing', async () => {
    void run('goToUser');
    const qp = ui.quickPicks[0]!;
    qp.fireValue('userName eq');
    await new Promise((r) => setTimeout(r, 400));
    expect(qp.title).toMatch(/Not a valid SCIM filter/);
    expect(userListRequests()).toHaveLength(0);
    (qp as unknown as { hide(): void }).hide();
  });
});

describe('Load All', () => {
  it('loads every page of a folder with progress', async () => {
    const users = await folder(h, 'acme', 'Users');
    expect(await run('loadAll', users)).toBe(45);
    const rows = await h.tree.getChildren(users);
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(45);
    expect(rows.some((n) => n.kind === 'loadMore')).toBe(false);
    expect(ui.progress[0]?.title).toBe('Loading all users of acme');
    expect(ui.progress[0]?.reports.at(-1)?.message).toBe('45 of 45');
  });

  it('stops when cancelled and keeps what it loaded', async () => {
    const users = await folder(h, 'acme', 'Users');
    ui.cancelWhen = (reports) => reports >= 3;
    expect(await run('loadAll', users)).toBe(15);
    const rows = await h.tree.getChildren(users);
    expect(rows.filter((n) => n.kind === 'user')).toHaveLength(15);
    expect(rows.at(-1)?.kind).toBe('loadMore');
  });

  it('loads all members of a group, from its Load more row', async () => {
    const groups = (await h.tree.getChildren(await folder(h, 'acme', 'Groups'))) as GroupNode[];
    const g = groups.find((x) => (x.group.members?.length ?? 0) > 5) ?? groups[0]!;
    const rows = await h.tree.getChildren(g);
    const more = rows.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    const server = await scim(sb, 'acme', 'GET', `/Groups/${g.group.id}`);
    const count = (server.json.members as unknown[]).length;
    if (!more) throw new Error(`group ${g.group.displayName} has ${count} members, one page`);
    expect(await run('loadAll', more)).toBe(count);
    expect((await h.tree.getChildren(g)).filter((n) => n.kind === 'member')).toHaveLength(count);
  });
});

describe('editor tabs name the person or group', () => {
  it('puts the userName or displayName in the path and keeps the id as the key', async () => {
    const uri = resourceUri({ team: 'acme', type: 'Users', id: 'abc-1', name: 'ada@example.com' });
    expect(uri.path).toBe('/Users/ada@example.com.json');
    expect(parseResourceUri(uri)).toEqual({
      team: 'acme',
      type: 'Users',
      id: 'abc-1',
      name: 'ada@example.com',
    });
    const odd = resourceUri({ team: 'acme', type: 'Groups', id: 'g/1?x', name: 'R&D / 100% #1' });
    expect(odd.path).toBe('/Groups/R&D ∕ 100% #1.json');
    expect(parseResourceUri(odd)).toMatchObject({ id: 'g/1?x', name: 'R&D ∕ 100% #1' });
    // URIs made before names (and by hand) still work.
    expect(parseResourceUri(Uri.parse('scim://acme/Users/abc-1.json') as never)).toEqual({
      team: 'acme',
      type: 'Users',
      id: 'abc-1',
    });
    expect(resourceUri({ team: 'acme', type: 'Users', id: 'abc-1' }).toString()).toBe(
      'scim://acme/Users/abc-1.json',
    );
  });

  it('Open as JSON opens the named document, read and saved by id', async () => {
    const target = (await allUsers('acme'))[2]!;
    const fs = new ScimFileSystemProvider(h.store);
    const uri = resourceUri({ team: 'acme', type: 'Users', id: target.id, name: target.userName });
    const doc = JSON.parse(new TextDecoder().decode(await fs.readFile(uri))) as {
      id: string;
      title?: string;
    };
    expect(doc.id).toBe(target.id);
    await fs.writeFile(uri, new TextEncoder().encode(JSON.stringify({ ...doc, title: 'Named' })));
    expect((await scim(sb, 'acme', 'GET', `/Users/${target.id}`)).json.title).toBe('Named');
  });
});

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
