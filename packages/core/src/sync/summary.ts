import { ACTION_KINDS, type SyncAction, type SyncPlan } from './types.js';

const LABEL: Record<SyncAction['kind'], string> = {
  createGroup: 'groups to create',
  create: 'users to create',
  update: 'users to update',
  rename: 'users to rename',
  reactivate: 'users to reactivate',
  deactivate: 'users to deactivate',
  delete: 'users to delete',
  removeMembers: 'memberships to remove',
  addMembers: 'memberships to add',
};

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
        .map((c) => `${c.path} ${show(c.before)} -> ${show(c.after)}`)
        .join(', ');
      return `~ ${a.kind} ${a.userName}: ${changes}`;
    }
  }
}

/** A short text for logs, CLIs and approvals: counts per kind, problems, then the changes. */
export function summarizePlan(
  plan: SyncPlan,
  options: { limit?: number | undefined } = {},
): string {
  const limit = options.limit ?? 50;
  const out: string[] = [];
  out.push(
    `Sync plan for ${plan.baseUrl} (${plan.createdAt}): ${plan.source.users} source users, ${plan.team.inScope} of ${plan.team.users} team users in scope`,
  );
  const counts = ACTION_KINDS.filter((k) => plan.counts[k] > 0).map(
    (k) => `${plan.counts[k]} ${LABEL[k]}`,
  );
  out.push(counts.length > 0 ? counts.join(', ') : 'No changes: the team matches the source.');
  for (const e of plan.errors) out.push(`ERROR ${e.code}: ${e.message}`);
  if (!plan.safety.safe) for (const p of plan.safety.problems) out.push(`UNSAFE: ${p}`);
  for (const w of plan.warnings.slice(0, limit)) out.push(`warning ${w.code}: ${w.message}`);
  if (plan.warnings.length > limit)
    out.push(`... and ${plan.warnings.length - limit} more warnings`);
  const shown = plan.actions.slice(0, limit).map(line);
  out.push(...shown);
  if (plan.actions.length > limit)
    out.push(`... and ${plan.actions.length - limit} more changes (see the plan file)`);
  return out.join('\n');
}
