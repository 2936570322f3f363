import type { IDataObject } from 'n8n-workflow';
import { CHANGE_TYPES, type Change, type ChangeType, type State } from '../../shared/changes';
import { simplifyGroup, simplifyUser } from '../CelonisScim/helpers/userFields';

export const EVENT_OPTIONS: Array<{ name: string; value: ChangeType; description: string }> = [
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
    description: 'A user was removed from a group (or the group was deleted)',
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
    description: 'Any other attribute of a user changed',
  },
];

export function isChangeType(v: string): v is ChangeType {
  return (CHANGE_TYPES as string[]).includes(v);
}

/** The output item of a change, with the current user / group where there still is one. */
export function eventItem(change: Change, state: State, at: string): IDataObject {
  const item: IDataObject = { event: change.type, detectedAt: at };
  if (change.userId) {
    item.userId = change.userId;
    const user = state.users.get(change.userId);
    if (user) item.user = simplifyUser(user);
  }
  if (change.groupId) {
    item.groupId = change.groupId;
    const group = state.groups.get(change.groupId);
    if (group) item.group = simplifyGroup({ ...group, members: undefined as never });
  }
  return item;
}

/**
 * For a manual run without changes: the latest resources shaped as the chosen events, so that a
 * builder sees the data the trigger will emit.
 */
export function sampleChanges(state: State, events: ChangeType[], max: number): Change[] {
  const recent = <T extends { meta?: { lastModified?: string } }>(items: Iterable<T>) =>
    [...items].sort((a, b) =>
      String(b.meta?.lastModified ?? '').localeCompare(String(a.meta?.lastModified ?? '')),
    );
  const out: Change[] = [];
  for (const type of events) {
    if (type.startsWith('user.'))
      for (const u of recent(state.users.values()).slice(0, max))
        out.push({ type, userId: u.id as string });
    else if (type.startsWith('group.'))
      for (const g of recent(state.groups.values()).slice(0, max))
        out.push({ type, groupId: g.id as string });
    else
      for (const g of recent(state.groups.values())) {
        for (const m of (g.members ?? []).slice(0, max))
          out.push({ type, groupId: g.id as string, userId: m.value });
        if (g.members?.length) break;
      }
  }
  return out.slice(0, max);
}
