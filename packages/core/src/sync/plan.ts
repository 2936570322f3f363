import type { ScimClient } from '../client.js';
import type { ScimUser } from '../types/index.js';
import { managedFrom, normaliseManaged, overlay, requestedAttributes } from './attributes.js';
import { folderFor, indexTeam, matchUsers, type Match } from './match.js';
import { checkDesired, resolveOptions, type ResolvedOptions } from './options.js';
import { managedGroupNames, planGroups } from './plan-groups.js';
import { planMatched, planMissing, protector } from './plan-users.js';
import { assessSafety, checkSourceNotEmpty, checkSourceSize } from './safety.js';
import { readTeam, serverNotes, type TeamState } from './team.js';
import {
  ACTION_KINDS,
  type CreateGroupAction,
  type DesiredState,
  type PlanIssue,
  type SyncAction,
  type SyncActionKind,
  type SyncOptions,
  type SyncPlan,
} from './types.js';

type Obj = Record<string, unknown>;

const lowerCmp = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** What a plan needs before the team is read: checked options and the managed attributes. */
export interface PreparedPlan {
  opts: ResolvedOptions;
  managed: string[];
  desired: DesiredState;
  groupNames: string[];
  scopeGroup: string | undefined;
  /** `attributes=` of the user listing. */
  attributes: string[];
  /** Groups to read. */
  groups: string[];
}

/** Checks options and source; throws before any request. */
export function preparePlan(desired: DesiredState, options: SyncOptions = {}): PreparedPlan {
  const opts = resolveOptions(options);
  checkDesired(desired);
  checkSourceNotEmpty(desired.users.length, opts.force);
  const managed = options.attributes
    ? normaliseManaged(options.attributes)
    : managedFrom(desired.users);
  const groupNames = managedGroupNames(opts.rules, desired.groups ?? []);
  const scopeGroup =
    opts.scope.kind === 'group' || opts.scope.kind === 'created' ? opts.scope.group : undefined;
  return {
    opts,
    managed,
    desired,
    groupNames,
    scopeGroup,
    attributes: requestedAttributes(managed),
    groups: scopeGroup ? [...groupNames, scopeGroup] : groupNames,
  };
}

/**
 * Reads the team once and returns what it takes to make it match `desired`; writes nothing.
 * See docs/sync.md for the rules on matching, scope, safety and groups.
 */
export async function planSync(
  client: ScimClient,
  desired: DesiredState,
  options: SyncOptions = {},
): Promise<SyncPlan> {
  const prepared = preparePlan(desired, options);
  const team = await readTeam(client, prepared.attributes, prepared.groups);
  const plan = planFromTeam(prepared, team, client.baseUrl);
  plan.warnings.push(...serverNotes(client));
  return plan;
}

/** The planning itself, on a team already read: CPU only, no requests. */
export function planFromTeam(prepared: PreparedPlan, team: TeamState, baseUrl: string): SyncPlan {
  const { opts, managed, desired, groupNames, scopeGroup } = prepared;
  const desiredGroups = desired.groups ?? [];
  const fold = folderFor(team.caps.schemas);
  const scopeMembers = new Set(
    (scopeGroup ? (team.groups.get(scopeGroup.toLowerCase())?.members ?? []) : []).map(
      (m) => m.value,
    ),
  );
  const inScope = (u: ScimUser): boolean =>
    opts.scope.kind === 'all' ||
    (opts.scope.kind === 'externalId'
      ? typeof u.externalId === 'string' && u.externalId !== ''
      : scopeMembers.has(u.id as string));
  const scoped = team.users.filter(inScope);
  checkSourceSize(
    desired.users.length,
    scoped.filter((u) => u.active !== false).length,
    opts.minSourceRatio,
    opts.force,
  );
  const isProtected = protector(opts.protect);

  const { matches, errors, claimed } = matchUsers(
    desired.users,
    indexTeam(team.users, opts.match, fold),
    opts.match,
    fold,
  );
  const warnings: PlanIssue[] = [];
  const targets = new Map<Match, Obj>();
  const targetOf = (m: Match): Obj => {
    let t = targets.get(m);
    if (!t) {
      t = overlay(m.user as Obj, m.row.user as Obj, managed);
      // A userName that differs only where the server ignores case is the same userName.
      if (
        typeof t.userName === 'string' &&
        fold('userName', t.userName) === fold('userName', m.user!.userName)
      )
        t.userName = m.user!.userName;
      targets.set(m, t);
    }
    return t;
  };
  const { creates, updates } = planMatched(matches, {
    opts,
    managed,
    fold,
    inScope,
    isProtected,
    targetOf,
    warnings,
  });
  // Every matched user is claimed, and so are users that rows in error reach.
  const matchedIds = claimed;
  const missing = scoped.filter((u) => !matchedIds.has(u.id as string));
  const deletes = planMissing(missing, opts, managed, isProtected, warnings, updates);

  const createGroups = [...groupNames, ...(scopeGroup ? [scopeGroup] : [])]
    .filter(
      (n, i, all) =>
        !team.groups.has(n.toLowerCase()) &&
        all.findIndex((x) => x.toLowerCase() === n.toLowerCase()) === i,
    )
    .sort(lowerCmp)
    .map((displayName, i): CreateGroupAction => ({
      id: `createGroup:${i + 1}`,
      kind: 'createGroup',
      displayName,
      reason: 'named by the sync but missing from the team',
    }));
  creates.sort((a, b) => lowerCmp(a.userName, b.userName));
  const createIds = new Map(creates.map((c, i) => [c.match, `create:${i + 1}`]));
  const groupCreateId = (name: string) =>
    createGroups.find((g) => g.displayName.toLowerCase() === name.toLowerCase())?.id as string;
  const missingIds = new Set(missing.map((u) => u.id as string));
  const groups = planGroups({
    rules: opts.rules,
    desiredGroups,
    matches,
    recordOf: (m) => (m.user ? targetOf(m) : (m.row.user as Obj)),
    createIdOf: (m) => createIds.get(m),
    teamGroups: team.groups,
    teamById: new Map(team.users.map((u) => [u.id as string, u])),
    inScope,
    isProtected,
    keepMembership: (u) => opts.missing === 'leave' && missingIds.has(u.id as string),
    scope: opts.scope,
    keys: opts.match,
    fold,
    groupCreateId,
  });
  warnings.push(...groups.warnings);
  if (scopeGroup && creates.length > 0) {
    const existing = team.groups.get(scopeGroup.toLowerCase());
    groups.actions.push({
      kind: 'addMembers',
      group: existing?.id
        ? { id: existing.id, displayName: existing.displayName }
        : { displayName: scopeGroup, createdBy: groupCreateId(scopeGroup) },
      members: creates.map((c) => ({
        createdBy: createIds.get(c.match) as string,
        userName: c.userName,
        reason: 'created by the sync: joins the scope group',
      })),
      reason: `users the sync creates join the scope group ${scopeGroup}`,
    });
  }

  const actions: SyncAction[] = [
    ...createGroups,
    ...creates.map(({ match, ...c }) => ({ id: createIds.get(match) as string, ...c })),
    ...numbered(
      updates.sort((a, b) => lowerCmp(a.userName, b.userName) || lowerCmp(a.userId, b.userId)),
    ),
    ...numbered(deletes.sort((a, b) => lowerCmp(a.userName, b.userName))),
    ...numbered(groups.actions),
  ];
  actions.sort((a, b) => ACTION_KINDS.indexOf(a.kind) - ACTION_KINDS.indexOf(b.kind));
  return assemble(prepared, team, baseUrl, { scoped: scoped.length, errors, warnings, actions });
}

function assemble(
  prepared: PreparedPlan,
  team: TeamState,
  baseUrl: string,
  parts: { scoped: number; errors: PlanIssue[]; warnings: PlanIssue[]; actions: SyncAction[] },
): SyncPlan {
  const { opts, managed, desired } = prepared;
  const desiredGroups = desired.groups ?? [];
  return {
    format: 'celonis-scim/sync-plan',
    version: 1,
    createdAt: opts.now().toISOString(),
    baseUrl,
    server: { etag: team.caps.etag, bulk: team.caps.bulk.supported, patch: team.caps.patch },
    options: optionsRecord(opts, managed),
    source: {
      users: desired.users.length,
      groups: desiredGroups.length,
      files: [
        ...new Set(desired.users.flatMap((u) => (u.source.file ? [u.source.file] : []))),
      ].sort(),
    },
    team: { users: team.users.length, inScope: parts.scoped },
    counts: countActions(parts.actions),
    safety: assessSafety(parts.actions, parts.scoped, opts.limits),
    errors: parts.errors,
    warnings: parts.warnings,
    actions: parts.actions,
  };
}

function numbered<T extends { kind: SyncActionKind }>(drafts: T[]): Array<T & { id: string }> {
  const n = new Map<SyncActionKind, number>();
  return drafts.map((d) => {
    const i = (n.get(d.kind) ?? 0) + 1;
    n.set(d.kind, i);
    return { id: `${d.kind}:${i}`, ...d };
  });
}

export function countActions(actions: readonly SyncAction[]): Record<SyncActionKind, number> {
  const counts = Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<
    SyncActionKind,
    number
  >;
  for (const a of actions)
    counts[a.kind] += a.kind === 'addMembers' || a.kind === 'removeMembers' ? a.members.length : 1;
  return counts;
}

function optionsRecord(opts: ResolvedOptions, managed: string[]): SyncPlan['options'] {
  return {
    match: opts.match,
    scope: opts.scope,
    missing: opts.missing,
    limits: opts.limits,
    rules: opts.rules.map((r) => ({ group: r.group, filter: r.filter })),
    protect: opts.protect.length,
    attributes: managed,
  };
}
