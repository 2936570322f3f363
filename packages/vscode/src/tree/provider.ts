import * as vscode from 'vscode';
import type {
  GroupMember,
  ListResponse,
  ScimClient,
  ScimGroup,
  ScimUser,
} from '@celonis-scim/core';
import { describeError } from '../errors.js';
import { resourcesOf, type FolderFilter, type FolderType } from '../filter.js';
import type { TeamStore } from '../teams.js';
import { treeItem } from './items.js';
import { nodeId, type FolderNode, type LoadMoreNode, type Node, type TeamNode } from './nodes.js';
import { PagedList } from './paging.js';

type Listed = ScimUser | ScimGroup;

/**
 * The Teams tree: team -> Users / Groups -> a page at a time; a group expands to its members,
 * a user to its groups. Lists live here (keyed by team and folder) so that "Load more" appends
 * to what is shown and a refresh starts over.
 */
export class TeamsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly lists = new Map<string, PagedList<Listed | GroupMember>>();
  private readonly filters = new Map<string, FolderFilter>();
  private readonly teamNodes = new Map<string, TeamNode>();
  private readonly folderNodes = new Map<string, FolderNode>();
  private readonly nodesByList = new Map<string, Node>();

  constructor(
    private readonly teams: TeamStore,
    private readonly pageSize: () => number = () => 50,
  ) {}

  getTreeItem(n: Node): vscode.TreeItem {
    return treeItem(n, {
      filterOf: (team, type) => this.filters.get(folderKey(team, type)),
      totalOf: (team, type) => this.lists.get(folderKey(team, type))?.total,
      teamUrl: (team) => this.teams.get(team)?.scimBaseUrl,
    });
  }

  getParent(): undefined {
    return undefined;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (!n) return this.teams.list().map((t) => this.teamNode(t.name));
    switch (n.kind) {
      case 'team':
        return [this.folderNode(n.team, 'Users'), this.folderNode(n.team, 'Groups')];
      case 'folder':
        return this.listChildren(n, folderKey(n.team, n.type));
      case 'group':
        return this.listChildren(n, `${folderKey(n.team, 'Groups')}/${n.group.id}/members`);
      case 'user':
        return this.userGroups(n.team, n.user, nodeId(n));
      default:
        return [];
    }
  }

  teamNode(team: string): TeamNode {
    let n = this.teamNodes.get(team);
    if (!n) this.teamNodes.set(team, (n = { kind: 'team', team }));
    return n;
  }

  folderNode(team: string, type: FolderType): FolderNode {
    const key = folderKey(team, type);
    let n = this.folderNodes.get(key);
    if (!n) this.folderNodes.set(key, (n = { kind: 'folder', team, type }));
    return n;
  }

  filterOf(team: string, type: FolderType): FolderFilter | undefined {
    return this.filters.get(folderKey(team, type));
  }

  /** Sets (or with undefined clears) a folder's filter and reloads it from its first page. */
  setFilter(team: string, type: FolderType, filter: FolderFilter | undefined): void {
    const key = folderKey(team, type);
    if (filter) this.filters.set(key, filter);
    else this.filters.delete(key);
    this.lists.get(key)?.reset();
    this.changed.fire(this.folderNode(team, type));
  }

  async loadMore(n: LoadMoreNode): Promise<void> {
    const list = this.lists.get(n.listKey);
    if (!list) return;
    await list.more();
    this.changed.fire(this.nodesByList.get(n.listKey));
  }

  /** Forgets what was loaded for a team (or every team) and redraws. */
  refresh(team?: string): void {
    for (const [key, list] of this.lists) if (!team || key.startsWith(`${team}|`)) list.reset();
    if (team && this.teams.get(team)) this.changed.fire(this.teamNode(team));
    else {
      if (team) {
        this.teamNodes.delete(team);
        for (const key of [...this.lists.keys()])
          if (key.startsWith(`${team}|`)) this.lists.delete(key);
      }
      this.changed.fire(undefined);
    }
  }

  /** Redraws one folder from its first page (after a create, delete or state change). */
  refreshFolder(team: string, type: FolderType): void {
    // The folder's own list and those under it (a group's members).
    const key = folderKey(team, type);
    for (const [k, list] of this.lists) if (k === key || k.startsWith(`${key}/`)) list.reset();
    this.changed.fire(this.folderNode(team, type));
  }

  private async listChildren(parent: Node, key: string): Promise<Node[]> {
    this.nodesByList.set(key, parent);
    const list = this.listFor(parent, key);
    const parentId = nodeId(parent);
    try {
      await list.ensure();
    } catch (e) {
      list.reset();
      return [{ kind: 'message', text: describeError(e), error: true, parentId }];
    }
    const nodes: Node[] = list.items.map((item) => this.childNode(parent, item, parentId));
    if (nodes.length === 0) {
      const empty =
        parent.kind === 'group'
          ? 'No members'
          : `No ${parent.kind === 'folder' ? parent.type.toLowerCase() : 'items'}`;
      nodes.push({ kind: 'message', text: empty, error: false, parentId });
    }
    if (!list.done)
      nodes.push({
        kind: 'loadMore',
        listKey: key,
        parentId,
        loaded: list.items.length,
        total: list.total,
      });
    return nodes;
  }

  private childNode(parent: Node, item: Listed | GroupMember, parentId: string): Node {
    if (parent.kind === 'group') {
      return {
        kind: 'member',
        team: parent.team,
        groupId: parent.group.id ?? '',
        groupName: parent.group.displayName,
        member: item as GroupMember,
        parentId,
      };
    }
    const team = (parent as FolderNode).team;
    return (parent as FolderNode).type === 'Users'
      ? { kind: 'user', team, user: item as ScimUser, parentId }
      : { kind: 'group', team, group: item as ScimGroup, parentId };
  }

  private listFor(parent: Node, key: string): PagedList<Listed | GroupMember> {
    let list = this.lists.get(key);
    if (list) return list;
    if (parent.kind === 'group') {
      const team = parent.team;
      const groupId = parent.group.id ?? '';
      // SCIM returns a group's members with the group: fetched once, then shown a page at a time.
      let all: GroupMember[] | undefined;
      list = new PagedList<GroupMember>(async (start, count) => {
        if (!all || start === 1) {
          const client = await this.teams.client(team);
          all = (await client.groups.get(groupId, { attributes: 'members' })).members ?? [];
        }
        return {
          schemas: [],
          Resources: all.slice(start - 1, start - 1 + count),
          totalResults: all.length,
        };
      }, this.pageSize);
    } else {
      const folder = parent as FolderNode;
      list = new PagedList<Listed>(async (startIndex, count) => {
        const client: ScimClient = await this.teams.client(folder.team);
        const filter = this.filters.get(key)?.scim;
        const resources = resourcesOf(client, folder.type);
        return (await resources.listPage({
          startIndex,
          count,
          ...(filter ? { filter } : {}),
          ...(folder.type === 'Groups' ? { excludedAttributes: 'members' } : {}),
        })) as ListResponse<Listed>;
      }, this.pageSize);
    }
    this.lists.set(key, list as PagedList<Listed | GroupMember>);
    return list as PagedList<Listed | GroupMember>;
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

export function folderKey(team: string, type: FolderType): string {
  return `${team}|${type}`;
}
