import { SyncError, type SyncOptions, type SyncPlan } from '@celonis-scim/core';
import { CliError } from './errors.js';
import { plural } from './output.js';
import { unsafeReasons } from './plan-text.js';

// Core's refusals tell a library caller which option overrides them (`force: true`,
// `allowUnsafe: true`). A person at the command line needs the flag instead, so the refusals
// that have one are told again here, chosen by the error's code, never by its wording.

/** A `sync plan` refusal in the CLI's words; anything else is returned unchanged. */
export function planRefusal(e: unknown, sourceUsers: number, options: SyncOptions): unknown {
  if (!(e instanceof SyncError) || e.code !== 'emptySource') return e;
  if (sourceUsers === 0)
    return new CliError(
      'The source has no users: applying it would remove every user in scope',
      'Check the export; pass --force only if the team should really be emptied.',
    );
  const share =
    options.minSourceRatio === undefined
      ? 'half (minSourceRatio)'
      : `${Math.round(options.minSourceRatio * 100)}% (minSourceRatio)`;
  return new CliError(
    `The source has ${plural(sourceUsers, 'user')}, fewer than ${share} of the team's active users in scope: this looks like a truncated export`,
    'Check it; pass --force (or lower "minSourceRatio" in the mapping file) if it is right.',
  );
}

/** A `sync apply` refusal in the CLI's words; anything else is returned unchanged. */
export function applyRefusal(e: unknown, plan: SyncPlan, maxAge: string): unknown {
  if (!(e instanceof SyncError)) return e;
  switch (e.code) {
    case 'unsafe':
      return new CliError(
        `The plan is unsafe: ${unsafeReasons(plan).join('; ')}`,
        'Review it, then pass --allow-unsafe to apply it anyway.',
      );
    case 'stale':
      return new CliError(
        `The plan was made at ${plan.createdAt}, longer ago than --max-age ${maxAge}`,
        'Plan again, or pass a longer --max-age if the team has not changed since.',
      );
    default:
      return e;
  }
}
