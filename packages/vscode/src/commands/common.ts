import * as vscode from 'vscode';
import { showError } from '../errors.js';
import type { RequestLog } from '../log.js';
import type { TeamStore } from '../teams.js';
import type { TeamsTreeProvider } from '../tree/provider.js';
import { userLabel, type GroupNode, type Node, type UserNode } from '../tree/nodes.js';

export interface CommandDeps {
  store: TeamStore;
  tree: TeamsTreeProvider;
  log: RequestLog;
}

/** Runs `work` with a progress notification; errors become notifications with the core hint. */
export async function withProgress<T>(
  deps: CommandDeps,
  title: string,
  work: () => Promise<T>,
  location: vscode.ProgressOptions['location'] = vscode.ProgressLocation.Notification,
): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location, title }, work);
  } catch (e) {
    await showError(deps.log, vscode.l10n.t('{0} failed', title.replace(/\.\.\.$/, '')), e);
    return undefined;
  }
}

/** The team a command applies to: the node's, the only one, or one the user picks. */
export async function teamOf(deps: CommandDeps, n?: Node): Promise<string | undefined> {
  if (n && 'team' in n) return n.team;
  const teams = deps.store.list();
  if (teams.length === 1) return teams[0]?.name;
  if (teams.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect a team first.'));
    return undefined;
  }
  return vscode.window.showQuickPick(
    teams.map((t) => t.name),
    { title: vscode.l10n.t('Which team?') },
  );
}

export function resourceName(n: UserNode | GroupNode): string {
  return n.kind === 'user'
    ? `user "${userLabel(n.user)}" (${n.user.userName})`
    : `group "${n.group.displayName}"`;
}
