import type { ScimClient } from '../src/index.js';
import type { IntendedState } from './plan.js';

export interface Discrepancies {
  missingUsers: string[];
  extraUsers: string[];
  duplicateUsers: string[];
  wrongActive: string[];
  missingGroups: string[];
  extraGroups: string[];
  duplicateGroups: string[];
  /** `group: +user` (member that should not be there) or `group: -user` (missing member). */
  wrongMemberships: string[];
}

export function discrepancyCount(d: Discrepancies): number {
  return Object.values(d).reduce((n, list: string[]) => n + list.length, 0);
}

/** Reads the whole team (call with faults off) and lists every difference from `intended`. */
export async function verify(client: ScimClient, intended: IntendedState): Promise<Discrepancies> {
  const d: Discrepancies = {
    missingUsers: [],
    extraUsers: [],
    duplicateUsers: [],
    wrongActive: [],
    missingGroups: [],
    extraGroups: [],
    duplicateGroups: [],
    wrongMemberships: [],
  };
  const nameOf = new Map<string, string>();
  const seenUsers = new Map<string, boolean>();
  for await (const u of client.users.list({ attributes: 'userName,active' })) {
    if (u.id) nameOf.set(u.id, u.userName);
    if (seenUsers.has(u.userName)) d.duplicateUsers.push(u.userName);
    seenUsers.set(u.userName, u.active !== false);
    const want = intended.users.get(u.userName);
    if (want === undefined) d.extraUsers.push(u.userName);
    else if (want !== (u.active !== false)) d.wrongActive.push(u.userName);
  }
  for (const name of intended.users.keys()) if (!seenUsers.has(name)) d.missingUsers.push(name);

  const seenGroups = new Set<string>();
  for await (const g of client.groups.list({})) {
    if (seenGroups.has(g.displayName)) d.duplicateGroups.push(g.displayName);
    seenGroups.add(g.displayName);
    const want = intended.groups.get(g.displayName);
    if (!want) {
      d.extraGroups.push(g.displayName);
      continue;
    }
    const have = new Set<string>();
    for (const m of g.members ?? []) {
      const name = nameOf.get(m.value) ?? `unknown id ${m.value}`;
      if (have.has(name)) d.wrongMemberships.push(`${g.displayName}: duplicate ${name}`);
      have.add(name);
      if (!want.has(name)) d.wrongMemberships.push(`${g.displayName}: +${name}`);
    }
    for (const name of want)
      if (!have.has(name)) d.wrongMemberships.push(`${g.displayName}: -${name}`);
  }
  for (const name of intended.groups.keys()) if (!seenGroups.has(name)) d.missingGroups.push(name);
  return d;
}
