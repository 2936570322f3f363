import * as vscode from 'vscode';
import type { GroupNode, Node } from './nodes.js';
import type { TeamsTreeProvider } from './provider.js';

/** What a drag of users carries: who they are and their team, as JSON. */
export const USERS_MIME = 'application/vnd.celonis-scim.users+json';

export interface DraggedUser {
  team: string;
  id: string;
  userName: string;
}

export interface DropTarget {
  team: string;
  id: string;
  displayName: string;
}

/**
 * Users dragged onto a group (or onto a member row of it) join that group. Only user rows
 * drag; what arrives is checked before anything is sent.
 */
export class UsersDragAndDrop implements vscode.TreeDragAndDropController<Node> {
  readonly dragMimeTypes = [USERS_MIME];
  readonly dropMimeTypes = [USERS_MIME];

  constructor(
    private readonly tree: TeamsTreeProvider,
    private readonly add: (group: DropTarget, users: DraggedUser[]) => Promise<unknown>,
  ) {}

  handleDrag(source: readonly Node[], data: vscode.DataTransfer): void {
    const users: DraggedUser[] = [];
    for (const n of source)
      if (n.kind === 'user' && n.user.id)
        users.push({ team: n.team, id: n.user.id, userName: n.user.userName });
    if (users.length) data.set(USERS_MIME, new vscode.DataTransferItem(JSON.stringify(users)));
  }

  async handleDrop(target: Node | undefined, data: vscode.DataTransfer): Promise<void> {
    const item = data.get(USERS_MIME);
    if (!item) return;
    const group = this.groupAt(target);
    if (!group) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Drop users on a group to add them to it.'),
      );
      return;
    }
    const users = parseDragged(await item.asString());
    if (!users) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Not added: the dropped data is not a list of users.'),
      );
      return;
    }
    await this.add(
      { team: group.team, id: group.group.id ?? '', displayName: group.group.displayName },
      users,
    );
  }

  private groupAt(target: Node | undefined): GroupNode | undefined {
    if (target?.kind === 'group') return target;
    if (target?.kind === 'member') {
      const parent = this.tree.getParent(target);
      return parent?.kind === 'group' ? parent : undefined;
    }
    return undefined;
  }
}

/** The dragged users, or undefined when the data is anything else. */
export function parseDragged(text: string): DraggedUser[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const ok = value.every(
    (u: unknown) =>
      !!u &&
      typeof u === 'object' &&
      ['team', 'id', 'userName'].every(
        (k) => typeof (u as Record<string, unknown>)[k] === 'string',
      ),
  );
  return ok ? (value as DraggedUser[]) : undefined;
}
