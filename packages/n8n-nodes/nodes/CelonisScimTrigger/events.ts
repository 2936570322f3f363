import { CHANGE_EVENT_ORDER, type ChangeEvent, type ChangeEventType } from '@celonis-scim/core';
import type { IDataObject } from 'n8n-workflow';
import type { Details } from './details';
import { simplifyGroup, simplifyUser } from '../../shared/simplify';

export const EVENT_OPTIONS: Array<{ name: string; value: ChangeEventType; description: string }> = [
  { name: 'Group Created', value: 'group.created', description: 'A group appeared in the team' },
  { name: 'Group Deleted', value: 'group.deleted', description: 'A group was deleted' },
  {
    name: 'Group Updated',
    value: 'group.updated',
    description: 'A group was renamed or its external ID changed',
  },
  { name: 'Member Added', value: 'member.added', description: 'A user was added to a group' },
  {
    name: 'Member Removed',
    value: 'member.removed',
    description: 'A user was removed from a group (also when the user was deleted)',
  },
  { name: 'User Created', value: 'user.created', description: 'A user appeared in the team' },
  {
    name: 'User Deactivated',
    value: 'user.deactivated',
    description: 'A user can no longer sign in',
  },
  { name: 'User Deleted', value: 'user.deleted', description: 'A user was deleted' },
  {
    name: 'User Reactivated',
    value: 'user.reactivated',
    description: 'A deactivated user was activated again',
  },
  {
    name: 'User Updated',
    value: 'user.updated',
    description: 'Any attribute of a user changed (a deactivation also counts)',
  },
];

export function isChangeType(v: string): v is ChangeEventType {
  return (CHANGE_EVENT_ORDER as readonly string[]).includes(v);
}

/**
 * The output item of a change: what the diff knows (ids, userName, active flag, group name)
 * plus the current user / group where there still is one.
 */
export function eventItem(event: ChangeEvent, details: Details, at: string): IDataObject {
  const item: IDataObject = { event: event.type, detectedAt: at };
  switch (event.type) {
    case 'member.added':
    case 'member.removed': {
      item.groupId = event.groupId;
      item.userId = event.userId;
      if (event.cause) item.cause = event.cause;
      const user = details.users.get(event.userId);
      if (user) item.user = simplifyUser(user);
      break;
    }
    case 'group.created':
    case 'group.updated':
    case 'group.deleted':
      item.groupId = event.id;
      if (event.displayName !== undefined) item.displayName = event.displayName;
      break;
    default:
      item.userId = event.id;
      if (event.userName !== undefined) item.userName = event.userName;
      if ('active' in event) item.active = event.active;
      {
        const user = details.users.get(event.id);
        if (user) item.user = simplifyUser(user);
      }
  }
  const groupId = item.groupId as string | undefined;
  const group = groupId === undefined ? undefined : details.groups.get(groupId);
  if (group) item.group = simplifyGroup({ ...group, members: undefined as never });
  return item;
}
