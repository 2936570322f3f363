import * as vscode from 'vscode';
import { showError } from '../errors.js';
import type { FolderNode, GroupNode, LoadMoreNode, Node } from '../tree/nodes.js';
import { addSelectionToGroup, selectionOf } from './bulkCommands.js';
import type { CommandDeps } from './common.js';
import { goToUser, type Revealer } from './goToUser.js';

// The commands that need the tree view itself (reveal) or work on the tree's selection.

export function registerTreeCommands(
  deps: CommandDeps,
  view: Revealer | undefined,
): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(`celonisScim.${id}`, fn);
  return [
    reg('goToUser', () => goToUser(deps, view)),
    reg('loadAll', (n: FolderNode | GroupNode | LoadMoreNode) => loadAll(deps, n)),
    reg('addToGroup', (n: Node, all?: Node[]) => addSelectionToGroup(deps, selectionOf(n, all))),
  ];
}

/**
 * Load All on a folder or a group's members: page after page with a cancellable progress; the
 * pages loaded before a cancel stay. Resolves to the number of items loaded.
 */
export async function loadAll(
  deps: CommandDeps,
  n: FolderNode | GroupNode | LoadMoreNode,
): Promise<number> {
  const owner = n.kind === 'loadMore' ? n.owner : n;
  const what =
    owner.kind === 'folder'
      ? `${owner.type.toLowerCase()} of ${owner.team}`
      : `members of ${owner.group.displayName}`;
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Loading all {0}', what),
        cancellable: true,
      },
      async (progress, token) => {
        let shown = 0;
        await deps.tree.loadAll(
          owner,
          () => token.isCancellationRequested,
          (loaded, total) => {
            const increment = total ? ((loaded - shown) / total) * 100 : undefined;
            shown = loaded;
            progress.report({
              message: total !== undefined ? `${loaded} of ${total}` : `${loaded}`,
              ...(increment !== undefined ? { increment } : {}),
            });
          },
        );
      },
    );
  } catch (e) {
    await showError(deps.log, vscode.l10n.t('Loading all {0} failed', what), e);
  }
  return owner.loadedCount;
}
