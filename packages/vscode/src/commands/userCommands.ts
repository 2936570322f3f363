import * as vscode from 'vscode';
import type { MemberNode, Node, UserNode } from '../tree/nodes.js';
import { teamOf, withProgress, type CommandDeps } from './common.js';
import { askNewUser } from './newResourceInput.js';

// The commands on users: create, activate or deactivate, copy the userName.

export async function createUser(deps: CommandDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  const user = await askNewUser(team);
  if (!user) return;
  const c = await deps.store.client(team);
  const created = await withProgress(deps, vscode.l10n.t('Creating {0}...', user.userName), () =>
    c.users.create(user),
  );
  if (!created) return;
  deps.tree.refreshFolder(team, 'Users');
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Created user {0} in {1}.', created.userName, team),
  );
}

export async function setActive(deps: CommandDeps, n: UserNode, active: boolean): Promise<void> {
  const c = await deps.store.client(n.team);
  const id = n.user.id ?? '';
  const done = await withProgress(
    deps,
    active
      ? vscode.l10n.t('Activating {0}...', n.user.userName)
      : vscode.l10n.t('Deactivating {0}...', n.user.userName),
    () => (active ? c.users.activate(id) : c.users.deactivate(id)),
  );
  if (done) deps.tree.refreshFolder(n.team, 'Users');
}

export async function copyUserName(deps: CommandDeps, n: UserNode | MemberNode): Promise<void> {
  if (n.kind === 'user') return vscode.env.clipboard.writeText(n.user.userName);
  const u = await withProgress(deps, vscode.l10n.t('Reading user...'), async () =>
    (await deps.store.client(n.team)).users.get(n.member.value),
  );
  if (u) await vscode.env.clipboard.writeText(u.userName);
}
