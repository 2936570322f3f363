import type { ScimClient, ScimGroup, ScimUser } from '@celonis-scim/core';

/**
 * The compact state the trigger keeps between polls: per user a short fingerprint and the
 * active flag, per group a fingerprint of its name and its member ids. No names, no e-mails,
 * no full objects: a few dozen bytes per user.
 */
export interface Fingerprints {
  v: 1;
  /** user id -> `<hash>` + `1` (active) or `0` (inactive). */
  u: Record<string, string>;
  /** group id -> [hash, member ids]. */
  g: Record<string, [string, string[]]>;
}

export type ChangeType =
  | 'user.created'
  | 'user.updated'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.deleted'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'member.added'
  | 'member.removed';

export const CHANGE_TYPES: ChangeType[] = [
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

export interface Change {
  type: ChangeType;
  userId?: string;
  groupId?: string;
}

/** The fingerprints of a poll and the resources they came from (kept for this poll only). */
export interface State {
  fingerprints: Fingerprints;
  users: Map<string, ScimUser>;
  groups: Map<string, ScimGroup>;
}

/** FNV-1a, 32 bit, base 36: enough to notice a change, not meant to resist anyone. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Everything a person could have changed; server bookkeeping and group refs left out. */
function userFingerprint(user: ScimUser): string {
  const { meta: _meta, groups: _groups, ...rest } = user;
  const keys = Object.keys(rest).sort();
  return hash(JSON.stringify(rest, keys)) + (user.active === false ? '0' : '1');
}

/** Reads every user and group of the team and fingerprints them. */
export async function takeState(client: ScimClient): Promise<State> {
  const fingerprints: Fingerprints = { v: 1, u: {}, g: {} };
  const users = new Map<string, ScimUser>();
  const groups = new Map<string, ScimGroup>();
  for await (const user of client.users.list({ excludedAttributes: 'groups' })) {
    if (!user.id) continue;
    users.set(user.id, user);
    fingerprints.u[user.id] = userFingerprint(user);
  }
  for await (const group of client.groups.list({})) {
    if (!group.id) continue;
    groups.set(group.id, group);
    const members = (group.members ?? []).map((m) => m.value).sort();
    fingerprints.g[group.id] = [
      hash(JSON.stringify([group.displayName, group.externalId])),
      members,
    ];
  }
  return { fingerprints, users, groups };
}

/** The changes from one set of fingerprints to the next, users first, then groups, then members. */
export function diff(before: Fingerprints, after: Fingerprints): Change[] {
  const out: Change[] = [];
  for (const [userId, now] of Object.entries(after.u)) {
    const was = before.u[userId];
    if (was === undefined) out.push({ type: 'user.created', userId });
    else if (was !== now) {
      const wasActive = was.endsWith('1');
      const isActive = now.endsWith('1');
      if (wasActive && !isActive) out.push({ type: 'user.deactivated', userId });
      else if (!wasActive && isActive) out.push({ type: 'user.reactivated', userId });
      else out.push({ type: 'user.updated', userId });
    }
  }
  for (const userId of Object.keys(before.u))
    if (after.u[userId] === undefined) out.push({ type: 'user.deleted', userId });
  for (const [groupId, [nameHash, members]] of Object.entries(after.g)) {
    const was = before.g[groupId];
    if (!was) out.push({ type: 'group.created', groupId });
    else if (was[0] !== nameHash) out.push({ type: 'group.updated', groupId });
    const old = new Set(was?.[1] ?? []);
    const now = new Set(members);
    for (const userId of members)
      if (!old.has(userId)) out.push({ type: 'member.added', groupId, userId });
    for (const userId of old)
      if (!now.has(userId)) out.push({ type: 'member.removed', groupId, userId });
  }
  for (const [groupId, [, members]] of Object.entries(before.g))
    if (!after.g[groupId]) {
      out.push({ type: 'group.deleted', groupId });
      for (const userId of members) out.push({ type: 'member.removed', groupId, userId });
    }
  return out;
}

/** Checks what came out of workflow static data; anything else counts as no baseline. */
export function parseFingerprints(value: unknown): Fingerprints | undefined {
  const f = value as Fingerprints | undefined;
  if (!f || f.v !== 1 || typeof f.u !== 'object' || typeof f.g !== 'object') return undefined;
  return f;
}
