import { SyncError } from './errors.js';
import type { SyncAction, SyncLimits } from './types.js';

export const DEFAULT_LIMITS = { maxRemovals: 50, maxRemovalPercent: 10 } as const;
export const DEFAULT_MIN_SOURCE_RATIO = 0.5;

export function resolveLimits(limits: SyncLimits | undefined): {
  maxRemovals: number;
  maxRemovalPercent: number;
} {
  const maxRemovals = limits?.maxRemovals ?? DEFAULT_LIMITS.maxRemovals;
  const maxRemovalPercent = limits?.maxRemovalPercent ?? DEFAULT_LIMITS.maxRemovalPercent;
  if (!Number.isFinite(maxRemovals) || maxRemovals < 0)
    throw new SyncError({
      code: 'options',
      message: `limits.maxRemovals must be a number >= 0, got ${String(maxRemovals)}`,
    });
  if (!Number.isFinite(maxRemovalPercent) || maxRemovalPercent < 0 || maxRemovalPercent > 100)
    throw new SyncError({
      code: 'options',
      message: `limits.maxRemovalPercent must be between 0 and 100, got ${String(maxRemovalPercent)}`,
    });
  return { maxRemovals, maxRemovalPercent };
}

/** An empty source would deactivate everyone: refused before anything is read. */
export function checkSourceNotEmpty(count: number, force: boolean | undefined): void {
  if (count === 0 && !force)
    throw new SyncError({
      code: 'emptySource',
      message:
        'the source has no users: applying it would remove every user in scope. Check the export; pass force: true only if the team should really be emptied',
    });
}

/** A source much smaller than the team it manages is more likely a broken export than a layoff. */
export function checkSourceSize(
  count: number,
  inScopeActive: number,
  ratio: number,
  force: boolean | undefined,
): void {
  if (force || inScopeActive === 0) return;
  if (count < ratio * inScopeActive)
    throw new SyncError({
      code: 'emptySource',
      message: `the source has ${count} users but the team has ${inScopeActive} active users in scope (less than ${Math.round(ratio * 100)}%): this looks like a truncated export. Check it; pass force: true (or lower minSourceRatio) if it is right`,
    });
}

/** Deactivations and deletions above the limits make the plan unsafe. */
export function assessSafety(
  actions: readonly SyncAction[],
  inScope: number,
  limits: { maxRemovals: number; maxRemovalPercent: number },
): { safe: boolean; problems: string[] } {
  const removals = actions.filter((a) => a.kind === 'deactivate' || a.kind === 'delete').length;
  const problems: string[] = [];
  if (removals > limits.maxRemovals)
    problems.push(
      `${removals} deactivations/deletions, more than the limit of ${limits.maxRemovals} (limits.maxRemovals)`,
    );
  const percent = inScope === 0 ? 0 : (removals / inScope) * 100;
  if (removals > 0 && percent > limits.maxRemovalPercent)
    problems.push(
      `${removals} deactivations/deletions are ${percent.toFixed(1)}% of the ${inScope} users in scope, more than the limit of ${limits.maxRemovalPercent}% (limits.maxRemovalPercent)`,
    );
  return { safe: problems.length === 0, problems };
}
