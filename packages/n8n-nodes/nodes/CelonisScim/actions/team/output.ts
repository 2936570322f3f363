import {
  summarizePlan,
  serializePlan,
  type ApplyReport,
  type SyncAction,
  type SyncPlan,
} from '@celonis-scim/core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** The input item an action came from, for n8n's item pairing. */
function itemOf(action: SyncAction, count: number): number | undefined {
  const row = 'source' in action ? action.source?.row : undefined;
  return row !== undefined && row >= 1 && row <= count ? row - 1 : undefined;
}

const everyItem = (count: number) =>
  Array.from({ length: Math.max(count, 1) }, (_, item) => ({ item }));

function actionJson(a: SyncAction): IDataObject {
  const out: IDataObject = { action: a.id, kind: a.kind, reason: a.reason };
  if ('userName' in a) out.userName = a.userName;
  if ('userId' in a) out.userId = a.userId;
  if ('displayName' in a) out.displayName = a.displayName;
  if ('match' in a && a.match) out.matchedBy = { key: a.match.key, value: a.match.value };
  if ('changes' in a) out.changes = a.changes as unknown as IDataObject[];
  if ('group' in a) out.group = a.group.displayName;
  if ('members' in a) out.members = a.members.map((m) => m.userName);
  return out;
}

/** The plan as items: one per change, then a summary carrying the whole plan for Apply Plan. */
export function planItems(plan: SyncPlan, count: number): INodeExecutionData[] {
  const items: INodeExecutionData[] = plan.actions.map((a) => {
    const item = itemOf(a, count);
    return { json: actionJson(a), pairedItem: item === undefined ? everyItem(count) : { item } };
  });
  items.push({ json: summaryJson(plan), pairedItem: everyItem(count) });
  return items;
}

export function summaryJson(plan: SyncPlan): IDataObject {
  return {
    summary: true,
    baseUrl: plan.baseUrl,
    createdAt: plan.createdAt,
    counts: plan.counts as unknown as IDataObject,
    changes: plan.actions.length,
    safe: plan.safety.safe,
    problems: plan.safety.problems,
    errors: plan.errors.map((e) => e.message),
    warnings: plan.warnings.map((w) => w.message),
    hasDeactivations: plan.counts.deactivate + plan.counts.delete > 0,
    text: summarizePlan(plan),
    plan: serializePlan(plan),
  };
}

/** The apply report as items: one per action, then a summary. */
export function reportItems(
  plan: SyncPlan,
  report: ApplyReport,
  count: number,
): INodeExecutionData[] {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const items: INodeExecutionData[] = report.results.map((r) => {
    const a = byId.get(r.id);
    const json: IDataObject = {
      ...(a ? actionJson(a) : { action: r.id, kind: r.kind }),
      status: r.status,
    };
    if (r.detail) json.detail = r.detail;
    if (r.resourceId) json.resourceId = r.resourceId;
    if (r.error)
      json.error = { kind: r.error.kind, status: r.error.status ?? null, message: r.error.message };
    const item = a ? itemOf(a, count) : undefined;
    return { json, pairedItem: item === undefined ? everyItem(count) : { item } };
  });
  items.push({
    json: {
      summary: true,
      baseUrl: plan.baseUrl,
      counts: report.counts as unknown as IDataObject,
      cancelled: report.cancelled,
    },
    pairedItem: everyItem(count),
  });
  return items;
}
