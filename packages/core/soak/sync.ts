import { startSandbox } from '@celonis-scim/sandbox';
import {
  SCHEMA_ENTERPRISE_USER,
  applyPlan,
  createScimClient,
  planSync,
  type ApplyReport,
  type DesiredState,
  type ScimClient,
  type ScimUser,
  type SyncOptions,
} from '../src/node.js';
import { FAULTS } from './run.js';

/** Twice the drop rates of the provisioning soak: a /Bulk apply makes few writes to drop. */
export const SYNC_FAULTS = { ...FAULTS, dropBeforeWrite: 0.1, dropAfterWrite: 0.1 };

/**
 * The sync soak: a team of `base` users is reconciled with a source that creates `creates`
 * users, updates `updates`, leaves `leavers` out (deactivated) and moves `2 * leavers +
 * creates / 5` memberships, with 429s, 503s and dropped connections injected while the plan
 * is applied. Two users are changed by someone else between plan and apply.
 */
export interface SyncSoakSize {
  creates: number;
  updates: number;
  leavers: number;
  /** Users the source leaves as they are. */
  unchanged: number;
  etag: boolean;
  bulk: boolean;
  latencyMs: number;
  retryAfterSeconds: number;
  seed: number;
  /** Drop rates instead of SYNC_FAULTS' (a small /Bulk run needs higher ones to be hit at all). */
  dropRate?: number | undefined;
}

export interface SyncSoakReport {
  size: SyncSoakSize;
  planned: Record<string, number>;
  rounds: ApplyReport['counts'][];
  conflictsReported: number;
  faultsInjected: Record<string, number>;
  applyMs: number;
  lost: string[];
  duplicated: string[];
  wrong: string[];
  /**
   * Users whose own action the first apply reported `failed`. Past the stated worst case of one
   * write (retries + 1 sends, each dropped with the drop rate) a write may fail: it must then be
   * reported, so that a re-run takes it up, never lost or left wrong in silence.
   */
  failedUsers: string[];
  secondPlanActions: number;
}

const DEPT = SCHEMA_ENTERPRISE_USER;
const existing = (i: number) => `sync-b${i}@example.com`;
const incoming = (i: number) => `sync-n${i}@example.com`;
const user = (userName: string, title: string, department: string): ScimUser => ({
  userName,
  externalId: userName.replace('@example.com', ''),
  title,
  [DEPT]: { department },
});

/** Baseline: updates first (Ops), then leavers (Finance, so they leave the group), then unchanged. */
function baseline(s: SyncSoakSize): ScimUser[] {
  const n = s.updates + s.leavers + s.unchanged;
  return Array.from({ length: n }, (_, i) =>
    user(existing(i), 'T1', i >= s.updates && i < s.updates + s.leavers ? 'Finance' : 'Ops'),
  );
}

/** The source: updated titles (half of them move to Sales), the unchanged, and the new users. */
function source(s: SyncSoakSize): DesiredState {
  const users: ScimUser[] = [];
  for (let i = 0; i < s.updates; i++)
    users.push(user(existing(i), 'T2', i < s.updates / 2 ? 'Sales' : 'Ops'));
  for (let i = s.updates + s.leavers; i < s.updates + s.leavers + s.unchanged; i++)
    users.push(user(existing(i), 'T1', 'Ops'));
  for (let i = 0; i < s.creates; i++)
    users.push(user(incoming(i), 'T1', i < s.creates / 5 ? 'Finance' : 'Ops'));
  return { users: users.map((u, k) => ({ source: { row: k + 1 }, user: u })), groups: [] };
}

export async function runSyncSoak(size: SyncSoakSize): Promise<SyncSoakReport> {
  const sb = await startSandbox({ teams: [{ name: 'sync', etag: size.etag, bulk: size.bulk }] });
  const team = sb.teams.sync!;
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    retry: { retries: 6, baseDelayMs: 50, maxDelayMs: 1000 },
  });
  try {
    const base = await client.users.provision(baseline(size), { concurrency: 4 });
    const ids = new Map(base.map((r) => [r.userName, r.ok ? (r.user.id as string) : '']));
    const finance = await client.groups.create({ displayName: 'Finance' });
    const leaverIds = [...ids.entries()]
      .slice(size.updates, size.updates + size.leavers)
      .map(([, id]) => id);
    await client.groups.addMembers(finance.id as string, leaverIds);
    const desired = source(size);
    const options: SyncOptions = {
      match: ['externalId', 'userName'],
      rules: [
        { group: 'Finance', filter: 'department eq "Finance"' },
        { group: 'Sales', filter: 'department eq "Sales"' },
      ],
      limits: { maxRemovals: size.leavers, maxRemovalPercent: 100 },
    };
    const plan = await planSync(client, desired, options);
    // Someone else edits one planned update and one planned deactivation meanwhile.
    const touched = [existing(1), existing(size.updates + 1)];
    for (const name of touched)
      await client.users.patch(ids.get(name) as string, [
        { op: 'replace', path: 'title', value: 'Changed elsewhere' },
      ]);
    sb.setFaults({
      ...SYNC_FAULTS,
      ...(size.dropRate !== undefined
        ? { dropBeforeWrite: size.dropRate, dropAfterWrite: size.dropRate }
        : {}),
      latencyMs: size.latencyMs,
      retryAfterSeconds: size.retryAfterSeconds,
      seed: size.seed,
    });
    const t0 = Date.now();
    const rounds: ApplyReport['counts'][] = [];
    const first = await applyPlan(client, plan, { concurrency: 4 });
    rounds.push(first.counts);
    const applyMs = Date.now() - t0;
    const faultsInjected = { ...sb.stats().faultsInjected };
    sb.setFaults({ rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 });
    const check = await verify(client, size, touched);
    const second = await planSync(client, desired, options);
    const userOf = new Map(
      plan.actions.map((a) => [a.id, 'userName' in a ? a.userName : undefined] as const),
    );
    const failedUsers = first.results
      .filter((res) => res.status === 'failed')
      .map((res) => userOf.get(res.id))
      .filter((n): n is string => n !== undefined);
    // The users changed elsewhere, and those whose action was reported failed, are the only
    // ones a new plan may change again.
    const again = new Set([...touched, ...failedUsers]);
    return {
      size,
      planned: { ...plan.counts },
      rounds,
      conflictsReported: first.counts.conflict,
      faultsInjected,
      applyMs,
      ...check,
      failedUsers,
      secondPlanActions: second.actions.filter((a) =>
        'members' in a
          ? a.members.some((m) => !again.has(m.userName))
          : !('userName' in a && again.has(a.userName)),
      ).length,
    };
  } finally {
    await client.close();
    await sb.close();
  }
}

async function verify(
  client: ScimClient,
  s: SyncSoakSize,
  touched: string[],
): Promise<{ lost: string[]; duplicated: string[]; wrong: string[] }> {
  const all: ScimUser[] = [];
  for await (const u of client.users.list()) all.push(u);
  const byName = new Map<string, ScimUser[]>();
  for (const u of all) byName.set(u.userName, [...(byName.get(u.userName) ?? []), u]);
  const expected = new Map<string, { title: string; department: string; active: boolean }>();
  for (const d of source(s).users)
    expected.set(d.user.userName, {
      title: d.user.title as string,
      department: d.user[DEPT]!.department as string,
      active: true,
    });
  for (let i = s.updates; i < s.updates + s.leavers; i++)
    expected.set(existing(i), { title: 'T1', department: 'Finance', active: false });
  // The concurrent edits survive, and the planned changes to those users (their memberships
  // included) are not made.
  expected.set(touched[0]!, { title: 'Changed elsewhere', department: 'Ops', active: true });
  expected.set(touched[1]!, { title: 'Changed elsewhere', department: 'Finance', active: true });
  const lost: string[] = [];
  const duplicated: string[] = [];
  const wrong: string[] = [];
  for (const [name, e] of expected) {
    const found = byName.get(name) ?? [];
    if (found.length === 0) lost.push(name);
    if (found.length > 1) duplicated.push(name);
    const u = found[0];
    if (
      u &&
      (u.title !== e.title ||
        u[DEPT]?.department !== e.department ||
        (u.active !== false) !== e.active)
    )
      wrong.push(`${name} (${u.title}/${String(u[DEPT]?.department)}/${String(u.active)})`);
  }
  for (const name of byName.keys()) if (!expected.has(name)) duplicated.push(`extra ${name}`);
  const ids = new Map(all.map((u) => [u.id, u.userName]));
  const members = async (g: string) => {
    const group = await client.groups.getByDisplayName(g);
    const full = group?.id ? await client.groups.get(group.id) : undefined;
    return new Set((full?.members ?? []).map((m) => ids.get(m.value)));
  };
  const fin = await members('Finance');
  const sales = await members('Sales');
  for (const [name, e] of expected) {
    const inFin = e.department === 'Finance' && e.active;
    if (fin.has(name) !== inFin) wrong.push(`Finance membership of ${name}`);
    if (sales.has(name) !== (e.department === 'Sales')) wrong.push(`Sales membership of ${name}`);
  }
  return { lost, duplicated, wrong };
}

export function formatSyncReport(r: SyncSoakReport): string {
  const rows: Array<[string, string | number]> = [
    ['sync: team', `etag ${r.size.etag}, bulk ${r.size.bulk}`],
    [
      'sync: planned',
      Object.entries(r.planned)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k}:${v}`)
        .join(' '),
    ],
    [
      'sync: apply result',
      r.rounds
        .map((c) => `done:${c.done} conflict:${c.conflict} failed:${c.failed} skipped:${c.skipped}`)
        .join(' | '),
    ],
    ['sync: apply elapsed', `${(r.applyMs / 1000).toFixed(1)} s`],
    ...Object.entries(r.faultsInjected).map(([k, v]): [string, number] => [
      `sync: faults injected: ${k}`,
      v,
    ]),
    ['sync: lost', r.lost.length],
    ['sync: duplicated or extra', r.duplicated.length],
    ['sync: wrong state', r.wrong.length],
    ['sync: reported failed (users)', r.failedUsers.length],
    ['sync: second plan (besides the conflicts)', r.secondPlanActions],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const [k, list] of [
    ['lost', r.lost],
    ['duplicated', r.duplicated],
    ['wrong', r.wrong],
  ] as const)
    if (list.length) lines.push(`sync ${k}: ${list.slice(0, 10).join(', ')}`);
  return lines.join('\n');
}

/** Users lost or left wrong without the apply reporting their action as failed. */
export function unreported(r: SyncSoakReport, names: string[]): string[] {
  return names.filter((n) => !r.failedUsers.includes(n));
}

export function syncDiscrepancies(r: SyncSoakReport): number {
  return (
    unreported(r, r.lost).length +
    r.duplicated.length +
    unreported(r, r.wrong).length +
    r.secondPlanActions +
    (r.conflictsReported === 2 ? 0 : 1)
  );
}
