import * as vscode from 'vscode';
import { describeError, showError } from '../errors.js';
import type { FolderType } from '../filter.js';
import { nodeId, type GroupNode, type Node, type UserNode } from '../tree/nodes.js';
import { runBulk, summarize, type BulkAction, type BulkReport, type BulkTarget } from './bulk.js';
import { resourceName, withProgress, type CommandDeps } from './common.js';

// Commands on the tree's selection: VS Code passes the clicked node and the selected ones.

/** The nodes a command applies to: the selection when the clicked node is part of it. */
export function selectionOf(clicked: Node | undefined, selected?: readonly Node[]): Node[] {
  if (!selected?.length) return clicked ? [clicked] : [];
  if (clicked && !selected.some((s) => nodeId(s) === nodeId(clicked))) return [clicked];
  return [...selected];
}

export const isUserNode = (n: Node): n is UserNode => n.kind === 'user';
const isResource = (n: Node): n is UserNode | GroupNode => n.kind === 'user' || n.kind === 'group';

function targetOf(n: UserNode | GroupNode): BulkTarget {
  return n.kind === 'user'
    ? { type: 'Users', id: n.user.id ?? '', name: n.user.userName }
    : { type: 'Groups', id: n.group.id ?? '', name: n.group.displayName };
}

function byTeam<T extends { team: string }>(nodes: readonly T[]): Map<string, T[]> {
  const teams = new Map<string, T[]>();
  for (const n of nodes) teams.set(n.team, [...(teams.get(n.team) ?? []), n]);
  return teams;
}

const VERBS: Record<BulkAction, { doing: string; done: string }> = {
  activate: { doing: 'Activating', done: 'Activated' },
  deactivate: { doing: 'Deactivating', done: 'Deactivated' },
  delete: { doing: 'Deleting', done: 'Deleted' },
};

/**
 * Runs one action over many users or groups (of one or several teams) with a cancellable
 * progress notification, then shows one summary and redraws the folders touched.
 */
export async function runOnSelection(
  deps: CommandDeps,
  action: BulkAction,
  nodes: ReadonlyArray<UserNode | GroupNode>,
): Promise<BulkReport> {
  const total = nodes.length;
  const what = noun(nodes);
  const report: BulkReport = { done: [], failed: [], skipped: [], requests: 0 };
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `${VERBS[action].doing} ${what}`,
      cancellable: true,
    },
    async (progress, token) => {
      let reported = 0;
      for (const [team, list] of byTeam(nodes)) {
        const base = reported;
        const step = (settled: number): void => {
          const now = base + settled;
          progress.report({
            increment: ((now - reported) / total) * 100,
            message: vscode.l10n.t('{0} of {1}', now, total),
          });
          reported = now;
        };
        try {
          const client = await deps.store.client(team);
          const r = await runBulk(client, action, list.map(targetOf), {
            cancelled: () => token.isCancellationRequested,
            onProgress: step,
          });
          report.done.push(...r.done);
          report.failed.push(...r.failed);
          report.skipped.push(...r.skipped);
          report.requests += r.requests;
        } catch (e) {
          const reason = describeError(e);
          report.failed.push(...list.map((n) => ({ target: targetOf(n), reason })));
          step(list.length);
        }
      }
    },
  );
  for (const f of report.failed)
    deps.log.error(`${VERBS[action].doing} ${f.target.name} failed: ${f.reason}`);
  const text = summarize(VERBS[action].done, report);
  deps.log.info(text);
  if (report.failed.length || report.skipped.length)
    void vscode.window
      .showWarningMessage(text, vscode.l10n.t('Show Log'))
      .then((c) => c && deps.log.show());
  else void vscode.window.showInformationMessage(text);
  for (const [team, list] of byTeam(nodes))
    for (const type of new Set(
      list.map((n): FolderType => (n.kind === 'user' ? 'Users' : 'Groups')),
    ))
      deps.tree.refreshFolder(team, type);
  return report;
}

function noun(nodes: ReadonlyArray<UserNode | GroupNode>): string {
  const users = nodes.filter(isUserNode).length;
  const groups = nodes.length - users;
  const part = (n: number, one: string): string | undefined =>
    n ? `${n} ${one}${n === 1 ? '' : 's'}` : undefined;
  return [part(users, 'user'), part(groups, 'group')].filter(Boolean).join(' and ');
}

/** Activate or Deactivate on the selected users (other kinds of rows are left out). */
export async function setActiveOnSelection(
  deps: CommandDeps,
  nodes: readonly Node[],
  active: boolean,
): Promise<BulkReport | undefined> {
  const users = nodes.filter(isUserNode);
  if (users.length === 0) return undefined;
  return runOnSelection(deps, active ? 'activate' : 'deactivate', users);
}

/** Delete on the selected users and groups, after one modal confirmation naming them. */
export async function deleteSelection(
  deps: CommandDeps,
  nodes: readonly Node[],
): Promise<BulkReport | undefined> {
  const targets = nodes.filter(isResource);
  if (targets.length === 0) return undefined;
  const teams = [...byTeam(targets).keys()];
  const names = targets.slice(0, 5).map((n) => resourceName(n));
  const more = targets.length > 5 ? `\n... and ${targets.length - 5} more` : '';
  const answer = await vscode.window.showWarningMessage(
    `Delete ${noun(targets)} from team${teams.length > 1 ? 's' : ''} ${teams.join(', ')}?`,
    {
      modal: true,
      detail: `${names.join('\n')}${more}\n\nThis cannot be undone. Deactivating a user keeps it and its history.`,
    },
    vscode.l10n.t('Delete'),
  );
  if (answer !== vscode.l10n.t('Delete')) return undefined;
  return runOnSelection(deps, 'delete', targets);
}

export interface UserRef {
  team: string;
  id: string;
  userName: string;
}

export interface GroupRef {
  team: string;
  id: string;
  displayName: string;
}

/**
 * Adds users to a group of their team with core's member PATCH (batched, through /Bulk for
 * large lists); the drop on a group and Add to Group both end here. Returns the users added.
 */
export async function addUsersToGroup(
  deps: CommandDeps,
  group: GroupRef,
  users: readonly UserRef[],
): Promise<number> {
  const foreign = users.filter((u) => u.team !== group.team);
  if (foreign.length) {
    void vscode.window.showErrorMessage(
      foreign.length === 1
        ? vscode.l10n.t(
            'Not added: {0} is not in team {1}. A group takes users of its own team only.',
            foreign.map((u) => u.userName).join(', '),
            group.team,
          )
        : vscode.l10n.t(
            'Not added: {0} are not in team {1}. A group takes users of its own team only.',
            foreign.map((u) => u.userName).join(', '),
            group.team,
          ),
    );
    return 0;
  }
  if (users.length === 0) return 0;
  const what = users.length === 1 ? (users[0]?.userName ?? '') : `${users.length} users`;
  const c = await deps.store.client(group.team);
  const done = await withProgress(
    deps,
    vscode.l10n.t('Adding {0} to {1}...', what, group.displayName),
    // Members already in the group are left out: some servers list a member added twice twice.
    () =>
      c.groups.addAbsentMembers(
        group.id,
        users.map((u) => u.id),
      ),
  );
  if (!done) return 0;
  deps.tree.refreshFolder(group.team, 'Groups');
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Added {0} to {1} in {2}.', what, group.displayName, group.team),
  );
  // The users now in the group by this action: those added and those already there.
  return done.changed + done.present;
}

/** Add to Group... on the selected users: pick a group of their team, then add them. */
export async function addSelectionToGroup(
  deps: CommandDeps,
  nodes: readonly Node[],
): Promise<number> {
  const users = nodes.filter(isUserNode);
  if (users.length === 0) return 0;
  const teams = [...byTeam(users).keys()];
  if (teams.length > 1) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Add to Group works on users of one team; the selection has users of {0}. Select users of one team.',
        teams.join(', '),
      ),
    );
    return 0;
  }
  const team = teams[0] as string;
  const group = await pickGroup(deps, team, users.length);
  if (!group) return 0;
  return addUsersToGroup(
    deps,
    group,
    users.map((u) => ({ team, id: u.user.id ?? '', userName: u.user.userName })),
  );
}

interface GroupPick extends vscode.QuickPickItem {
  id: string;
}

async function pickGroup(
  deps: CommandDeps,
  team: string,
  count: number,
): Promise<GroupRef | undefined> {
  let picks: GroupPick[];
  try {
    const c = await deps.store.client(team);
    const page = await c.groups.listPage({ count: 500, excludedAttributes: 'members' });
    picks = (page.Resources ?? [])
      .filter((g) => g.id)
      .map((g) => ({ id: g.id ?? '', label: g.displayName }))
      .sort((a, b) => a.label.localeCompare(b.label));
  } catch (e) {
    await showError(deps.log, vscode.l10n.t('Could not list the groups of {0}', team), e);
    return undefined;
  }
  if (picks.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Team {0} has no groups yet: create one first.', team),
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(picks, {
    title:
      count === 1
        ? vscode.l10n.t('Add the user to a group of {0}', team)
        : vscode.l10n.t('Add {0} users to a group of {1}', count, team),
    placeHolder: vscode.l10n.t('Type to narrow the groups'),
    matchOnDescription: true,
  });
  return pick ? { team, id: pick.id, displayName: pick.label } : undefined;
}
