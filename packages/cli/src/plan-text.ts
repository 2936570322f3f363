import { summarizePlan, type SyncPlan } from '@celonis-scim/core';
import { plural } from './output.js';

// The CLI prints plans with core's summarizePlan; the safety lines name the flags that set the
// limits (`--max-removals`), not the library's option names.

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
  return summarizePlan(plan, { limit: options.limit, unsafeReasons });
}
