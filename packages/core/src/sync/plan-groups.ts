import type { ScimGroup } from '../types/index.js';
import type { TeamUser } from './team.js';
import { keyValue, type Folder, type Match } from './match.js';
import { rulesFor, type CompiledRule } from './rules.js';
import type {
  DesiredGroup,
  MatchKey,
  MemberAction,
  MemberRef,
  PlanIssue,
  SyncScope,
} from './types.js';

type Obj = Record<string, unknown>;

export interface GroupPlanInput {
  rules: readonly CompiledRule[];
  desiredGroups: readonly DesiredGroup[];
  matches: readonly Match[];
  /** The record rules see per match: the team user as the source wants it, or the new user. */
  recordOf: (m: Match) => Obj;
  createIdOf: (m: Match) => string | undefined;
  teamGroups: Map<string, ScimGroup>;
  teamById: Map<string, TeamUser>;
  inScope: (u: TeamUser) => boolean;
  isProtected: (u: TeamUser) => boolean;
  /** In-scope users missing from the source whose memberships stay (missing: 'leave'). */
  keepMembership: (u: TeamUser) => boolean;
  scope: SyncScope;
  keys: readonly MatchKey[];
  fold: Folder;
  /** Id of the createGroup action for a group the team lacks. */
  groupCreateId: (displayName: string) => string;
}

export interface GroupPlan {
  actions: Array<Omit<MemberAction, 'id'>>;
  warnings: PlanIssue[];
}

const byName = (a: MemberRef, b: MemberRef) =>
  a.userName.toLowerCase() < b.userName.toLowerCase()
    ? -1
    : a.userName.toLowerCase() > b.userName.toLowerCase()
      ? 1
      : 0;

/** Names of the groups whose membership the plan manages (rules and desired groups). */
export function managedGroupNames(
  rules: readonly CompiledRule[],
  groups: readonly DesiredGroup[],
): string[] {
  const out = new Map<string, string>();
  for (const n of [...rules.map((r) => r.group), ...groups.map((g) => g.displayName)])
    if (!out.has(n.toLowerCase())) out.set(n.toLowerCase(), n);
  return [...out.values()].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

/**
 * Member adds and removes for every managed group: a group gets exactly the in-scope users
 * its rules (or the source's group lists) name; out-of-scope and protected members stay.
 */
export function planGroups(input: GroupPlanInput): GroupPlan {
  const warnings: PlanIssue[] = [];
  const listed = listedMembers(input, warnings);
  const actions: GroupPlan['actions'] = [];
  for (const name of managedGroupNames(input.rules, input.desiredGroups)) {
    const lower = name.toLowerCase();
    const rules = input.rules.filter((r) => r.group.toLowerCase() === lower);
    const wanted = new Map<string, MemberRef>();
    for (const m of input.matches) {
      const reasons = rulesFor(rules, input.recordOf(m)).map((r) => `rule ${r.filter}`);
      if (listed.get(lower)?.has(m)) reasons.push(`listed in group ${name} by the source`);
      if (reasons.length === 0) continue;
      const ref = refOf(input, m, reasons.join('; '));
      const key = ref?.userId ?? ref?.createdBy;
      if (ref && key) wanted.set(key, ref);
    }
    const team = input.teamGroups.get(lower);
    const current = new Set((team?.members ?? []).map((x) => x.value));
    const adds = [...wanted.values()].filter(
      (r) => r.userId === undefined || !current.has(r.userId),
    );
    const removes: MemberRef[] = [];
    for (const id of current) {
      const u = input.teamById.get(id);
      if (
        !u ||
        wanted.has(id) ||
        !input.inScope(u) ||
        input.isProtected(u) ||
        input.keepMembership(u)
      )
        continue;
      removes.push({
        userId: id,
        userName: u.userName,
        reason:
          rules.length > 0
            ? `no rule of ${name} matches`
            : `not listed in group ${name} by the source`,
      });
    }
    const group = team?.id
      ? { id: team.id, displayName: team.displayName }
      : { displayName: name, createdBy: input.groupCreateId(name) };
    if (removes.length > 0)
      actions.push({
        kind: 'removeMembers',
        group,
        members: removes.sort(byName),
        reason: `members of ${name} that the source does not put there`,
      });
    if (adds.length > 0)
      actions.push({
        kind: 'addMembers',
        group,
        members: adds.sort(byName),
        reason: `members the source puts in ${name}`,
      });
  }
  return { actions, warnings };
}

function refOf(input: GroupPlanInput, m: Match, reason: string): MemberRef | undefined {
  if (m.user) {
    if (!input.inScope(m.user)) return undefined;
    return { userId: m.user.id, userName: m.user.userName, reason };
  }
  const createdBy = input.createIdOf(m);
  return createdBy ? { createdBy, userName: m.row.user.userName, reason } : undefined;
}

/** Desired group members (key values) resolved to rows by the match keys, then userName. */
function listedMembers(input: GroupPlanInput, warnings: PlanIssue[]): Map<string, Set<Match>> {
  if (input.desiredGroups.length === 0) return new Map();
  const keys = [...new Set<MatchKey>([...input.keys, 'userName'])];
  const index = new Map<string, Match>();
  for (const key of keys)
    for (const m of input.matches) {
      const v = keyValue(m.row.user, key);
      if (v !== undefined) index.set(`${key}\u0000${input.fold(key, v)}`, m);
    }
  const out = new Map<string, Set<Match>>();
  for (const g of input.desiredGroups) {
    const set = out.get(g.displayName.toLowerCase()) ?? new Set<Match>();
    for (const value of g.members) {
      const m = keys.map((k) => index.get(`${k}\u0000${input.fold(k, value)}`)).find((x) => x);
      if (m) set.add(m);
      else
        warnings.push({
          code: 'unknownMember',
          message: `group ${g.displayName} lists ${JSON.stringify(value)}, which is no user of the source: left out`,
          rows: g.source ? [g.source] : [],
          userIds: [],
        });
    }
    out.set(g.displayName.toLowerCase(), set);
  }
  return out;
}
