import type { GroupMember, ScimUser } from '@celonis-scim/core';
import type { FolderNode, GroupNode, TeamNode } from './parents.js';

// Parents (team, folder, group) are objects that own their pages and filter (parents.ts); the
// rest are plain data, made afresh from what their parent loaded.
export type { FolderNode, GroupNode, TeamNode } from './parents.js';

export interface UserNode {
  kind: 'user';
  team: string;
  user: ScimUser;
  parentId: string;
}
/** A group a user belongs to, shown under the user (not expanded further). */
export interface UserGroupNode {
  kind: 'userGroup';
  team: string;
  groupId: string;
  display: string;
  parentId: string;
}
export interface MemberNode {
  kind: 'member';
  team: string;
  groupId: string;
  groupName: string;
  member: GroupMember;
  parentId: string;
}
export interface LoadMoreNode {
  kind: 'loadMore';
  /** The list this row appends a page to. */
  owner: FolderNode | GroupNode;
  parentId: string;
  loaded: number;
  total: number | undefined;
}
export interface MessageNode {
  kind: 'message';
  text: string;
  error: boolean;
  parentId: string;
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

export function userLabel(u: ScimUser): string {
  return u.displayName || u.name?.formatted || u.userName;
}

export function isInactive(u: ScimUser): boolean {
  return u.active === false;
}
