/** The stored form of a team's state: small, JSON-serialisable, never full resources. */

export const SNAPSHOT_VERSION = 1;

export interface SnapshotGroup {
  /** Hash of the group's own attributes (displayName, externalId, ...), members excluded. */
  h: string;
  /** displayName, kept so that a `group.deleted` event can still name the group. */
  n?: string;
  /** Member ids (users, or nested groups), sorted and unique. */
  m: string[];
}

export interface Snapshot {
  v: typeof SNAPSHOT_VERSION;
  /**
   * Hash of the attribute selection the fingerprints were computed from. Two snapshots are
   * comparable only when this matches.
   */
  cfg: string;
  /** When the snapshot was taken (client clock, ISO 8601). */
  at: string;
  /** How it was taken. */
  mode: 'full' | 'incremental';
  /**
   * `meta.lastModified` lower bound for the next incremental snapshot (ISO 8601), absent when
   * the server gave no timestamps.
   */
  wm?: string;
  /**
   * User id -> `"<active 1|0>:<hash>"`, or `"<active>:<hash>:<userName>"` when user names are
   * kept. The userName comes last so it may itself contain colons.
   */
  users: Record<string, string>;
  groups: Record<string, SnapshotGroup>;
}

interface UserEventBase {
  id: string;
  /** Present when the snapshot keeps user names (the default). */
  userName?: string;
}

export interface UserChangeEvent extends UserEventBase {
  type: 'user.created' | 'user.updated' | 'user.deactivated' | 'user.reactivated';
  /** The user's `active` flag after the change. */
  active: boolean;
}

export interface UserDeletedEvent extends UserEventBase {
  type: 'user.deleted';
}

export interface GroupChangeEvent {
  type: 'group.created' | 'group.updated' | 'group.deleted';
  id: string;
  /** The group's displayName (before deletion, for `group.deleted`). */
  displayName?: string;
}

export interface MemberChangeEvent {
  type: 'member.added' | 'member.removed';
  /** The group's id (also in `groupId`), so every event sorts by `id`. */
  id: string;
  groupId: string;
  userId: string;
  /** Set on `member.removed` when the membership ended because the user was deleted. */
  cause?: 'user.deleted';
}

export type ChangeEvent = UserChangeEvent | UserDeletedEvent | GroupChangeEvent | MemberChangeEvent;
export type ChangeEventType = ChangeEvent['type'];

/** The order events come out of diffSnapshots: by this list, then by id (then userId). */
export const CHANGE_EVENT_ORDER: readonly ChangeEventType[] = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'member.added',
  'member.removed',
];
