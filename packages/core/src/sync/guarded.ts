import type { ScimClient } from '../client.js';
import type { ServerCapabilities } from '../discovery.js';
import { ScimError, isTransient, kindForStatus } from '../errors.js';
import { filterRefused, quote } from '../filter-gate.js';
import { same } from '../patch/diff.js';
import {
  SCHEMA_PATCH_OP,
  type BulkOperation,
  type BulkOperationResult,
  type ScimUser,
} from '../types/index.js';
import { bulkStatus } from '../bulk.js';
import { mapBounded } from '../concurrency.js';
import { getManaged, plannedHash, requestedAttributes } from './attributes.js';
import type { ActionResult, DeleteAction, UpdateAction } from './types.js';

type Obj = Record<string, unknown>;
export type Guarded = UpdateAction | DeleteAction;

export interface GuardContext {
  client: ScimClient;
  caps: ServerCapabilities;
  managed: readonly string[];
  concurrency: number;
  bulk: boolean;
  cancelled: () => boolean;
  settle: (r: ActionResult) => void;
}

/** Ids per re-read request (`id eq ... or ...`): keeps the URL short. */
const REREAD_BATCH = 50;
/** Operations per /Bulk request: small enough that one failure costs little. */
const BULK_BATCH = 200;

const result = (
  a: Guarded,
  status: ActionResult['status'],
  extra: Partial<ActionResult> = {},
): ActionResult => ({
  id: a.id,
  kind: a.kind,
  status,
  ...extra,
});

/** Anything an action threw, as the typed error a report carries. */
export function asScimError(e: unknown, method: string, path: string): ScimError {
  if (e instanceof ScimError) return e;
  return new ScimError({
    kind: 'unknown',
    method,
    path,
    detail: e instanceof Error ? e.message : String(e),
  });
}

/** True when the user already holds what the action would write (a write that landed before a drop). */
function alreadyApplied(a: Guarded, current: ScimUser | undefined): boolean {
  if (a.kind === 'delete') return current === undefined;
  if (!current) return false;
  return a.changes.every((c) => same(getManaged(current as Obj, c.path), c.after));
}

/**
 * Writes updates, deactivations and deletions so that none overwrites a change made since the
 * plan: with ETags each write carries If-Match (the bulk operation's `version`); without, the
 * users are re-read and their planned-against attributes compared first. A refused or changed
 * user is re-read once more: if it already holds the planned values the action is done (the
 * write landed before a dropped connection), otherwise it is a conflict and is left alone.
 */
export async function applyGuarded(ctx: GuardContext, actions: readonly Guarded[]): Promise<void> {
  if (actions.length === 0) return;
  const byVersion = ctx.caps.etag ? actions.filter((a) => a.planned.version) : [];
  const versioned = new Set(byVersion);
  const byHash = actions.filter((a) => !versioned.has(a));
  const current = await reread(
    ctx,
    byHash.map((a) => a.userId),
  );
  const ready: Guarded[] = [...byVersion];
  for (const a of byHash) {
    const u = current.get(a.userId);
    if (u && plannedHash(u as Obj, ctx.managed) === a.planned.hash) ready.push(a);
    else if (alreadyApplied(a, u))
      ctx.settle(result(a, 'done', { detail: 'already in the planned state' }));
    else if (!u && a.kind !== 'delete')
      ctx.settle(result(a, 'conflict', { detail: 'the user no longer exists' }));
    else
      ctx.settle(
        result(a, 'conflict', { detail: 'the user changed since the plan was made: left alone' }),
      );
  }
  const useBulk =
    ctx.bulk &&
    ctx.caps.bulk.supported &&
    ready.length > 1 &&
    (ctx.caps.patch || ready.every((a) => a.kind === 'delete'));
  const rest = useBulk ? await viaBulk(ctx, ready) : ready;
  await mapBounded(rest, ctx.concurrency, async (a) => {
    if (ctx.cancelled()) return ctx.settle(result(a, 'skipped', { detail: 'cancelled' }));
    ctx.settle(await one(ctx, a));
  });
}

/**
 * One action, through the resend layer: after a transient failure the user is re-read, and the
 * write is sent again only when the re-read shows the user exactly as planned (the write did
 * not land and nobody changed the user since). A refusal is settled by the same re-read.
 */
async function one(ctx: GuardContext, a: Guarded): Promise<ActionResult> {
  const ifMatch = ctx.caps.etag ? a.planned.version : undefined;
  const asError = (e: unknown) =>
    asScimError(e, a.kind === 'delete' ? 'DELETE' : 'PATCH', `/Users/${a.userId}`);
  try {
    return await ctx.client.resend({
      send: async () => {
        if (a.kind === 'delete') await ctx.client.users.delete(a.userId, { ifMatch });
        else if (ctx.caps.patch) await ctx.client.users.patch(a.userId, a.patch, { ifMatch });
        else await replaceWrite(ctx, a, ifMatch);
        return result(a, 'done');
      },
      landed: async (error) => {
        const outcome = await afterRefusal(ctx, a, error);
        return outcome.status === 'failed' && outcome.unchanged ? undefined : outcome.result;
      },
      stop: ctx.cancelled,
    });
  } catch (e) {
    const error = asError(e);
    if (isTransient(error.kind)) return result(a, 'failed', { error });
    return (await afterRefusal(ctx, a, error)).result;
  }
}

/** Servers without PATCH: read the whole user, set the changed attributes, PUT it back. */
async function replaceWrite(
  ctx: GuardContext,
  a: UpdateAction,
  ifMatch: string | undefined,
): Promise<void> {
  const full = await ctx.client.users.get(a.userId);
  if (!ifMatch && plannedHash(full as Obj, ctx.managed) !== a.planned.hash)
    throw new ScimError({
      kind: 'preconditionFailed',
      method: 'PUT',
      path: `/Users/${a.userId}`,
      detail: 'changed since the plan',
    });
  const next: Obj = { ...full };
  for (const c of a.changes) {
    const [top, sub] = c.path.startsWith('urn:')
      ? [c.path.slice(0, c.path.lastIndexOf(':')), c.path.slice(c.path.lastIndexOf(':') + 1)]
      : (c.path.split('.') as [string, string?]);
    if (sub === undefined) next[top] = c.after;
    else next[top] = { ...((next[top] as Obj | undefined) ?? {}), [sub]: c.after };
  }
  const { meta: _meta, groups: _groups, ...body } = next;
  await ctx.client.users.replace(a.userId, body as ScimUser, {
    ifMatch: ifMatch ?? full.meta?.version,
  });
}

/** A refused or failed write: done if the user already holds the planned values, else why. */
async function afterRefusal(
  ctx: GuardContext,
  a: Guarded,
  error: ScimError,
): Promise<{ status: ActionResult['status']; result: ActionResult; unchanged: boolean }> {
  const out = (r: ActionResult, unchanged = false) => ({ status: r.status, result: r, unchanged });
  let now: ScimUser | undefined;
  try {
    now = await ctx.client.users.get(a.userId, {
      attributes: requestedAttributes(ctx.managed),
      wholeIfRefused: true,
    });
  } catch (e) {
    if (!(e instanceof ScimError) || e.kind !== 'notFound')
      return out(result(a, 'failed', { error }));
  }
  if (alreadyApplied(a, now))
    return out(result(a, 'done', { detail: 'already in the planned state' }));
  if (error.kind === 'preconditionFailed')
    return out(
      result(a, 'conflict', { detail: 'the user changed since the plan was made: left alone' }),
    );
  if (!now) return out(result(a, 'conflict', { detail: 'the user no longer exists' }));
  const version = now.meta?.version;
  const unchanged =
    ctx.caps.etag && a.planned.version && version
      ? version === a.planned.version
      : plannedHash(now as Obj, ctx.managed) === a.planned.hash;
  return out(result(a, 'failed', { error }), unchanged);
}

/**
 * Users by id, read in batches with an `id eq ... or ...` filter; one by one where the server
 * does not filter or refuses that filter (some servers take no `or`).
 */
async function reread(ctx: GuardContext, ids: readonly string[]): Promise<Map<string, ScimUser>> {
  const out = new Map<string, ScimUser>();
  if (ids.length === 0) return out;
  const attributes = requestedAttributes(ctx.managed);
  if (ctx.caps.filter) {
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += REREAD_BATCH) batches.push(ids.slice(i, i + REREAD_BATCH));
    try {
      await mapBounded(batches, ctx.concurrency, async (batch) => {
        const filter = batch.map((id) => `id eq ${quote(id)}`).join(' or ');
        for await (const u of ctx.client.users.list({ filter, attributes, wholeIfRefused: true }))
          if (typeof u.id === 'string') out.set(u.id, u);
      });
      return out;
    } catch (e) {
      if (!filterRefused(e)) throw e;
    }
  }
  await mapBounded(ids, ctx.concurrency, async (id) => {
    try {
      out.set(id, await ctx.client.users.get(id, { attributes, wholeIfRefused: true }));
    } catch (e) {
      if (!(e instanceof ScimError) || e.kind !== 'notFound') throw e;
    }
  });
  return out;
}

/** Sends writes through /Bulk; returns the actions whose outcome is unknown, to go one by one. */
async function viaBulk(ctx: GuardContext, actions: Guarded[]): Promise<Guarded[]> {
  const rest: Guarded[] = [];
  const size = Math.max(1, Math.min(ctx.caps.bulk.maxOperations, BULK_BATCH));
  for (let i = 0; i < actions.length; i += size) {
    const chunk = actions.slice(i, i + size);
    if (ctx.cancelled()) {
      chunk.forEach((a) => ctx.settle(result(a, 'skipped', { detail: 'cancelled' })));
      continue;
    }
    const ops: BulkOperation[] = chunk.map((a, k) => ({
      method: a.kind === 'delete' ? 'DELETE' : 'PATCH',
      path: `/Users/${encodeURIComponent(a.userId)}`,
      bulkId: `s${i + k}`,
      ...(ctx.caps.etag && a.planned.version ? { version: a.planned.version } : {}),
      ...(a.kind === 'delete' ? {} : { data: { schemas: [SCHEMA_PATCH_OP], Operations: a.patch } }),
    }));
    let results: BulkOperationResult[];
    try {
      results = (await ctx.client.bulk(ops)).Operations;
    } catch {
      // The request may have been applied in part: each action is checked on its own.
      rest.push(...chunk);
      continue;
    }
    const byId = new Map(results.map((r) => [r.bulkId, r]));
    const refused: Array<[Guarded, ScimError]> = [];
    chunk.forEach((a, k) => {
      const r = byId.get(`s${i + k}`);
      if (!r) return rest.push(a);
      const status = bulkStatus(r);
      if (status >= 200 && status < 300) return ctx.settle(result(a, 'done'));
      const response = (r.response ?? {}) as { scimType?: unknown; detail?: unknown };
      const scimType = typeof response.scimType === 'string' ? response.scimType : undefined;
      const error = new ScimError({
        kind: kindForStatus(status, scimType),
        method: r.method,
        path: `/Users/${a.userId}`,
        status,
        scimType,
        detail: typeof response.detail === 'string' ? response.detail : undefined,
      });
      if (isTransient(error.kind)) rest.push(a);
      else refused.push([a, error]);
    });
    await mapBounded(refused, ctx.concurrency, async ([a, error]) =>
      ctx.settle((await afterRefusal(ctx, a, error)).result),
    );
  }
  return rest;
}
