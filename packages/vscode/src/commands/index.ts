import * as vscode from 'vscode';
import type { TeamInput } from '../teams.js';
import type {
  FolderNode,
  GroupNode,
  LoadMoreNode,
  MemberNode,
  Node,
  UserNode,
} from '../tree/nodes.js';
import { deleteSelection, selectionOf, setActiveOnSelection } from './bulkCommands.js';
import { withProgress, type CommandDeps } from './common.js';
import { connectTeam } from './connect.js';
import { addMembers, createGroup, removeMember } from './groupCommands.js';
import { copyId, deleteResource, filterFolder, openJson } from './resourceCommands.js';
import { disconnect, trySandbox } from './teamCommands.js';
import { copyUserName, createUser, setActive } from './userCommands.js';

export { resourceName, type CommandDeps } from './common.js';
export { registerTreeCommands } from './treeCommands.js';

/** A command on a row that is part of a selection of several. */
const many = (n: Node, all: Node[] | undefined): boolean => selectionOf(n, all).length > 1;

/** Every command of the extension, by id; the handlers live with their resource. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { store, tree, log } = deps;
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(`celonisScim.${id}`, fn);
  return [
    reg('connect', (arg?: TeamInput) => connectTeam(store, log, arg)),
    reg('disconnect', (n?: Node) => disconnect(deps, n)),
    reg('refresh', (n?: Node) => tree.refresh(n && 'team' in n ? n.team : undefined)),
    reg('loadMore', (n: LoadMoreNode) =>
      withProgress(deps, vscode.l10n.t('Loading more...'), () => tree.loadMore(n), {
        viewId: 'celonisScim.teams',
      }),
    ),
    reg('filter', (n: FolderNode) => filterFolder(deps, n)),
    reg('clearFilter', (n: FolderNode) => tree.setFilter(n.team, n.type, undefined)),
    reg('createUser', (n?: Node) => createUser(deps, n)),
    reg('createGroup', (n?: Node) => createGroup(deps, n)),
    reg('openJson', (n: UserNode | GroupNode) => openJson(n)),
    // From a tree with several rows selected, VS Code passes the clicked row and the selection.
    reg('activateUser', (n: UserNode, all?: Node[]) =>
      many(n, all) ? setActiveOnSelection(deps, all ?? [], true) : setActive(deps, n, true),
    ),
    reg('deactivateUser', (n: UserNode, all?: Node[]) =>
      many(n, all) ? setActiveOnSelection(deps, all ?? [], false) : setActive(deps, n, false),
    ),
    reg('delete', (n: UserNode | GroupNode, all?: Node[]) =>
      many(n, all) ? deleteSelection(deps, all ?? []) : deleteResource(deps, n),
    ),
    reg('addMembers', (n: GroupNode) => addMembers(deps, n)),
    reg('removeMember', (n: MemberNode) => removeMember(deps, n)),
    reg('copyId', (n: UserNode | GroupNode | MemberNode) => copyId(n)),
    reg('copyUserName', (n: UserNode | MemberNode) => copyUserName(deps, n)),
    reg('showLog', () => log.show()),
    reg('trySandbox', () => trySandbox()),
  ];
}
