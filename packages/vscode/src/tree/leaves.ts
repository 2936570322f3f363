import type { GroupMember, ScimUser } from '@celonis-scim/core';

// The tree's plain-data nodes, made afresh from what their parent loaded. They name no parent
// class, so parents.ts can build them without a cycle.

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
export interface MessageNode {
  kind: 'message';
  text: string;
  error: boolean;
  parentId: string;
}

export function userLabel(u: ScimUser): string {
  return u.displayName || u.name?.formatted || u.userName;
}

export function isInactive(u: ScimUser): boolean {
  return u.active === false;
}
