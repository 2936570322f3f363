/** The intended state of a soak run: who exists, who is active, who is in which group. */
export interface SoakSize {
  users: number;
  groups: number;
  offboard: number;
}

export interface IntendedState {
  /** userName -> active */
  users: Map<string, boolean>;
  /** displayName -> member userNames */
  groups: Map<string, Set<string>>;
}

export const userName = (i: number): string => `soak-user-${i}@example.com`;
export const groupName = (j: number): string => `soak-group-${j}`;

/** Every user is in group i % G; every third user is also in a second group. */
export function initialMemberships(size: SoakSize): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (let j = 0; j < size.groups; j++) groups.set(groupName(j), new Set());
  for (let i = 0; i < size.users; i++) {
    groups.get(groupName(i % size.groups))?.add(userName(i));
    if (i % 3 === 0 && size.groups > 1)
      groups.get(groupName((i * 7 + 3) % size.groups))?.add(userName(i));
  }
  return groups;
}

/** Spread offboarded users across the whole range rather than taking the first M. */
export function offboardIndexes(size: SoakSize): number[] {
  const m = Math.min(size.offboard, size.users);
  if (m === 0) return [];
  const step = size.users / m;
  return Array.from({ length: m }, (_, k) => Math.floor(k * step));
}

/** Groups whose members get replaced in phase 2: every fifth group, at least one. */
export function replacedGroups(size: SoakSize): number[] {
  const out: number[] = [];
  for (let j = 0; j < size.groups; j += 5) out.push(j);
  return out;
}

/** The new member list of a replaced group: the still-active users of the next group. */
export function replacementMembers(
  j: number,
  size: SoakSize,
  active: (name: string) => boolean,
): string[] {
  const out: string[] = [];
  const source = (j + 1) % size.groups;
  for (let i = source; i < size.users; i += size.groups)
    if (active(userName(i))) out.push(userName(i));
  return out;
}
