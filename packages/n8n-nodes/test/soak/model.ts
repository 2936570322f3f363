/**
 * The soak's own record of what the team should look like, kept from the changes it makes and
 * never from what the server says. The events it expects come from comparing two copies of this
 * record, so the trigger's output is checked against an independent account of the changes.
 */
import { CHANGE_EVENT_ORDER } from '@celonis-scim/core';

export interface ModelUser {
  userName: string;
  title: string;
  active: boolean;
}
export interface ModelGroup {
  displayName: string;
  members: Set<string>;
}
export interface Model {
  users: Map<string, ModelUser>;
  groups: Map<string, ModelGroup>;
}

export function cloneModel(m: Model): Model {
  return {
    users: new Map([...m.users].map(([id, u]) => [id, { ...u }])),
    groups: new Map(
      [...m.groups].map(([id, g]) => [
        id,
        { displayName: g.displayName, members: new Set(g.members) },
      ]),
    ),
  };
}

/** One event as a comparable line: `type id [userId] [cause]`. */
export type EventLine = string;

const rank = new Map<string, number>(CHANGE_EVENT_ORDER.map((t, i) => [t, i]));

function sortLines(lines: Array<{ type: string; id: string; userId?: string; line: string }>) {
  return lines
    .sort(
      (a, b) =>
        (rank.get(a.type) ?? 0) - (rank.get(b.type) ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
        ((a.userId ?? '') < (b.userId ?? '') ? -1 : (a.userId ?? '') > (b.userId ?? '') ? 1 : 0),
    )
    .map((l) => l.line);
}

function userLines(before: Model, after: Model) {
  const out: Array<{ type: string; id: string; line: string }> = [];
  const push = (type: string, id: string) => out.push({ type, id, line: `${type} ${id}` });
  for (const [id] of before.users) if (!after.users.has(id)) push('user.deleted', id);
  for (const [id, now] of after.users) {
    const was = before.users.get(id);
    if (!was) {
      push('user.created', id);
      continue;
    }
    if (was.title !== now.title || was.userName !== now.userName) push('user.updated', id);
    if (was.active && !now.active) push('user.deactivated', id);
    if (!was.active && now.active) push('user.reactivated', id);
  }
  return out;
}

function groupLines(before: Model, after: Model) {
  const out: Array<{ type: string; id: string; userId?: string; line: string }> = [];
  for (const [id] of before.groups)
    if (!after.groups.has(id)) out.push({ type: 'group.deleted', id, line: `group.deleted ${id}` });
  for (const [id, now] of after.groups) {
    const was = before.groups.get(id);
    if (!was) out.push({ type: 'group.created', id, line: `group.created ${id}` });
    else if (was.displayName !== now.displayName)
      out.push({ type: 'group.updated', id, line: `group.updated ${id}` });
    for (const userId of now.members)
      if (!was?.members.has(userId))
        out.push({ type: 'member.added', id, userId, line: `member.added ${id} ${userId}` });
    for (const userId of was?.members ?? [])
      if (!now.members.has(userId)) {
        const cause = after.users.has(userId) ? '' : ' user.deleted';
        out.push({
          type: 'member.removed',
          id,
          userId,
          line: `member.removed ${id} ${userId}${cause}`,
        });
      }
  }
  return out;
}

/** The events a trigger must emit for the changes from `before` to `after`, in emission order. */
export function expectedEvents(before: Model, after: Model): EventLine[] {
  return sortLines([...userLines(before, after), ...groupLines(before, after)]);
}

/** The same line for an item the trigger emitted. */
export function lineOf(item: Record<string, unknown>): EventLine {
  const event = String(item.event);
  if (event.startsWith('member.'))
    return `${event} ${String(item.groupId)} ${String(item.userId)}${item.cause ? ` ${String(item.cause)}` : ''}`;
  return `${event} ${String(event.startsWith('group.') ? item.groupId : item.userId)}`;
}
