import { decodeUser, type DecodedUser } from './fingerprint.js';
import {
  CHANGE_EVENT_ORDER,
  type ChangeEvent,
  type ChangeEventType,
  type Snapshot,
  type SnapshotGroup,
} from './types.js';

const rank = new Map<ChangeEventType, number>(CHANGE_EVENT_ORDER.map((t, i) => [t, i]));

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEvents(a: ChangeEvent, b: ChangeEvent): number {
  return (
    (rank.get(a.type) ?? 0) - (rank.get(b.type) ?? 0) ||
    compareText(a.id, b.id) ||
    compareText('userId' in a ? a.userId : '', 'userId' in b ? b.userId : '')
  );
}

function named(userName: string | undefined): { userName?: string } {
  return userName === undefined ? {} : { userName };
}

function userEvents(
  id: string,
  before: DecodedUser | undefined,
  after: DecodedUser,
): ChangeEvent[] {
  const base = { id, ...named(after.userName ?? before?.userName), active: after.active };
  if (!before) return [{ type: 'user.created', ...base }];
  const out: ChangeEvent[] = [];
  // A deactivation that also changed other attributes yields both events: a consumer that
  // watches only one of the two types still sees what it cares about.
  if (before.hash !== after.hash) out.push({ type: 'user.updated', ...base });
  if (before.active && !after.active) out.push({ type: 'user.deactivated', ...base });
  if (!before.active && after.active) out.push({ type: 'user.reactivated', ...base });
  return out;
}

function groupEvents(
  id: string,
  before: SnapshotGroup | undefined,
  after: SnapshotGroup,
  deletedUsers: ReadonlySet<string>,
): ChangeEvent[] {
  const displayName = after.n === undefined ? {} : { displayName: after.n };
  const out: ChangeEvent[] = [];
  if (!before) out.push({ type: 'group.created', id, ...displayName });
  else if (before.h !== after.h) out.push({ type: 'group.updated', id, ...displayName });
  const had = new Set(before?.m ?? []);
  const has = new Set(after.m);
  for (const userId of has)
    if (!had.has(userId)) out.push({ type: 'member.added', id, groupId: id, userId });
  for (const userId of had)
    if (!has.has(userId))
      out.push({
        type: 'member.removed',
        id,
        groupId: id,
        userId,
        ...(deletedUsers.has(userId) ? { cause: 'user.deleted' as const } : {}),
      });
  return out;
}

/**
 * The changes that turn `before` into `after`, in a stable order (CHANGE_EVENT_ORDER, then id,
 * then userId). A deleted group yields only `group.deleted` (no `member.removed` for its
 * members); a new group yields `group.created` and one `member.added` per member.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): ChangeEvent[] {
  if (before.cfg !== after.cfg)
    throw new Error(
      'diffSnapshots: the snapshots were taken with different attribute selections, so their fingerprints cannot be compared. Take a new baseline snapshot with the current options and compare against that.',
    );
  const events: ChangeEvent[] = [];
  const deletedUsers = new Set<string>();
  for (const [id, entry] of Object.entries(before.users))
    if (!Object.hasOwn(after.users, id)) {
      deletedUsers.add(id);
      events.push({ type: 'user.deleted', id, ...named(decodeUser(entry).userName) });
    }
  for (const [id, entry] of Object.entries(after.users)) {
    const prior = Object.hasOwn(before.users, id) ? before.users[id] : undefined;
    events.push(
      ...userEvents(id, prior === undefined ? undefined : decodeUser(prior), decodeUser(entry)),
    );
  }
  for (const [id, group] of Object.entries(before.groups))
    if (!Object.hasOwn(after.groups, id))
      events.push({
        type: 'group.deleted',
        id,
        ...(group.n === undefined ? {} : { displayName: group.n }),
      });
  for (const [id, group] of Object.entries(after.groups)) {
    const prior = Object.hasOwn(before.groups, id) ? before.groups[id] : undefined;
    events.push(...groupEvents(id, prior, group, deletedUsers));
  }
  return events.sort(compareEvents);
}
