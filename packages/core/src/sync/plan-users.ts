import { diffToPatch } from '../patch/diff.js';
import { changesOf, differs, plannedHash } from './attributes.js';
import type { Folder, Match } from './match.js';
import type { ResolvedOptions } from './options.js';
import type { TeamUser } from './team.js';
import type { CreateAction, DeleteAction, PlanIssue, UpdateAction } from './types.js';

type Obj = Record<string, unknown>;
type Draft<T> = Omit<T, 'id'>;

export interface MatchedContext {
  opts: ResolvedOptions;
  managed: readonly string[];
  fold: Folder;
  inScope: (u: TeamUser) => boolean;
  isProtected: (u: TeamUser) => boolean;
  targetOf: (m: Match) => Obj;
  warnings: PlanIssue[];
}

/** Creates for unmatched rows, updates for matched in-scope users that differ. */
export function planMatched(
  matches: readonly Match[],
  ctx: MatchedContext,
): { creates: Array<Draft<CreateAction> & { match: Match }>; updates: Array<Draft<UpdateAction>> } {
  const { opts, managed, fold, inScope, isProtected, targetOf, warnings } = ctx;
  const creates: Array<Draft<CreateAction> & { match: Match }> = [];
  const updates: Array<Draft<UpdateAction>> = [];
  for (const m of matches) {
    if (!m.user) {
      creates.push({
        kind: 'create',
        userName: m.row.user.userName,
        user: m.row.user,
        source: m.row.source,
        reason: `no team user matches ${opts.match.join(', ')}`,
        match: m,
      });
      continue;
    }
    if (!inScope(m.user)) {
      warnings.push({
        code: 'outOfScope',
        message: `row ${m.row.source.row} matches ${m.user.userName}, who is outside the scope: left alone`,
        rows: [m.row.source],
        userIds: [m.user.id],
      });
      continue;
    }
    // Most users are unchanged: compare before building the overlaid copy.
    if (!differs(m.user as Obj, m.row.user as Obj, managed, fold)) continue;
    const target = targetOf(m);
    const u = userAction(m, m.user, target, managed, isProtected, warnings);
    if (u) updates.push(u);
  }
  return { creates, updates };
}

/** Deactivations (into `updates`) or deletions of in-scope users the source leaves out. */
export function planMissing(
  missing: readonly TeamUser[],
  opts: ResolvedOptions,
  managed: readonly string[],
  isProtected: (u: TeamUser) => boolean,
  warnings: PlanIssue[],
  updates: Array<Draft<UpdateAction>>,
): Array<Draft<DeleteAction>> {
  const deletes: Array<Draft<DeleteAction>> = [];
  for (const u of missing) {
    if (opts.missing === 'leave') continue;
    if (isProtected(u)) {
      warnings.push({
        code: 'protected',
        message: `${u.userName} is missing from the source but protected: left alone`,
        rows: [],
        userIds: [u.id],
      });
      continue;
    }
    const planned = {
      ...(u.meta?.version ? { version: u.meta.version } : {}),
      hash: plannedHash(u as Obj, managed),
    };
    if (opts.missing === 'delete')
      deletes.push({
        kind: 'delete',
        userId: u.id,
        userName: u.userName,
        planned,
        reason: 'missing from source',
      });
    else if (u.active !== false)
      updates.push({
        kind: 'deactivate',
        userId: u.id,
        userName: u.userName,
        changes: [{ path: 'active', before: u.active ?? true, after: false }],
        patch: [{ op: 'replace', path: 'active', value: false }],
        planned,
        reason: 'missing from source',
      });
  }

  return deletes;
}

function userAction(
  m: Match,
  user: TeamUser,
  target: Obj,
  managed: readonly string[],
  isProtected: (u: TeamUser) => boolean,
  warnings: PlanIssue[],
): Draft<UpdateAction> | undefined {
  const current = user as Obj;
  let after = target;
  if (isProtected(user) && user.active !== false && target.active === false) {
    warnings.push({
      code: 'protected',
      message: `the source marks ${user.userName} inactive, but the user is protected: stays active`,
      rows: [m.row.source],
      userIds: [user.id],
    });
    after = { ...target, active: user.active };
  }
  const changes = changesOf(current, after, managed);
  if (changes.length === 0) return undefined;
  const patch = diffToPatch(current, after, { resourceType: 'User' });
  if (patch.length === 0) return undefined;
  const wasActive = user.active !== false;
  const kind: UpdateAction['kind'] =
    wasActive && after.active === false
      ? 'deactivate'
      : !wasActive && after.active !== false
        ? 'reactivate'
        : after.userName !== user.userName
          ? 'rename'
          : 'update';
  const what = changes.map((c) => c.path).join(', ');
  return {
    kind,
    userId: user.id,
    userName: user.userName,
    match: { key: m.key!, value: m.value! },
    source: m.row.source,
    changes,
    patch,
    planned: {
      ...(user.meta?.version ? { version: user.meta.version } : {}),
      hash: plannedHash(current, managed),
    },
    reason: `matched by ${m.key} ${JSON.stringify(m.value)}; ${kind === 'deactivate' ? 'the source marks the user inactive; ' : ''}${what} differ`,
  };
}

export function protector(entries: readonly string[]): (u: TeamUser) => boolean {
  const exact = new Set(entries);
  const lower = new Set(entries.map((e) => e.toLowerCase()));
  return (u) =>
    lower.has(u.userName.toLowerCase()) ||
    exact.has(u.id) ||
    (u.externalId !== undefined && exact.has(u.externalId));
}
