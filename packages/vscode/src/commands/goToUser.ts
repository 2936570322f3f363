import * as vscode from 'vscode';
import { filter, formatFilter, type ScimUser } from '@celonis-scim/core';
import { describeError, showError } from '../errors.js';
import { looksLikeScimFilter, toFolderFilter } from '../filter.js';
import { userLabel, type Node, type UserNode } from '../tree/nodes.js';
import type { CommandDeps } from './common.js';

/** The part of a TreeView that Go to User needs. */
export interface Revealer {
  reveal(
    n: Node,
    options: { select?: boolean; focus?: boolean; expand?: boolean | number },
  ): Thenable<void>;
}

interface UserPick extends vscode.QuickPickItem {
  team: string;
  user: ScimUser;
}

const PER_TEAM = 20;
const DEBOUNCE_MS = 250;

/** The server filter for what was typed: a SCIM filter as it is, else names and e-mail. */
export function userSearchFilter(text: string): { filter?: string; error?: string } {
  const t = text.trim();
  if (!t) return {};
  if (looksLikeScimFilter(t)) {
    const { filter: typed, error } = toFolderFilter('Users', t);
    return error ? { error } : { filter: typed?.scim ?? '' };
  }
  return {
    filter: formatFilter(
      filter.or(
        filter.sw('userName', t),
        filter.co('displayName', t),
        filter.co('emails.value', t),
      ),
    ),
  };
}

/**
 * Go to User...: a quick pick that searches every connected team on the server as you type
 * (debounced), then shows the chosen user in the tree, selected, loading a few more pages of
 * its folder if needed or else placing it at the top. Resolves to the row revealed.
 */
export function goToUser(
  deps: CommandDeps,
  view: Revealer | undefined,
): Promise<UserNode | undefined> {
  const teams = deps.store.list().map((t) => t.name);
  if (teams.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect a team first.'));
    return Promise.resolve(undefined);
  }
  const title = vscode.l10n.t('Go to User');
  const qp = vscode.window.createQuickPick<UserPick>();
  qp.title = title;
  qp.placeholder = vscode.l10n.t(
    'Search users of {0} by userName, name or e-mail (or a SCIM filter)',
    teams.join(', '),
  );
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const search = async (text: string): Promise<void> => {
    const mine = ++generation;
    const { filter, error } = userSearchFilter(text);
    qp.title = error ? `${title} - ${error}` : title;
    if (error || !filter) {
      qp.items = [];
      return;
    }
    qp.busy = true;
    const failures: string[] = [];
    const found = await Promise.all(
      teams.map(async (team) => {
        try {
          const c = await deps.store.client(team);
          const page = await c.users.listPage({ count: PER_TEAM, filter });
          return (page.Resources ?? []).map((user) => pickOf(team, user, teams.length > 1));
        } catch (e) {
          failures.push(`${team}: ${describeError(e)}`);
          return [];
        }
      }),
    );
    if (mine !== generation) return;
    qp.items = found.flat();
    qp.title = failures.length ? `${title} - ${failures.join('; ')}` : title;
    qp.busy = false;
  };

  return new Promise((resolve) => {
    let accepted = false;
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void search(v), DEBOUNCE_MS);
    });
    qp.onDidAccept(() => {
      const pick = qp.selectedItems[0] ?? qp.activeItems?.[0];
      if (!pick) return;
      accepted = true;
      qp.hide();
      void reveal(deps, view, pick).then(resolve, async (e: unknown) => {
        await showError(deps.log, vscode.l10n.t('Could not show {0}', pick.user.userName), e);
        resolve(undefined);
      });
    });
    qp.onDidHide(() => {
      if (timer) clearTimeout(timer);
      if (!accepted) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function pickOf(team: string, user: ScimUser, showTeam: boolean): UserPick {
  const inactive = user.active === false;
  return {
    team,
    user,
    label: userLabel(user),
    description: [user.userName, showTeam ? team : undefined].filter(Boolean).join(' · '),
    ...(inactive ? { detail: 'inactive' } : {}),
  };
}

async function reveal(
  deps: CommandDeps,
  view: Revealer | undefined,
  pick: UserPick,
): Promise<UserNode | undefined> {
  const row = await vscode.window.withProgress(
    {
      location: { viewId: 'celonisScim.teams' },
      title: vscode.l10n.t('Finding {0}...', pick.user.userName),
      cancellable: true,
    },
    (_p, token) => deps.tree.userRow(pick.team, pick.user, 3, () => token.isCancellationRequested),
  );
  if (row && view) await view.reveal(row, { select: true, focus: true, expand: false });
  return row;
}
