import type { GroupMember, ListResponse, ScimGroup, ScimUser } from '@celonis-scim/core';
import { describeError } from '../errors.js';
import { resourcesOf, type FolderFilter, type FolderType } from '../filter.js';
import type { TeamStore } from '../teams.js';
import type { MemberNode, MessageNode, UserGroupNode, UserNode } from './leaves.js';
import { PagedList } from './paging.js';

export interface LoadMoreNode {
  kind: 'loadMore';
  /** The list this row appends a page to. */
  owner: FolderNode | GroupNode;
  parentId: string;
  loaded: number;
  total: number | undefined;
}

export type Node =
  | TeamNode
  | FolderNode
  | UserNode
  | GroupNode
  | UserGroupNode
  | MemberNode
  | LoadMoreNode
  | MessageNode;

export function nodeId(n: Node): string {
  switch (n.kind) {
    case 'team':
      return `team:${n.team}`;
    case 'folder':
      return `team:${n.team}/${n.type}`;
    case 'user':
      return `${n.parentId}/user:${n.user.id ?? n.user.userName}`;
    case 'group':
      return `${n.parentId}/group:${n.group.id ?? n.group.displayName}`;
    case 'userGroup':
      return `${n.parentId}/group:${n.groupId}`;
    case 'member':
      return `${n.parentId}/member:${n.member.value}`;
    case 'loadMore':
      return `${n.parentId}/loadMore`;
    case 'message':
      return `${n.parentId}/message`;
  }
}

/** What parent nodes need to load their children. */
export interface TreeContext {
  teams: TeamStore;
  pageSize: () => number;
}

/**
 * A node whose children are a paged list. It owns the pages loaded so far and the child nodes
 * made from them: `loadMore` appends a page, `reset` forgets both (and what its children
 * loaded) so the next expansion starts over from the first page. The provider only asks it for
 * children and redraws it.
 */
export abstract class PagedParent<T, C extends Node> {
  private readonly list: PagedList<T>;
  private kids: C[] = [];
  /** The same children by node id: what `getParent` and `reveal` look nodes up by. */
  private readonly byId = new Map<string, C>();
  /** Children placed ahead of the pages (a user revealed before its page was loaded). */
  private readonly pinned = new Map<C, T>();

  constructor(protected readonly ctx: TreeContext) {
    this.list = new PagedList<T>((start, count) => this.loadPage(start, count), ctx.pageSize);
  }

  /** This node as the tree knows it (what a "Load more" row points back to). */
  protected abstract get node(): FolderNode | GroupNode;
  protected abstract loadPage(startIndex: number, count: number): Promise<ListResponse<T>>;
  protected abstract childOf(item: T): C;
  protected abstract emptyText(): string;

  /** totalResults of the last page, when the server said. */
  get total(): number | undefined {
    return this.list.total;
  }

  async children(): Promise<Node[]> {
    const parentId = nodeId(this.node);
    try {
      await this.list.ensure();
    } catch (e) {
      this.reset();
      return [message(describeError(e), true, parentId)];
    }
    this.adopt();
    // One row per node: a pinned child stays on top, and a page that repeats an item (the
    // server's order shifted between pages) does not show it twice.
    const nodes: Node[] = [...new Set([...this.pinned.keys(), ...this.kids])];
    if (nodes.length === 0) nodes.push(message(this.emptyText(), false, parentId));
    if (!this.list.done)
      nodes.push({
        kind: 'loadMore',
        owner: this.node,
        parentId,
        loaded: this.list.items.length,
        total: this.list.total,
      });
    return nodes;
  }

  loadMore(): Promise<void> {
    return this.list.more();
  }

  /** Items loaded so far. */
  get loadedCount(): number {
    return this.list.items.length;
  }

  /**
   * Loads page after page until the list ends, `stop()` says so (cancelled, or what was
   * looked for is loaded), reporting the items loaded after each page.
   */
  async loadUntil(stop: () => boolean, onPage?: (loaded: number) => void): Promise<void> {
    await this.list.ensure();
    onPage?.(this.list.items.length);
    while (!this.list.done && !stop()) {
      await this.list.more();
      onPage?.(this.list.items.length);
    }
  }

  /** A child already made, by node id. */
  child(id: string): C | undefined {
    this.adopt();
    return this.byId.get(id);
  }

  /** The loaded (or pinned) child whose item `match` accepts. */
  find(match: (item: T) => boolean): C | undefined {
    this.adopt();
    const i = this.list.items.findIndex(match);
    if (i >= 0) return this.kids[i];
    for (const [kid, item] of this.pinned) if (match(item)) return kid;
    return undefined;
  }

  /**
   * Shows `item` ahead of the pages loaded so far (a user found by search on a page not loaded
   * yet). When its page arrives later it is not shown twice: the pinned node stays.
   */
  pin(item: T): C {
    const kid = this.childOf(item);
    const id = nodeId(kid);
    const known = this.byId.get(id);
    if (known) return known;
    this.pinned.set(kid, item);
    this.byId.set(id, kid);
    return kid;
  }

  // Pages only append until a reset: nodes are made for the new items alone, so children
  // already shown keep what they loaded (an expanded group its members).
  private adopt(): void {
    for (const item of this.list.items.slice(this.kids.length)) {
      const made = this.childOf(item);
      const id = nodeId(made);
      // A pinned child keeps its place; its page gives the same node, not a second row.
      const kid = this.byId.get(id) ?? made;
      this.kids.push(kid);
      this.byId.set(id, kid);
    }
  }

  reset(): void {
    for (const kid of [...this.pinned.keys(), ...this.kids])
      if (kid instanceof PagedParent) kid.reset();
    this.kids = [];
    this.pinned.clear();
    this.byId.clear();
    this.list.reset();
  }
}

/** A team: its Users and Groups folders, made once and kept with their filters. */
export class TeamNode {
  readonly kind = 'team' as const;
  private readonly users: FolderNode;
  private readonly groups: FolderNode;

  constructor(
    ctx: TreeContext,
    readonly team: string,
  ) {
    this.users = new FolderNode(ctx, team, 'Users');
    this.groups = new FolderNode(ctx, team, 'Groups');
  }

  folder(type: FolderType): FolderNode {
    return type === 'Users' ? this.users : this.groups;
  }

  children(): Node[] {
    return [this.users, this.groups];
  }

  /** Forgets what both folders loaded; their filters stay. */
  reset(): void {
    this.users.reset();
    this.groups.reset();
  }
}

/** The Users or Groups of a team, a page at a time, narrowed by the folder's own filter. */
export class FolderNode extends PagedParent<ScimUser | ScimGroup, UserNode | GroupNode> {
  readonly kind = 'folder' as const;
  private current: FolderFilter | undefined;

  constructor(
    ctx: TreeContext,
    readonly team: string,
    readonly type: FolderType,
  ) {
    super(ctx);
  }

  protected get node(): FolderNode {
    return this;
  }

  get filter(): FolderFilter | undefined {
    return this.current;
  }

  /** Sets (or with undefined clears) the filter; the next expansion starts from page one. */
  setFilter(filter: FolderFilter | undefined): void {
    this.current = filter;
    this.reset();
  }

  protected async loadPage(
    startIndex: number,
    count: number,
  ): Promise<ListResponse<ScimUser | ScimGroup>> {
    const client = await this.ctx.teams.client(this.team);
    const filter = this.current?.scim;
    return (await resourcesOf(client, this.type).listPage({
      startIndex,
      count,
      ...(filter ? { filter } : {}),
      ...(this.type === 'Groups' ? { excludedAttributes: 'members' } : {}),
    })) as ListResponse<ScimUser | ScimGroup>;
  }

  protected childOf(item: ScimUser | ScimGroup): UserNode | GroupNode {
    const parentId = nodeId(this);
    return this.type === 'Users'
      ? { kind: 'user', team: this.team, user: item as ScimUser, parentId }
      : new GroupNode(this.ctx, this.team, item as ScimGroup, parentId);
  }

  protected emptyText(): string {
    return `No ${this.type.toLowerCase()}`;
  }
}

/** A group, whose children are its members. */
export class GroupNode extends PagedParent<GroupMember, MemberNode> {
  readonly kind = 'group' as const;
  private all: GroupMember[] | undefined;

  constructor(
    ctx: TreeContext,
    readonly team: string,
    readonly group: ScimGroup,
    readonly parentId: string,
  ) {
    super(ctx);
  }

  protected get node(): GroupNode {
    return this;
  }

  // SCIM returns a group's members with the group: fetched once, then shown a page at a time.
  protected async loadPage(start: number, count: number): Promise<ListResponse<GroupMember>> {
    if (!this.all || start === 1) {
      const client = await this.ctx.teams.client(this.team);
      const g = await client.groups.get(this.group.id ?? '', { attributes: 'members' });
      this.all = g.members ?? [];
    }
    return {
      schemas: [],
      Resources: this.all.slice(start - 1, start - 1 + count),
      totalResults: this.all.length,
    };
  }

  protected childOf(member: GroupMember): MemberNode {
    return {
      kind: 'member',
      team: this.team,
      groupId: this.group.id ?? '',
      groupName: this.group.displayName,
      member,
      parentId: nodeId(this),
    };
  }

  protected emptyText(): string {
    return 'No members';
  }
}

function message(text: string, error: boolean, parentId: string): MessageNode {
  return { kind: 'message', text, error, parentId };
}
