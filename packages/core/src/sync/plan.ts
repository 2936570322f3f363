import type { ScimClient } from '../client.js';
import { managedFrom, normaliseManaged, overlay, requestedAttributes } from './attributes.js';
import {
  folderFor,
  indexTeam,
  matchUsers,
  type Folder,
  type Match,
  type MatchResult,
} from './match.js';
import { checkDesired, resolveOptions, type ResolvedOptions } from './options.js';
import { managedGroupNames, planGroups, type GroupPlan } from './plan-groups.js';
import { planMatched, planMissing, protector } from './plan-users.js';
import { assessSafety, checkSourceNotEmpty, checkSourceSize } from './safety.js';
import { readTeam, serverNotes, type TeamState, type TeamUser } from './team.js';
import {
  ACTION_KINDS,
  type CreateAction,
  type CreateGroupAction,
  type DeleteAction,
  type DesiredState,
  type MemberAction,
  type PlanIssue,
  type SyncAction,
  type SyncActionKind,
  type SyncOptions,
  type SyncPlan,
  type UpdateAction,
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

/**
 * The planning itself, on a team already read: CPU only, no requests. Named steps in the
 * manner of Terraform's planner: scope, match, users, groups to create, numbering of creates,
 * member changes, the scope-group join, and the order apply runs them in.
 */
export function planFromTeam(prepared: PreparedPlan, team: TeamState, baseUrl: string): SyncPlan {
  const fold = folderFor(team.caps.schemas);
  const scope = scopeOf(prepared, team);
  const matched = matchTeam(prepared, team, fold);
  const steps: Steps = {
    fold,
    inScope: scope.inScope,
    isProtected: protector(prepared.opts.protect),
    targetOf: targetsOf(prepared.managed, fold),
    warnings: [],
  };
  const users = planUsers(prepared, scope.scoped, matched, steps);
  const createGroups = groupsToCreate(prepared, team);
  const creates = numberCreates(users.creates);
  const groupCreateId = createIdOfGroup(createGroups);
  const members = planMembers(prepared, team, {
    steps,
    matches: matched.matches,
    createIdOf: creates.idOf,
    missingIds: users.missingIds,
    groupCreateId,
  });
  steps.warnings.push(...members.warnings);
  const join = scopeGroupJoin(prepared, team, creates.actions, groupCreateId);
  const actions = ordered({
    createGroups,
    creates: creates.actions,
    updates: users.updates,
    deletes: users.deletes,
    members: join ? [...members.actions, join] : members.actions,
  });
  return assemble(prepared, team, baseUrl, {
    scoped: scope.scoped.length,
    errors: matched.errors,
    warnings: steps.warnings,
    actions,
  });
}

type Draft<T> = Omit<T, 'id'>;
type CreateDraft = Draft<CreateAction> & { match: Match };

/** What the steps share once the team is scoped. */
interface Steps {
  fold: Folder;
  inScope: (u: TeamUser) => boolean;
  isProtected: (u: TeamUser) => boolean;
  /** The record a matched user should become. */
  targetOf: (m: Match) => Obj;
  warnings: PlanIssue[];
}

/** Scope: the team users the sync may change; refuses a source much smaller than they are. */
function scopeOf(
  { opts, desired, scopeGroup }: PreparedPlan,
  team: TeamState,
): { inScope: (u: TeamUser) => boolean; scoped: TeamUser[] } {
  const group = scopeGroup ? team.groups.get(scopeGroup.toLowerCase()) : undefined;
  const members = new Set((group?.members ?? []).map((m) => m.value));
  const inScope = (u: TeamUser): boolean =>
    opts.scope.kind === 'all' ||
    (opts.scope.kind === 'externalId'
      ? typeof u.externalId === 'string' && u.externalId !== ''
      : members.has(u.id));
  const scoped = team.users.filter(inScope);
  checkSourceSize(
    desired.users.length,
    scoped.filter((u) => u.active !== false).length,
    opts.minSourceRatio,
    opts.force,
  );
  return { inScope, scoped };
}

/** Match: source rows paired with team users by the match keys (the whole team, not the scope). */
function matchTeam({ opts, desired }: PreparedPlan, team: TeamState, fold: Folder): MatchResult {
  return matchUsers(desired.users, indexTeam(team.users, opts.match, fold), opts.match, fold);
}

/** The team user overlaid with the source's managed attributes, made once per match. */
function targetsOf(managed: readonly string[], fold: Folder): (m: Match) => Obj {
  const targets = new Map<Match, Obj>();
  return (m) => {
    const have = targets.get(m);
    if (have) return have;
    const t = overlay(m.user as Obj, m.row.user as Obj, managed);
    // A userName that differs only where the server ignores case is the same userName.
    if (
      typeof t.userName === 'string' &&
      fold('userName', t.userName) === fold('userName', m.user!.userName)
    )
      t.userName = m.user!.userName;
    targets.set(m, t);
    return t;
  };
}

/** Users: creates, updates, and deactivations or deletions of scoped users the source leaves out. */
function planUsers(
  { opts, managed }: PreparedPlan,
  scoped: readonly TeamUser[],
  matched: MatchResult,
  steps: Steps,
): {
  creates: CreateDraft[];
  updates: Array<Draft<UpdateAction>>;
  deletes: Array<Draft<DeleteAction>>;
  missingIds: Set<string>;
} {
  const { creates, updates } = planMatched(matched.matches, { ...steps, opts, managed });
  // Every matched user is claimed, and so are users that rows in error reach.
  const missing = scoped.filter((u) => !matched.claimed.has(u.id));
  const deletes = planMissing(missing, opts, managed, steps.isProtected, steps.warnings, updates);
  return { creates, updates, deletes, missingIds: new Set(missing.map((u) => u.id)) };
}

/** Groups to create: those the sync names (rules, source, scope group) that the team lacks. */
function groupsToCreate(
  { groupNames, scopeGroup }: PreparedPlan,
  team: TeamState,
): CreateGroupAction[] {
  return [...groupNames, ...(scopeGroup ? [scopeGroup] : [])]
    .filter(
      (n, i, all) =>
        !team.groups.has(n.toLowerCase()) &&
        all.findIndex((x) => x.toLowerCase() === n.toLowerCase()) === i,
    )
    .sort(lowerCmp)
    .map((displayName, i) => ({
      id: `createGroup:${i + 1}`,
      kind: 'createGroup',
      displayName,
      reason: 'named by the sync but missing from the team',
    }));
}

/** The createGroup action that makes a group the team lacks, by name. */
function createIdOfGroup(createGroups: readonly CreateGroupAction[]): (name: string) => string {
  return (name) => {
    const found = createGroups.find((g) => g.displayName.toLowerCase() === name.toLowerCase());
    if (!found) throw new Error(`group ${name} is neither in the team nor created by the plan`);
    return found.id;
  };
}

/** Numbering: creates in userName order get the ids member changes refer to. */
function numberCreates(drafts: CreateDraft[]): {
  actions: Array<CreateDraft & { id: string }>;
  idOf: Map<Match, string>;
} {
  const actions = [...drafts]
    .sort((a, b) => lowerCmp(a.userName, b.userName))
    .map((c, i) => ({ id: `create:${i + 1}`, ...c }));
  return { actions, idOf: new Map(actions.map((c) => [c.match, c.id])) };
}

/** Member changes: every managed group gets exactly the in-scope users its rules name. */
function planMembers(
  { opts, desired }: PreparedPlan,
  team: TeamState,
  p: {
    steps: Steps;
    matches: readonly Match[];
    createIdOf: ReadonlyMap<Match, string>;
    missingIds: ReadonlySet<string>;
    groupCreateId: (name: string) => string;
  },
): GroupPlan {
  return planGroups({
    rules: opts.rules,
    desiredGroups: desired.groups ?? [],
    matches: p.matches,
    recordOf: (m) => (m.user ? p.steps.targetOf(m) : (m.row.user as Obj)),
    createIdOf: (m) => p.createIdOf.get(m),
    teamGroups: team.groups,
    teamById: new Map(team.users.map((u) => [u.id, u])),
    inScope: p.steps.inScope,
    isProtected: p.steps.isProtected,
    keepMembership: (u) => opts.missing === 'leave' && p.missingIds.has(u.id),
    scope: opts.scope,
    keys: opts.match,
    fold: p.steps.fold,
    groupCreateId: p.groupCreateId,
  });
}

/** Scope-group join: users the sync creates join the scope group, so they are in scope next time. */
function scopeGroupJoin(
  { scopeGroup }: PreparedPlan,
  team: TeamState,
  creates: ReadonlyArray<CreateDraft & { id: string }>,
  groupCreateId: (name: string) => string,
): Draft<MemberAction> | undefined {
  if (!scopeGroup || creates.length === 0) return undefined;
  const existing = team.groups.get(scopeGroup.toLowerCase());
  return {
    kind: 'addMembers',
    group: existing?.id
      ? { id: existing.id, displayName: existing.displayName }
      : { displayName: scopeGroup, createdBy: groupCreateId(scopeGroup) },
    members: creates.map((c) => ({
      createdBy: c.id,
      userName: c.userName,
      reason: 'created by the sync: joins the scope group',
    })),
    reason: `users the sync creates join the scope group ${scopeGroup}`,
  };
}

/** Order: every action numbered per kind, in the order apply runs them (ACTION_KINDS). */
function ordered(parts: {
  createGroups: CreateGroupAction[];
  creates: Array<CreateDraft & { id: string }>;
  updates: Array<Draft<UpdateAction>>;
  deletes: Array<Draft<DeleteAction>>;
  members: Array<Draft<MemberAction>>;
}): SyncAction[] {
  const actions: SyncAction[] = [
    ...parts.createGroups,
    ...parts.creates.map(({ match: _match, ...c }) => c),
    ...numbered(
      [...parts.updates].sort(
        (a, b) => lowerCmp(a.userName, b.userName) || lowerCmp(a.userId, b.userId),
      ),
    ),
    ...numbered([...parts.deletes].sort((a, b) => lowerCmp(a.userName, b.userName))),
    ...numbered(parts.members),
  ];
  return actions.sort((a, b) => ACTION_KINDS.indexOf(a.kind) - ACTION_KINDS.indexOf(b.kind));
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
