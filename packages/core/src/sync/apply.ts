import type { ScimClient } from '../client.js';
import { mapBounded } from '../concurrency.js';
import { SyncError } from './errors.js';
import { applyGuarded, asScimError, type GuardContext, type Guarded } from './guarded.js';
import {
  type ActionResult,
  type ActionStatus,
  type ApplyOptions,
  type ApplyReport,
  type CreateAction,
  type CreateGroupAction,
  type MemberAction,
  type SyncPlan,
} from './types.js';

/** Creates per provision call: the unit a cancellation waits for. */
const CREATE_BATCH = 500;

const sameBase = (a: string, b: string) =>
  a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** Refuses a plan made for another team, one with errors, an unsafe or a stale one: nothing is sent. */
function preflight(client: ScimClient, plan: SyncPlan, options: ApplyOptions): number {
  if (!plan || plan.format !== 'celonis-scim/sync-plan' || !Array.isArray(plan.actions))
    throw new SyncError({
      code: 'planFormat',
      message: 'not a sync plan: pass what planSync or parsePlan returned',
    });
  if (!sameBase(plan.baseUrl, client.baseUrl))
    throw new SyncError({
      code: 'wrongTeam',
      message: `the plan was made for ${plan.baseUrl}, not for ${client.baseUrl}: make a plan against this team`,
    });
  if (plan.errors.length > 0)
    throw new SyncError({
      code: 'planErrors',
      message: `the plan has ${plan.errors.length} error(s) (first: ${plan.errors[0]?.message}): fix the source and plan again`,
    });
  if (!plan.safety.safe && !options.allowUnsafe)
    throw new SyncError({
      code: 'unsafe',
      message: `the plan is unsafe (${plan.safety.problems.join('; ')}): review it and pass allowUnsafe: true to apply it anyway`,
    });
  if (options.maxAgeMs !== undefined && Date.now() - Date.parse(plan.createdAt) > options.maxAgeMs)
    throw new SyncError({
      code: 'stale',
      message: `the plan was made at ${plan.createdAt}, longer ago than maxAgeMs (${options.maxAgeMs} ms): plan again`,
    });
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new SyncError({
      code: 'options',
      message: `concurrency must be a whole number >= 1, got ${String(concurrency)}`,
    });
  return concurrency;
}

/**
 * Applies exactly the plan: groups, creates, guarded updates, deactivations and deletions,
 * then member changes. Returns one result per action; never throws for a server failure.
 */
export async function applyPlan(
  client: ScimClient,
  plan: SyncPlan,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const concurrency = preflight(client, plan, options);
  const results = new Map<string, ActionResult>();
  const resourceIds = new Map<string, string>();
  const total = plan.actions.length;
  const cancelled = () => options.signal?.aborted === true;
  const settle = (r: ActionResult) => {
    results.set(r.id, r);
    if (r.resourceId) resourceIds.set(r.id, r.resourceId);
    options.onProgress?.({ done: results.size, total, kind: r.kind });
  };
  const of = <K extends string>(kinds: K[]) =>
    plan.actions.filter((a) => (kinds as string[]).includes(a.kind));
  if (!cancelled()) {
    const caps = await client.discover();
    const bulk = options.bulk !== false;
    await createGroups(client, of(['createGroup']) as CreateGroupAction[], settle, cancelled);
    await createUsers(client, of(['create']) as CreateAction[], {
      concurrency,
      bulk,
      settle,
      cancelled,
    });
    const managed = plan.options.attributes;
    const ctx: GuardContext = { client, caps, managed, concurrency, bulk, cancelled, settle };
    await applyGuarded(ctx, of(['update', 'rename', 'reactivate', 'deactivate']) as Guarded[]);
    await applyGuarded(ctx, of(['delete']) as Guarded[]);
    // Users whose planned change was refused keep their memberships too: left alone entirely.
    const untouched = new Set<string>();
    for (const a of of(['update', 'rename', 'reactivate', 'deactivate', 'delete']) as Guarded[]) {
      const r = results.get(a.id);
      if (r && (r.status === 'conflict' || r.status === 'failed' || r.status === 'skipped'))
        untouched.add(a.userId);
    }
    const members = of(['removeMembers', 'addMembers']) as MemberAction[];
    // One group's changes in order: servers without PATCH rewrite the whole member list.
    const perGroup = new Map<string, MemberAction[]>();
    for (const a of members) {
      const key = a.group.id ?? `new:${a.group.createdBy ?? a.group.displayName}`;
      perGroup.set(key, [...(perGroup.get(key) ?? []), a]);
    }
    await mapBounded([...perGroup.values()], Math.min(concurrency, 2), async (list) => {
      for (const a of list)
        settle(await memberChange(client, a, resourceIds, untouched, bulk, cancelled));
    });
  }
  const ordered = plan.actions.map(
    (a) =>
      results.get(a.id) ?? {
        id: a.id,
        kind: a.kind,
        status: 'skipped' as const,
        detail: 'cancelled before it started',
      },
  );
  const counts: Record<ActionStatus, number> = { done: 0, conflict: 0, failed: 0, skipped: 0 };
  for (const r of ordered) counts[r.status]++;
  return { results: ordered, counts, cancelled: cancelled() };
}

async function createGroups(
  client: ScimClient,
  actions: CreateGroupAction[],
  settle: (r: ActionResult) => void,
  cancelled: () => boolean,
): Promise<void> {
  for (const a of actions) {
    if (cancelled()) return;
    try {
      const g = await client.groups.create({ displayName: a.displayName });
      settle({ id: a.id, kind: a.kind, status: 'done', ...(g.id ? { resourceId: g.id } : {}) });
    } catch (e) {
      const error = asScimError(e, 'POST', '/Groups');
      // Someone created it since the plan: use it rather than fail what depends on it.
      const existing =
        error.kind === 'conflict'
          ? await client.groups.getByDisplayName(a.displayName).catch(() => undefined)
          : undefined;
      if (existing?.id)
        settle({
          id: a.id,
          kind: a.kind,
          status: 'done',
          resourceId: existing.id,
          detail: 'the group already existed',
        });
      else settle({ id: a.id, kind: a.kind, status: 'failed', error });
    }
  }
}

/**
 * Creates users through `provision`, whose creates already go through the resend layer (a
 * create that failed in transit is looked up before it is sent again): a failure here is final.
 */
async function createUsers(
  client: ScimClient,
  actions: CreateAction[],
  o: {
    concurrency: number;
    bulk: boolean;
    settle: (r: ActionResult) => void;
    cancelled: () => boolean;
  },
): Promise<void> {
  for (let i = 0; i < actions.length; i += CREATE_BATCH) {
    if (o.cancelled()) return;
    const batch = actions.slice(i, i + CREATE_BATCH);
    const out = await client.users.provision(
      batch.map((a) => a.user),
      { concurrency: o.concurrency, bulk: o.bulk },
    );
    for (const [k, r] of out.entries()) {
      const a = batch[k] as CreateAction;
      const base = { id: a.id, kind: a.kind };
      if (!r.ok) o.settle({ ...base, status: 'failed', error: r.error });
      else o.settle({ ...base, status: 'done', ...(r.user.id ? { resourceId: r.user.id } : {}) });
    }
  }
}

async function memberChange(
  client: ScimClient,
  a: MemberAction,
  ids: Map<string, string>,
  untouched: Set<string>,
  bulk: boolean,
  cancelled: () => boolean,
): Promise<ActionResult> {
  const base = { id: a.id, kind: a.kind };
  if (cancelled()) return { ...base, status: 'skipped', detail: 'cancelled' };
  const groupId = a.group.id ?? (a.group.createdBy ? ids.get(a.group.createdBy) : undefined);
  if (!groupId)
    return { ...base, status: 'skipped', detail: `group ${a.group.displayName} was not created` };
  const userIds: string[] = [];
  const missing: string[] = [];
  const held: string[] = [];
  for (const m of a.members) {
    const id = m.userId ?? (m.createdBy ? ids.get(m.createdBy) : undefined);
    if (m.userId && untouched.has(m.userId)) held.push(m.userName);
    else if (id) userIds.push(id);
    else missing.push(m.userName);
  }
  const notes = [
    ...(missing.length > 0
      ? [
          `left out ${missing.length} user(s) whose create failed: ${missing.slice(0, 5).join(', ')}`,
        ]
      : []),
    ...(held.length > 0
      ? [
          `left out ${held.length} user(s) whose planned change was not made: ${held.slice(0, 5).join(', ')}`,
        ]
      : []),
  ];
  if (userIds.length === 0)
    return { ...base, status: 'skipped', detail: notes.join('; ') || 'no members left' };
  // Adding a member twice or removing one that is gone changes nothing: a change that failed
  // in transit is sent again as a whole, without a look first. Members already there are left
  // out: some servers list a member added twice twice.
  try {
    await client.resend({
      send: () =>
        a.kind === 'addMembers'
          ? client.groups.addAbsentMembers(groupId, userIds, { bulk })
          : client.groups.removeMembers(groupId, userIds, { bulk }),
      stop: cancelled,
    });
  } catch (e) {
    return { ...base, status: 'failed', error: asScimError(e, 'PATCH', `/Groups/${groupId}`) };
  }
  return {
    ...base,
    status: 'done',
    resourceId: groupId,
    ...(notes.length > 0 ? { detail: notes.join('; ') } : {}),
  };
}
