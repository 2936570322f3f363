import * as vscode from 'vscode';
import { SCHEMA_GROUP } from '@celonis-scim/core';
import { showError } from '../errors.js';
import type { GroupNode, MemberNode, Node } from '../tree/nodes.js';
import { teamOf, withProgress, type CommandDeps } from './common.js';
import { pickUsers } from './members.js';
import { askNewGroupName } from './newResourceInput.js';

// The commands on groups and their members.

export async function createGroup(deps: CommandDeps, n?: Node): Promise<void> {
  const team = await teamOf(deps, n);
  if (!team) return;
  const displayName = await askNewGroupName(team);
  if (!displayName) return;
  const c = await deps.store.client(team);
  const created = await withProgress(
    deps,
    vscode.l10n.t('Creating group {0}...', displayName),
    () => c.groups.create({ schemas: [SCHEMA_GROUP], displayName }),
  );
  if (!created) return;
  deps.tree.refreshFolder(team, 'Groups');
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Created group {0} in {1}.', created.displayName, team),
  );
}

export async function addMembers(deps: CommandDeps, n: GroupNode): Promise<void> {
  const c = await deps.store.client(n.team);
  const groupId = n.group.id ?? '';
  let members: Set<string>;
  try {
    const g = await c.groups.get(groupId, { attributes: 'members' });
    members = new Set((g.members ?? []).map((m) => m.value));
  } catch (e) {
    await showError(deps.log, vscode.l10n.t('Could not read {0}', n.group.displayName), e);
    return;
  }
  const ids = await pickUsers(c, n.group.displayName, members);
  if (ids.length === 0) return;
  const ok = await withProgress(
    deps,
    vscode.l10n.t('Adding {0} member(s) to {1}...', ids.length, n.group.displayName),
    () => c.groups.addMembers(groupId, ids),
  );
  if (ok) {
    deps.tree.refreshFolder(n.team, 'Groups');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Added {0} member(s) to {1}.', ids.length, n.group.displayName),
    );
  }
}

export async function removeMember(deps: CommandDeps, n: MemberNode): Promise<void> {
  const c = await deps.store.client(n.team);
  const ok = await withProgress(
    deps,
    vscode.l10n.t('Removing {0} from {1}...', n.member.display ?? n.member.value, n.groupName),
    () => c.groups.removeMembers(n.groupId, [n.member.value]),
  );
  if (ok) deps.tree.refreshFolder(n.team, 'Groups');
}
