import * as vscode from 'vscode';
import { toFolderFilter } from '../filter.js';
import { resourceUri } from '../fs/uri.js';
import type { FolderNode, GroupNode, MemberNode, UserNode } from '../tree/nodes.js';
import { resourceName, withProgress, type CommandDeps } from './common.js';

// The commands that work on a user or a group alike, and on a folder of them.

export async function filterFolder(deps: CommandDeps, n: FolderNode): Promise<void> {
  const current = deps.tree.filterOf(n.team, n.type);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter {0} of {1}', n.type, n.team),
    prompt:
      n.type === 'Users'
        ? vscode.l10n.t(
            'Text to find in userName, displayName or e-mail, or a SCIM filter such as: active eq false',
          )
        : vscode.l10n.t(
            'Text to find in the display name, or a SCIM filter such as: displayName sw "Sales"',
          ),
    value: current?.text ?? '',
    validateInput: (v) => toFolderFilter(n.type, v).error,
  });
  if (text === undefined) return;
  deps.tree.setFilter(n.team, n.type, toFolderFilter(n.type, text).filter);
}

export async function openJson(n: UserNode | GroupNode): Promise<void> {
  const id = n.kind === 'user' ? n.user.id : n.group.id;
  if (!id) return;
  const uri = resourceUri({
    team: n.team,
    type: n.kind === 'user' ? 'Users' : 'Groups',
    id,
    name: n.kind === 'user' ? n.user.userName : n.group.displayName,
  });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
}

export async function deleteResource(deps: CommandDeps, n: UserNode | GroupNode): Promise<void> {
  const what = resourceName(n);
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete {0} from team {1}?', what, n.team),
    {
      modal: true,
      detail: vscode.l10n.t('This cannot be undone. Deactivating a user keeps it and its history.'),
    },
    vscode.l10n.t('Delete'),
  );
  if (answer !== vscode.l10n.t('Delete')) return;
  const c = await deps.store.client(n.team);
  const ok = await withProgress(deps, vscode.l10n.t('Deleting {0}...', what), async () => {
    if (n.kind === 'user') await c.users.delete(n.user.id ?? '');
    else await c.groups.delete(n.group.id ?? '');
    return true;
  });
  if (ok) deps.tree.refreshFolder(n.team, n.kind === 'user' ? 'Users' : 'Groups');
}

export function copyId(n: UserNode | GroupNode | MemberNode): Thenable<void> {
  return vscode.env.clipboard.writeText(
    n.kind === 'member' ? n.member.value : ((n.kind === 'user' ? n.user.id : n.group.id) ?? ''),
  );
}
