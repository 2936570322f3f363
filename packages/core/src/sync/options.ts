import { SyncError } from './errors.js';
import { compileRules, type CompiledRule } from './rules.js';
import { DEFAULT_MIN_SOURCE_RATIO, resolveLimits } from './safety.js';
import {
  MATCH_KEYS,
  type DesiredState,
  type MatchKey,
  type MissingPolicy,
  type SyncOptions,
  type SyncScope,
} from './types.js';

export interface ResolvedOptions {
  match: MatchKey[];
  scope: SyncScope;
  missing: MissingPolicy;
  protect: string[];
  limits: { maxRemovals: number; maxRemovalPercent: number };
  minSourceRatio: number;
  force: boolean;
  rules: CompiledRule[];
  now: () => Date;
}

const fail = (message: string): never => {
  throw new SyncError({ code: 'options', message });
};

/** Every option checked before the team is read: a mistake sends nothing. */
export function resolveOptions(options: SyncOptions): ResolvedOptions {
  const match = options.match ?? ['externalId', 'userName'];
  if (!Array.isArray(match) || match.length === 0)
    fail(`match must list keys from ${MATCH_KEYS.join(', ')}`);
  for (const k of match)
    if (!MATCH_KEYS.includes(k))
      fail(`match: ${JSON.stringify(k)} is not a match key; use ${MATCH_KEYS.join(', ')}`);
  const scope = options.scope ?? { kind: 'all' };
  if (
    !scope ||
    !['all', 'externalId', 'group', 'created'].includes(scope.kind) ||
    ((scope.kind === 'group' || scope.kind === 'created') &&
      (typeof scope.group !== 'string' || scope.group.trim() === ''))
  )
    fail(
      'scope must be { kind: "all" }, { kind: "externalId" }, { kind: "group", group } or { kind: "created", group }',
    );
  const missing = options.missing ?? 'deactivate';
  if (!['deactivate', 'delete', 'leave'].includes(missing))
    fail('missing must be "deactivate", "delete" or "leave"');
  const protect = options.protect ?? [];
  if (!Array.isArray(protect) || !protect.every((p) => typeof p === 'string'))
    fail('protect must be a list of userNames, ids or externalIds');
  const minSourceRatio = options.minSourceRatio ?? DEFAULT_MIN_SOURCE_RATIO;
  if (!Number.isFinite(minSourceRatio) || minSourceRatio < 0 || minSourceRatio > 1)
    fail(`minSourceRatio must be between 0 and 1, got ${String(minSourceRatio)}`);
  const rules = compileRules(options.rules);
  if (
    (scope.kind === 'group' || scope.kind === 'created') &&
    rules.some((r) => r.group.toLowerCase() === scope.group.toLowerCase())
  )
    fail(
      `the scope group ${scope.group} cannot also be a rule's group: rules would remove the users that define the scope`,
    );
  return {
    match: [...new Set(match)],
    scope,
    missing,
    protect,
    limits: resolveLimits(options.limits),
    minSourceRatio,
    force: options.force === true,
    rules,
    now: options.now ?? (() => new Date()),
  };
}

export function checkDesired(desired: DesiredState): void {
  if (!desired || !Array.isArray(desired.users))
    throw new SyncError({
      code: 'input',
      message:
        'the desired state must be { users: [...], groups: [...] } (readDesiredCsv / readDesiredJson build one)',
    });
  desired.users.forEach((u, i) => {
    if (
      !u ||
      typeof u.user !== 'object' ||
      typeof u.user.userName !== 'string' ||
      u.user.userName.trim() === ''
    )
      throw new SyncError({
        code: 'input',
        file: u?.source?.file,
        row: u?.source?.row ?? i + 1,
        message: 'a desired user has no userName',
      });
  });
}
