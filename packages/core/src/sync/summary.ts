import { SCHEMA_ENTERPRISE_USER } from '../types/index.js';
import { ACTION_KINDS, type SyncAction, type SyncPlan } from './types.js';

const COUNTED: Record<SyncAction['kind'], [one: string, many: string]> = {
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

/** "1 group", "2 groups": counts as a person reads them. */
function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const ENTERPRISE_PREFIX = `${SCHEMA_ENTERPRISE_USER}:`;

/**
 * An attribute path as a person names it: `department`, not the enterprise extension's URN in
 * front of it (the short names a mapping file accepts). Other extensions keep their URN: their
 * attribute names may repeat core ones.
 */
function attributeLabel(path: string): string {
  return path.startsWith(ENTERPRISE_PREFIX) ? path.slice(ENTERPRISE_PREFIX.length) : path;
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function line(a: SyncAction): string {
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

export interface SummaryOptions {
  /** Changes and warnings shown at the most (default 50); the rest are counted. */
  limit?: number | undefined;
  /**
   * The lines that say why an unsafe plan is unsafe (default: the plan's own safety problems).
   * A face passes its own, naming the settings by the names its users type (the CLI's flags).
   */
  unsafeReasons?: ((plan: SyncPlan) => string[]) | undefined;
}

/** A short text for logs, CLIs and approvals: counts per kind, problems, then the changes. */
export function summarizePlan(plan: SyncPlan, options: SummaryOptions = {}): string {
  const limit = options.limit ?? 50;
  const out: string[] = [];
  out.push(
    `Sync plan for ${plan.baseUrl} (${plan.createdAt}): ${plural(plan.source.users, 'source user')}, ${plan.team.inScope} of ${plural(plan.team.users, 'team user')} in scope`,
  );
  const counts = ACTION_KINDS.filter((k) => plan.counts[k] > 0).map((k) =>
    plural(plan.counts[k], ...COUNTED[k]),
  );
  out.push(counts.length > 0 ? counts.join(', ') : 'No changes: the team matches the source.');
  for (const e of plan.errors) out.push(`ERROR ${e.code}: ${e.message}`);
  if (!plan.safety.safe) {
    const reasons = options.unsafeReasons?.(plan) ?? plan.safety.problems;
    for (const p of reasons) out.push(`UNSAFE: ${p}`);
  }
  for (const w of plan.warnings.slice(0, limit)) out.push(`warning ${w.code}: ${w.message}`);
  if (plan.warnings.length > limit)
    out.push(`... and ${plural(plan.warnings.length - limit, 'more warning')}`);
  out.push(...plan.actions.slice(0, limit).map(line));
  if (plan.actions.length > limit)
    out.push(`... and ${plural(plan.actions.length - limit, 'more change')} (see the plan file)`);
  return out.join('\n');
}
