import * as vscode from 'vscode';
import { SCHEMA_GROUP, type ScimClient } from '@celonis-scim/core';
import { showError } from '../errors.js';
import { toFolderFilter } from '../filter.js';
import { resourceUri } from '../fs/uri.js';
import type { RequestLog } from '../log.js';
import type { TeamStore, TeamInput } from '../teams.js';
import type { TeamsTreeProvider } from '../tree/provider.js';
import {
  userLabel,
  type FolderNode,
  type GroupNode,
  type LoadMoreNode,
  type MemberNode,
  type Node,
  type UserNode,
} from '../tree/nodes.js';
import { connectTeam } from './connect.js';
import { pickUsers } from './members.js';
import { askNewGroupName, askNewUser } from './users.js';

export interface CommandDeps {
  store: TeamStore;
  tree: TeamsTreeProvider;
  log: RequestLog;
}

/** Runs `work` with a progress notification; errors become notifications with the core hint. */
async function withProgress<T>(
  deps: CommandDeps,
  title: string,
  work: () => Promise<T>,
  location: vscode.ProgressOptions['location'] = vscode.ProgressLocation.Notification,
): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location, title }, work);
  } catch (e) {
    await showError(deps.log, title.replace(/\.\.\.$/, ' failed'), e);
    return undefined;
  }
}

/** The team a command applies to: the node's, the only one, or one the user picks. */
async function teamOf(deps: CommandDeps, n?: Node): Promise<string | undefined> {
  if (n && 'team' in n) return n.team;
  const teams = deps.store.list();
  if (teams.length === 1) return teams[0]?.name;
  if (teams.length === 0) {
    void vscode.window.showInformationMessage('Connect a team first.');
    return undefined;
  }
  return vscode.window.showQuickPick(
    teams.map((t) => t.name),
    { title: 'Which team?' },
  );
}

export function resourceName(n: UserNode | GroupNode): string {
  return n.kind === 'user'
    ? `user "${userLabel(n.user)}" (${n.user.userName})`
    : `group "${n.group.displayName}"`;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { store, tree, log } = deps;
  const client = (team: string): Promise<ScimClient> => store.client(team);
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(`celonisScim.${id}`, fn);
  return [
    reg('connect', (arg?: TeamInput) => connectTeam(store, log, arg)),
    reg('disconnect', async (n?: Node) => {
      const team = await teamOf(deps, n);
      if (!team) return;
      await store.remove(team);
      tree.refresh(team);
      log.info(`Disconnected team ${team}`);
    }),
    reg('refresh', (n?: Node) => tree.refresh(n && 'team' in n ? n.team : undefined)),
    reg('loadMore', (n: LoadMoreNode) =>
      withProgress(deps, 'Loading more...', () => tree.loadMore(n), {
        viewId: 'celonisScim.teams',
      }),
    ),
    reg('filter', (n: FolderNode) => filterFolder(deps, n)),
    reg('clearFilter', (n: FolderNode) => tree.setFilter(n.team, n.type, undefined)),
    reg('createUser', (n?: Node) => createUser(deps, n)),
    reg('createGroup', (n?: Node) => createGroup(deps, n)),
    reg('openJson', (n: UserNode | GroupNode) => openJson(n)),
    reg('activateUser', (n: UserNode) => setActive(deps, n, true)),
    reg('deactivateUser', (n: UserNode) => setActive(deps, n, false)),
    reg('delete', (n: UserNode | GroupNode) => deleteResource(deps, n)),
    reg('addMembers', (n: GroupNode) => addMembers(deps, n)),
    reg('removeMember', async (n: MemberNode) => {
      const c = await client(n.team);
      const ok = await withProgress(
        deps,
        `Removing ${n.member.display ?? n.member.value} from ${n.groupName}...`,
        () => c.groups.removeMembers(n.groupId, [n.member.value]),
      );
      if (ok) tree.refreshFolder(n.team, 'Groups');
    }),
    reg('copyId', (n: UserNode | GroupNode | MemberNode) =>
      vscode.env.clipboard.writeText(
        n.kind === 'member' ? n.member.value : ((n.kind === 'user' ? n.user.id : n.group.id) ?? ''),
      ),
    ),
    reg('copyUserName', async (n: UserNode | MemberNode) => {
      if (n.kind === 'user') return vscode.env.clipboard.writeText(n.user.userName);
      const u = await withProgress(deps, 'Reading user...', async () =>
        (await client(n.team)).users.get(n.member.value),
      );
      if (u) await vscode.env.clipboard.writeText(u.userName);
    }),
    reg('showLog', () => log.show()),
    reg('trySandbox', () => trySandbox()),
  ];
}

async function filterFolder(deps: CommandDeps, n: FolderNode): Promise<void> {
  const current = deps.tree.filterOf(n.team, n.type);
  const text = await vscode.window.showInputBox({
    title: `Filter ${n.type} of ${n.team}`,
    prompt:
      n.type === 'Users'
        ? 'Text to find in userName, displayName or e-mail, or a SCIM filter such as: active eq false'
        : 'Text to find in the display name, or a SCIM filter such as: displayName sw "Sales"',
    value: current?.text ?? '',
    validateInput: (v) => toFolderFilter(n.type, v).error,
  });
  if (text === undefined) return;
  deps.tree.setFilter(n.team, n.type, toFolderFilter(n.type, text).filter);
}

async function createUser(deps: CommandDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  const user = await askNewUser(team);
  if (!user) return;
  const c = await deps.store.client(team);
  const created = await withProgress(deps, `Creating ${user.userName}...`, () =>
    c.users.create(user),
  );
  if (!created) return;
  deps.tree.refreshFolder(team, 'Users');
  void vscode.window.showInformationMessage(`Created user ${created.userName} in ${team}.`);
}

async function createGroup(deps: CommandDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  const displayName = await askNewGroupName(team);
  if (!displayName) return;
  const c = await deps.store.client(team);
  const created = await withProgress(deps, `Creating group ${displayName}...`, () =>
    c.groups.create({ schemas: [SCHEMA_GROUP], displayName }),
  );
  if (!created) return;
  deps.tree.refreshFolder(team, 'Groups');
  void vscode.window.showInformationMessage(`Created group ${created.displayName} in ${team}.`);
}

async function openJson(n: UserNode | GroupNode): Promise<void> {
  const id = n.kind === 'user' ? n.user.id : n.group.id;
  if (!id) return;
  const uri = resourceUri({ team: n.team, type: n.kind === 'user' ? 'Users' : 'Groups', id });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function setActive(deps: CommandDeps, n: UserNode, active: boolean): Promise<void> {
  const c = await deps.store.client(n.team);
  const id = n.user.id ?? '';
  const done = await withProgress(
    deps,
    `${active ? 'Activating' : 'Deactivating'} ${n.user.userName}...`,
    () => (active ? c.users.activate(id) : c.users.deactivate(id)),
  );
  if (done) deps.tree.refreshFolder(n.team, 'Users');
}

async function deleteResource(deps: CommandDeps, n: UserNode | GroupNode): Promise<void> {
  const what = resourceName(n);
  const answer = await vscode.window.showWarningMessage(
    `Delete ${what} from team ${n.team}?`,
    { modal: true, detail: 'This cannot be undone. Deactivating a user keeps it and its history.' },
    'Delete',
  );
  if (answer !== 'Delete') return;
  const c = await deps.store.client(n.team);
  const ok = await withProgress(deps, `Deleting ${what}...`, async () => {
    if (n.kind === 'user') await c.users.delete(n.user.id ?? '');
    else await c.groups.delete(n.group.id ?? '');
    return true;
  });
  if (ok) deps.tree.refreshFolder(n.team, n.kind === 'user' ? 'Users' : 'Groups');
}

async function addMembers(deps: CommandDeps, n: GroupNode): Promise<void> {
  const c = await deps.store.client(n.team);
  const groupId = n.group.id ?? '';
  let members: Set<string>;
  try {
    const g = await c.groups.get(groupId, { attributes: 'members' });
    members = new Set((g.members ?? []).map((m) => m.value));
  } catch (e) {
    await showError(deps.log, `Could not read ${n.group.displayName}`, e);
    return;
  }
  const ids = await pickUsers(c, n.group.displayName, members);
  if (ids.length === 0) return;
  const ok = await withProgress(
    deps,
    `Adding ${ids.length} member(s) to ${n.group.displayName}...`,
    () => c.groups.addMembers(groupId, ids),
  );
  if (ok) {
    deps.tree.refreshFolder(n.team, 'Groups');
    void vscode.window.showInformationMessage(
      `Added ${ids.length} member(s) to ${n.group.displayName}.`,
    );
  }
}

async function trySandbox(): Promise<void> {
  const cmd = 'npx celonis-scim-sandbox --port 8787 --seed';
  const pick = await vscode.window.showInformationMessage(
    `Start the local SCIM sandbox in a terminal with "${cmd}", then connect to http://127.0.0.1:8787/demo with the OAuth client "demo-client" (its secret is printed by the sandbox).`,
    'Copy Command',
    'Connect...',
  );
  if (pick === 'Copy Command') await vscode.env.clipboard.writeText(cmd);
  if (pick === 'Connect...') await vscode.commands.executeCommand('celonisScim.connect');
}
