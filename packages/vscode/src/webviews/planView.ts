import { ACTION_KINDS, type ApplyReport, type SyncAction, type SyncPlan } from '@celonis-scim/core';
import type { PlanRow, PlanView, ReportView } from './messages.js';

/** Rows sent to the view at most; the counts always cover the whole plan. */
export const MAX_ROWS = 5000;
const MAX_VALUE = 500;

/** A value as the diff shows it: strings as they are, the rest as JSON, long ones cut. */
export function display(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Who or what an action is about, as a person reads it. */
export function actionName(a: SyncAction): string {
  switch (a.kind) {
    case 'createGroup':
      return a.displayName;
    case 'addMembers':
    case 'removeMembers':
      return `${a.group.displayName} (${a.members.map((m) => m.userName).join(', ')})`;
    default:
      return a.userName;
  }
}

function row(a: SyncAction): PlanRow {
  const changes =
    a.kind === 'update' || a.kind === 'rename' || a.kind === 'reactivate' || a.kind === 'deactivate'
      ? a.changes.map((c) => ({ path: c.path, before: display(c.before), after: display(c.after) }))
      : a.kind === 'create'
        ? [{ path: 'userName', before: '', after: a.userName }]
        : [];
  return {
    id: a.id,
    kind: a.kind,
    name: display(actionName(a)),
    reason: display(a.reason),
    changes,
  };
}

/** What the plan view shows: counts per kind, safety, issues and one row per change. */
export function planView(plan: SyncPlan, team: string, file: string): PlanView {
  const counts = Object.fromEntries(ACTION_KINDS.map((k) => [k, plan.counts[k] ?? 0]));
  return {
    team,
    file,
    counts: counts as PlanView['counts'],
    total: plan.actions.length,
    safe: plan.safety.safe,
    problems: plan.safety.problems.map(display),
    errors: plan.errors.map((e) => display(e.message)),
    warnings: plan.warnings.map((w) => display(w.message)),
    rows: plan.actions.slice(0, MAX_ROWS).map(row),
    hidden: Math.max(0, plan.actions.length - MAX_ROWS),
  };
}

/** The apply report: counts, and every change that was not done with the reason. */
export function reportView(plan: SyncPlan, report: ApplyReport): ReportView {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  return {
    counts: { ...report.counts },
    cancelled: report.cancelled,
    problems: report.results.flatMap((r) => {
      if (r.status === 'done') return [];
      const a = byId.get(r.id);
      return [
        {
          id: r.id,
          kind: r.kind,
          name: a ? display(actionName(a)) : r.id,
          status: r.status,
          why: display(r.error?.message ?? r.detail ?? ''),
        },
      ];
    }),
  };
}
