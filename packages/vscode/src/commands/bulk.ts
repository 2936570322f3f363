import {
  bulkItemError,
  bulkStatus,
  idProblem,
  mapBounded,
  SCHEMA_PATCH_OP,
  type BulkOperation,
  type BulkOperationResult,
  type ScimClient,
} from '@celonis-scim/core';
import { describeError } from '../errors.js';
import type { FolderType } from '../filter.js';

// Acting on many users or groups of one team at once: through /Bulk where the server offers
// it, else a few requests in flight; every target ends done, failed (with the reason) or
// skipped (cancelled before it was sent).

export type BulkAction = 'activate' | 'deactivate' | 'delete';

export interface BulkTarget {
  type: FolderType;
  id: string;
  /** How the summary names it (userName, displayName). */
  name: string;
}

export interface BulkFailure {
  target: BulkTarget;
  reason: string;
}

export interface BulkReport {
  done: BulkTarget[];
  failed: BulkFailure[];
  /** Not sent: the run was cancelled first. */
  skipped: BulkTarget[];
  /** HTTP requests made for the run. */
  requests: number;
}

export interface BulkRunOptions {
  cancelled?: () => boolean;
  /** Targets settled so far (done, failed or skipped). */
  onProgress?: (settled: number) => void;
  /** Requests in flight when the server has no /Bulk. Default 4. */
  concurrency?: number;
}

/** Operations per /Bulk request: small enough that cancelling stops soon, few enough to be quick. */
const BULK_CHUNK = 50;

export async function runBulk(
  client: ScimClient,
  action: BulkAction,
  targets: readonly BulkTarget[],
  options: BulkRunOptions = {},
): Promise<BulkReport> {
  const report: BulkReport = { done: [], failed: [], skipped: [], requests: 0 };
  const valid: BulkTarget[] = [];
  for (const t of targets) {
    const problem =
      action !== 'delete' && t.type !== 'Users'
        ? 'only users are (de)activated'
        : idProblem(t.id)?.detail;
    if (problem) report.failed.push({ target: t, reason: problem });
    else valid.push(t);
  }
  const before = client.requestCount();
  const caps = await client.discover();
  const viaBulk = valid.length > 1 && caps.bulk.supported && (action === 'delete' || caps.patch);
  if (viaBulk) await inBulk(client, action, valid, report, options, caps.bulk.maxOperations);
  else await oneByOne(client, action, valid, report, options);
  report.requests = client.requestCount() - before;
  return report;
}

function operation(action: BulkAction, t: BulkTarget, bulkId: string): BulkOperation {
  const path = `/${t.type}/${encodeURIComponent(t.id)}`;
  if (action === 'delete') return { method: 'DELETE', path, bulkId };
  return {
    method: 'PATCH',
    path,
    bulkId,
    data: {
      schemas: [SCHEMA_PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: action === 'activate' }],
    },
  };
}

async function inBulk(
  client: ScimClient,
  action: BulkAction,
  targets: BulkTarget[],
  report: BulkReport,
  options: BulkRunOptions,
  maxOperations: number,
): Promise<void> {
  const size = Math.max(1, Math.min(BULK_CHUNK, maxOperations));
  for (let start = 0; start < targets.length; start += size) {
    const chunk = targets.slice(start, start + size);
    if (options.cancelled?.()) {
      report.skipped.push(...targets.slice(start));
      break;
    }
    const ops = chunk.map((t, i) => operation(action, t, `op${start + i}`));
    let results: BulkOperationResult[];
    try {
      results = (await client.bulk(ops)).Operations;
    } catch (e) {
      const reason = describeError(e);
      report.failed.push(...chunk.map((target) => ({ target, reason })));
      options.onProgress?.(settled(report));
      continue;
    }
    chunk.forEach((target, i) => {
      const op = ops[i] as BulkOperation;
      // Results carry the bulkId we sent; servers that drop it answer in request order.
      const r = results.find((x) => x.bulkId === op.bulkId) ?? results[i];
      if (!r) report.failed.push({ target, reason: 'the server sent no result for it' });
      else if (bulkStatus(r) >= 200 && bulkStatus(r) < 300) report.done.push(target);
      else
        report.failed.push({
          target,
          reason: describeError(bulkItemError({ ...r, location: r.location ?? op.path })),
        });
    });
    options.onProgress?.(settled(report));
  }
}

async function oneByOne(
  client: ScimClient,
  action: BulkAction,
  targets: BulkTarget[],
  report: BulkReport,
  options: BulkRunOptions,
): Promise<void> {
  await mapBounded(targets, options.concurrency ?? 4, async (target) => {
    if (options.cancelled?.()) {
      report.skipped.push(target);
    } else {
      try {
        await send(client, action, target);
        report.done.push(target);
      } catch (e) {
        report.failed.push({ target, reason: describeError(e) });
      }
    }
    options.onProgress?.(settled(report));
  });
}

/** One target through the core client (which knows PATCH from PUT-only servers). */
async function send(client: ScimClient, action: BulkAction, t: BulkTarget): Promise<void> {
  if (action === 'activate') await client.users.activate(t.id);
  else if (action === 'deactivate') await client.users.deactivate(t.id);
  else if (t.type === 'Users') await client.users.delete(t.id);
  else await client.groups.delete(t.id);
}

function settled(r: BulkReport): number {
  return r.done.length + r.failed.length + r.skipped.length;
}

/**
 * One line for the whole run: what was done, what failed and why, what was not sent, e.g.
 * "Deactivated 9 of 10 users; 1 failed (ada@example.com: ...)."
 */
export function summarize(verb: string, r: BulkReport): string {
  const all = [...r.done, ...r.failed.map((f) => f.target), ...r.skipped];
  const users = all.filter((t) => t.type === 'Users').length;
  const kinds = [
    users ? (users === 1 ? 'user' : 'users') : undefined,
    all.length > users ? (all.length - users === 1 ? 'group' : 'groups') : undefined,
  ];
  const parts = [
    `${verb} ${r.done.length} of ${all.length} ${kinds.filter(Boolean).join(' and ')}`,
  ];
  if (r.failed.length) {
    const shown = r.failed.slice(0, 3).map((f) => `${f.target.name}: ${f.reason}`);
    const more = r.failed.length > 3 ? `; and ${r.failed.length - 3} more (see the log)` : '';
    parts.push(`${r.failed.length} failed (${shown.join('; ')}${more})`);
  }
  if (r.skipped.length) parts.push(`${r.skipped.length} not sent (cancelled)`);
  return `${parts.join('; ')}.`;
}
