import * as vscode from 'vscode';
import type { ScimGroup, ScimUser } from '@celonis-scim/core';
import { describeError } from '../errors.js';
import type { FolderFilter, FolderType } from '../filter.js';
import type { TeamStore } from '../teams.js';
import { treeItem } from './items.js';
import {
  nodeId,
  type FolderNode,
  type GroupNode,
  type LoadMoreNode,
  type Node,
  type UserNode,
} from './nodes.js';
import { TeamNode, type TreeContext } from './parents.js';

/**
 * The Teams tree: team -> Users / Groups -> a page at a time; a group expands to its members,
 * a user to its groups. Each parent node owns its pages, filter and children (parents.ts); the
 * provider asks nodes for children and redraws the node that changed.
 */
export class TeamsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The root's children, by team name: commands and saves name a team, not a node. */
  private readonly teamNodes = new Map<string, TeamNode>();
  private readonly ctx: TreeContext;

  constructor(
    private readonly teams: TeamStore,
    pageSize: () => number = () => 50,
  ) {
    this.ctx = { teams, pageSize };
  }

  getTreeItem(n: Node): vscode.TreeItem {
    return treeItem(n, { teamUrl: (team) => this.teams.get(team)?.scimBaseUrl });
  }

  /** The node a node hangs under, so that `TreeView.reveal` can expand the way to it. */
  getParent(n: Node): Node | undefined {
    switch (n.kind) {
      case 'team':
        return undefined;
      case 'folder':
        return this.teamNode(n.team);
      case 'loadMore':
        return n.owner;
      default:
        return this.nodeById(n.parentId);
    }
  }

  /** A node the tree has made, by id: a team, a folder, or a child of a folder. */
  nodeById(id: string): Node | undefined {
    const m = /^team:([^/]+)(?:\/(Users|Groups)(?:\/(.*))?)?$/.exec(id);
    if (!m?.[1] || !this.teams.get(m[1])) return undefined;
    const team = this.teamNode(m[1]);
    if (!m[2]) return team;
    const folder = team.folder(m[2] as FolderType);
    return m[3] ? folder.child(id) : folder;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (!n) return this.teams.list().map((t) => this.teamNode(t.name));
    switch (n.kind) {
      case 'team':
      case 'folder':
      case 'group':
        return n.children();
      case 'user':
        return this.userGroups(n.team, n.user, nodeId(n));
      default:
        return [];
    }
  }

  teamNode(team: string): TeamNode {
    let n = this.teamNodes.get(team);
    if (!n) this.teamNodes.set(team, (n = new TeamNode(this.ctx, team)));
    return n;
  }

  folderNode(team: string, type: FolderType): FolderNode {
    return this.teamNode(team).folder(type);
  }

  filterOf(team: string, type: FolderType): FolderFilter | undefined {
    return this.folderNode(team, type).filter;
  }

  /** Sets (or with undefined clears) a folder's filter and reloads it from its first page. */
  setFilter(team: string, type: FolderType, filter: FolderFilter | undefined): void {
    const folder = this.folderNode(team, type);
    folder.setFilter(filter);
    this.changed.fire(folder);
  }

  async loadMore(n: LoadMoreNode): Promise<void> {
    await n.owner.loadMore();
    this.changed.fire(n.owner);
  }

  /**
   * Loads every page of a folder or a group's members until the end or until `cancelled()`;
   * what was loaded stays (a cancelled Load All keeps its pages).
   */
  async loadAll(
    owner: FolderNode | GroupNode,
    cancelled: () => boolean,
    onPage?: (loaded: number, total: number | undefined) => void,
  ): Promise<void> {
    try {
      await owner.loadUntil(cancelled, (loaded) => onPage?.(loaded, owner.total));
    } finally {
      this.changed.fire(owner);
    }
  }

  /**
   * The row of a user in its team's Users folder, for `reveal`: found among the pages loaded,
   * else in up to `pages` more pages, else placed at the top of the folder (a team of 100k
   * users is not paged through to show one person). The folder's filter is not consulted:
   * the user asked for this person.
   */
  async userRow(
    team: string,
    user: ScimUser,
    pages = 3,
    cancelled: () => boolean = () => false,
  ): Promise<UserNode | undefined> {
    const folder = this.folderNode(team, 'Users');
    const match = (u: ScimUser | ScimGroup): boolean => u.id === user.id;
    const before = folder.loadedCount;
    let found = folder.find(match);
    if (!found) {
      let budget = pages;
      await folder.loadUntil(() => cancelled() || !!folder.find(match) || budget-- <= 0);
      found = folder.find(match);
    }
    if (cancelled() && !found) return undefined;
    const pinned = !found;
    found ??= folder.pin(user);
    if (pinned || folder.loadedCount !== before) this.changed.fire(folder);
    return found.kind === 'user' ? found : undefined;
  }

  /** Forgets what was loaded for a team (or every team) and redraws. */
  refresh(team?: string): void {
    if (team && this.teams.get(team)) {
      const node = this.teamNode(team);
      node.reset();
      this.changed.fire(node);
      return;
    }
    // A team that is gone takes its node (and the folders' filters) with it.
    if (team) this.teamNodes.delete(team);
    else for (const node of this.teamNodes.values()) node.reset();
    this.changed.fire(undefined);
  }

  /** Redraws one folder from its first page (after a create, delete or state change). */
  refreshFolder(team: string, type: FolderType): void {
    const folder = this.folderNode(team, type);
    folder.reset();
    this.changed.fire(folder);
  }

  private async userGroups(team: string, user: ScimUser, parentId: string): Promise<Node[]> {
    try {
      let refs = user.groups?.map((g) => ({
        id: g.value ?? '',
        display: g.display ?? g.value ?? '',
      }));
      if (!refs) {
        const client = await this.teams.client(team);
        refs = (await client.users.groupsOf(user.id ?? '')).map((g) => ({
          id: g.id ?? '',
          display: g.displayName,
        }));
      }
      if (refs.length === 0)
        return [{ kind: 'message', text: 'In no group', error: false, parentId }];
      return refs.map((r) => ({
        kind: 'userGroup',
        team,
        groupId: r.id,
        display: r.display,
        parentId,
      }));
    } catch (e) {
      return [{ kind: 'message', text: describeError(e), error: true, parentId }];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
