import {
  ACTION_KINDS,
  type SyncAction,
  type SyncActionKind,
  type SyncPlan,
} from '@celonis-scim/core';
import { attributeLabel, plural } from './output.js';

// The CLI prints plans in its own words rather than core's summarizePlan: counts read "1 group",
// attributes by the names a person uses (`department`), and the safety limits by the flags that
// set them (`--max-removals`).

const COUNTED: Record<SyncActionKind, [one: string, many: string]> = {
  createGroup: ['group to create', 'groups to create'],
  create: ['user to create', 'users to create'],
  update: ['user to update', 'users to update'],
  rename: ['user to rename', 'users to rename'],
  reactivate: ['user to reactivate', 'users to reactivate'],
  deactivate: ['user to deactivate', 'users to deactivate'],
  delete: ['user to delete', 'users to delete'],
  removeMembers: ['membership to remove', 'memberships to remove'],
  addMembers: ['membership to add', 'memberships to add'],
};

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function actionLine(a: SyncAction): string {
  switch (a.kind) {
    case 'createGroup':
      return `+ group ${a.displayName}`;
    case 'create':
      return `+ ${a.userName} (row ${a.source.row})`;
    case 'delete':
      return `x ${a.userName}: ${a.reason}`;
    case 'addMembers':
    case 'removeMembers': {
      const sign = a.kind === 'addMembers' ? '+' : '-';
      const names = a.members
        .slice(0, 5)
        .map((m) => m.userName)
        .join(', ');
      const more = a.members.length > 5 ? ` and ${a.members.length - 5} more` : '';
      return `${sign} ${a.group.displayName}: ${names}${more}`;
    }
    default: {
      const changes = a.changes
        .map((c) => `${attributeLabel(c.path)} ${show(c.before)} -> ${show(c.after)}`)
        .join(', ');
      return `~ ${a.kind} ${a.userName}: ${changes}`;
    }
  }
}

/** Why the plan is over its removal limits, naming the flags that set them. */
export function unsafeReasons(plan: SyncPlan): string[] {
  const { maxRemovals, maxRemovalPercent } = plan.options.limits;
  const removals = plan.counts.deactivate + plan.counts.delete;
  const inScope = plan.team.inScope;
  const what = plural(removals, 'deactivation or deletion', 'deactivations and deletions');
  const out: string[] = [];
  if (removals > maxRemovals)
    out.push(`${what}, over the limit of ${maxRemovals} (--max-removals)`);
  const percent = inScope === 0 ? 0 : (removals / inScope) * 100;
  if (removals > 0 && percent > maxRemovalPercent)
    out.push(
      `${what} are ${percent.toFixed(1)}% of the ${plural(inScope, 'user')} in scope, over the limit of ${maxRemovalPercent}% (--max-removal-percent)`,
    );
  // A plan written by another tool may carry limits this text does not know: show core's words.
  return out.length > 0 || plan.safety.safe ? out : plan.safety.problems;
}

/** The plan for a person: counts per kind, errors, safety, warnings, then the changes. */
export function formatPlan(plan: SyncPlan, options: { limit?: number | undefined } = {}): string {
  const limit = options.limit ?? 50;
  const out: string[] = [
    `Sync plan for ${plan.baseUrl} (${plan.createdAt}): ${plural(plan.source.users, 'source user')}, ${plan.team.inScope} of ${plural(plan.team.users, 'team user')} in scope`,
  ];
  const counts = ACTION_KINDS.filter((k) => plan.counts[k] > 0).map((k) =>
    plural(plan.counts[k], ...COUNTED[k]),
  );
  out.push(counts.length > 0 ? counts.join(', ') : 'No changes: the team matches the source.');
  for (const e of plan.errors) out.push(`ERROR ${e.code}: ${e.message}`);
  if (!plan.safety.safe) for (const p of unsafeReasons(plan)) out.push(`UNSAFE: ${p}`);
  for (const w of plan.warnings.slice(0, limit)) out.push(`warning ${w.code}: ${w.message}`);
  if (plan.warnings.length > limit)
    out.push(`... and ${plural(plan.warnings.length - limit, 'more warning')}`);
  out.push(...plan.actions.slice(0, limit).map(actionLine));
  if (plan.actions.length > limit)
    out.push(`... and ${plural(plan.actions.length - limit, 'more change')} (see the plan file)`);
  return out.join('\n');
}
