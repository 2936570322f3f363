import * as vscode from 'vscode';
import type { ScimClient, ScimUser } from '@celonis-scim/core';
import { plainTextFilter, toFolderFilter } from '../filter.js';
import { userLabel } from '../tree/nodes.js';

interface UserPick extends vscode.QuickPickItem {
  id: string;
}

function pickOf(u: ScimUser, already: Set<string>): UserPick {
  return {
    id: u.id ?? '',
    label: userLabel(u),
    description: u.userName + (u.active === false ? ' · inactive' : ''),
    ...(already.has(u.id ?? '') ? { detail: 'already a member' } : {}),
  };
}

/**
 * A multi-select quick pick over the team's users; typing searches on the server (names,
 * userName, e-mail, or a SCIM filter). Choices made before a new search are kept.
 * Resolves to the chosen user ids (empty when cancelled).
 */
export function pickUsers(
  client: ScimClient,
  groupName: string,
  members: Set<string>,
): Promise<string[]> {
  const qp = vscode.window.createQuickPick<UserPick>();
  const title = vscode.l10n.t('Add members to {0}', groupName);
  qp.title = title;
  qp.placeholder = vscode.l10n.t(
    'Search users by name or e-mail (or a SCIM filter); select several, then Enter',
  );
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  const chosen = new Map<string, UserPick>();
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let updating = false;

  const search = async (text: string): Promise<void> => {
    const mine = ++generation;
    const { filter, error } = text.trim() ? toFolderFilter('Users', text) : {};
    if (error) {
      qp.title = `${title} - ${error}`;
      return;
    }
    qp.title = title;
    qp.busy = true;
    try {
      const scim = filter?.scim ?? (text.trim() ? plainTextFilter('Users', text) : undefined);
      const page = await client.users.listPage({ count: 50, ...(scim ? { filter: scim } : {}) });
      if (mine !== generation) return;
      const found = (page.Resources ?? []).map((u) => pickOf(u, members));
      const ids = new Set(found.map((p) => p.id));
      updating = true;
      qp.items = [...[...chosen.values()].filter((p) => !ids.has(p.id)), ...found];
      qp.selectedItems = qp.items.filter((p) => chosen.has(p.id));
      updating = false;
    } catch (e) {
      if (mine === generation)
        qp.title = `${title} - ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (mine === generation) qp.busy = false;
    }
  };

  return new Promise((resolve) => {
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void search(v), 250);
    });
    qp.onDidChangeSelection((sel) => {
      if (updating) return;
      const visible = new Set(qp.items.map((p) => p.id));
      for (const id of [...chosen.keys()]) if (visible.has(id)) chosen.delete(id);
      for (const p of sel) chosen.set(p.id, p);
    });
    qp.onDidAccept(() => {
      resolve([...chosen.keys()].filter((id) => id && !members.has(id)));
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve([]);
      qp.dispose();
    });
    qp.show();
    void search('');
  });
}
