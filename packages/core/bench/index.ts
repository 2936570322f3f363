/**
 * `npm run bench -w @celonis-scim/core`: the client against a sandbox on loopback, every figure
 * next to a baseline measured in the same run. BENCH_SCALE (default 1) shrinks the counts for a
 * quick try; the goals are judged at scale 1 only. BENCH_MEMORY_BUDGET_S (default 240) bounds
 * the 100k-user walk in time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addMembers,
  createUsers,
  listVsRaw,
  memoryWhileIterating,
  type CreateFigures,
  type ListFigures,
  type MemberFigures,
  type MemoryFigures,
} from './cases.js';
import { requireGc } from './measure.js';
import { startSandboxProcess } from './sandbox-process.js';
import { applyVsLoop, planLarge, type ApplyFigures, type PlanFigures } from './sync.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0 && scale <= 1))
  throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const n = (x: number) => Math.max(10, Math.round(x * scale));

/** Bounds the 100k-user walk in time; a slow server then yields a partial (labelled) figure. */
const memoryBudgetMs = Number(process.env.BENCH_MEMORY_BUDGET_S ?? '240') * 1000;

const counts = {
  listUsers: n(20_000),
  memoryUsers: n(100_000),
  members: n(10_000),
  perMemberSample: n(1_000),
  createUsers: n(5_000),
  createConcurrency: 8,
  syncUsers: n(50_000),
  syncChanges: n(1_000),
  syncLoopSample: n(200),
  syncLatencyMs: 20,
};

/** BENCH_ONLY=sync runs the sync cases alone. */
const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'sync')
  throw new Error(`BENCH_ONLY may only be "sync", got ${only}`);

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  goal: string;
  met?: boolean | undefined;
}

const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
const mb = (x: number) => `${x.toFixed(1)} MB`;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface SyncFigures {
  plan: PlanFigures;
  applyBulk: ApplyFigures;
  applyConcurrent: ApplyFigures;
}

async function syncCases(): Promise<SyncFigures> {
  log(`seeding ${counts.syncUsers} users for the sync plan`);
  const big = await startSandboxProcess({ team: 'sync', users: counts.syncUsers });
  const plan = await planLarge(big.teams.sync!, counts.syncUsers).finally(() => big.close());
  const apply = async (bulk: boolean) => {
    log(
      `applying ${counts.syncChanges} changes (${bulk ? '/Bulk' : 'no /Bulk'}, ${counts.syncLatencyMs} ms latency)`,
    );
    const sb = await startSandboxProcess({
      team: 'apply',
      users: counts.syncChanges + counts.syncLoopSample,
      teamOptions: { bulk },
      faults: { latencyMs: counts.syncLatencyMs },
    });
    return applyVsLoop(
      sb.teams.apply!,
      counts.syncChanges,
      counts.syncLoopSample,
      counts.syncLatencyMs,
      bulk,
    ).finally(() => sb.close());
  };
  return { plan, applyBulk: await apply(true), applyConcurrent: await apply(false) };
}

function syncRows(f: SyncFigures): Row[] {
  const p = f.plan;
  const b = f.applyBulk;
  const c = f.applyConcurrent;
  return [
    {
      figure: `planSync ${p.users} desired vs ${p.users} users, ${p.changes} changes: read`,
      value: `${p.listRequests} list requests + ${p.discoveryRequests} discovery, ${ms(p.readMs)}`,
      baseline: `ceil(${p.users} / page cap ${p.pageCap}) = ${p.expectedListRequests}`,
      ratio: '-',
      goal: `= ${p.expectedListRequests} list requests`,
      met: p.listRequests === p.expectedListRequests,
    },
    {
      figure: 'planSync: CPU after the read',
      value: `${ms(p.planCpuMs)} CPU (${ms(p.planWallMs)} wall)`,
      baseline: '-',
      ratio: '-',
      goal: '< 1 s CPU',
      met: p.planCpuMs < 1000,
    },
    {
      figure: 'planSync: peak memory growth (read + plan)',
      value: `RSS +${mb(p.peakRssMB)}, heap +${mb(p.peakHeapMB)}`,
      baseline: 'after global.gc(), desired state loaded',
      ratio: '-',
      goal: '< 150 MB',
      met: p.peakRssMB < 150 && p.peakHeapMB < 150,
    },
    {
      figure: `applyPlan ${b.changes} updates, /Bulk, ${b.latencyMs} ms latency`,
      value: `${b.applyRequests} requests, ${ms(b.applyMs)}`,
      baseline: `per-row upsert loop: ${b.loopExtrapolatedRequests} requests (${b.loopRequests} for ${b.loopRows} rows)`,
      ratio: `1/${(b.loopExtrapolatedRequests / b.applyRequests).toFixed(0)} of the requests`,
      goal: '<= 1/50',
      met: b.applyRequests * 50 <= b.loopExtrapolatedRequests,
    },
    {
      figure: `applyPlan ${c.changes} updates, no /Bulk (concurrency 8), ${c.latencyMs} ms latency`,
      value: ms(c.applyMs),
      baseline: `per-row upsert loop ~${ms(c.loopExtrapolatedMs)} (extrapolated from ${c.loopRows} rows: ${ms(c.loopMs)})`,
      ratio: `${(c.loopExtrapolatedMs / c.applyMs).toFixed(1)}x faster`,
      goal: '>= 4x',
      met: c.loopExtrapolatedMs >= 4 * c.applyMs,
    },
  ];
}

async function main(): Promise<void> {
  requireGc();
  const started = performance.now();
  if (only === 'sync') {
    const sync = await syncCases();
    const rows = syncRows(sync);
    printTable(rows);
    console.log(
      `\nscale ${scale}; sync cases only; total ${ms(performance.now() - started)}; node ${process.version}.`,
    );
    return;
  }

  log(`seeding ${counts.memoryUsers} users in a sandbox process`);
  const big = await startSandboxProcess({ team: 'big', users: counts.memoryUsers });
  log(`seeded in ${ms(big.seedMs)}; iterating them`);
  const memory = await memoryWhileIterating(
    big.teams.big!,
    counts.memoryUsers,
    memoryBudgetMs,
  ).finally(() => big.close());

  log(`seeding ${counts.listUsers} users in a sandbox process`);
  const sb = await startSandboxProcess({ team: 'team', users: counts.listUsers });
  const team = sb.teams.team!;
  try {
    log('listing through the client and through a raw undici loop');
    const list = await listVsRaw(team, counts.listUsers);
    log(`adding ${counts.members} members`);
    const members = await addMembers(team, counts.members, counts.perMemberSample);
    log(`creating ${counts.createUsers} users three ways`);
    const create = await createUsers(team, counts.createUsers, counts.createConcurrency);
    const sync = await syncCases();

    const rows = [...buildRows(list, memory, members, create), ...syncRows(sync)];
    const totalMs = performance.now() - started;
    printTable(rows);
    console.log(
      `\nscale ${scale}; sandbox seeding ${ms(big.seedMs)} (${counts.memoryUsers} users) + ${ms(sb.seedMs)} (${counts.listUsers}); total ${ms(totalMs)}; node ${process.version}; client run from TypeScript sources through tsx; sandbox in a child process.`,
    );
    const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
    mkdirSync(dirname(out), { recursive: true });
    const json = {
      date: new Date().toISOString(),
      node: process.version,
      scale,
      counts,
      list,
      memory,
      members,
      create,
      sync,
      totalMs,
      rows,
    };
    writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`results written to bench/results/latest.json`);
  } finally {
    await sb.close();
  }
}

function buildRows(
  list: ListFigures,
  memory: MemoryFigures,
  members: MemberFigures,
  create: CreateFigures,
): Row[] {
  return [
    {
      figure: `list ${list.users} users (median of ${list.rounds})`,
      value: `client ${ms(list.clientMs)}`,
      baseline: `raw undici loop ${ms(list.rawMs)}`,
      ratio: `${list.ratio.toFixed(2)} (raw/client)`,
      goal: '>= 0.9',
      met: list.ratio >= 0.9,
    },
    {
      figure:
        memory.iterated === memory.users
          ? `iterate ${memory.users} users (${ms(memory.ms)})`
          : `iterate ${memory.iterated} of ${memory.users} users (time budget ${ms(memoryBudgetMs)} ran out)`,
      value: `RSS +${mb(memory.rssGrowthMB)}, heap +${mb(memory.heapGrowthMB)}`,
      baseline: 'after global.gc()',
      ratio: '-',
      goal: '< 64 MB',
      met: memory.rssGrowthMB < 64 && memory.heapGrowthMB < 64,
    },
    {
      figure: `add ${members.members} members, addMembers (/Bulk)`,
      value: `${members.batchedRequests} requests, ${ms(members.batchedMs)}`,
      baseline: `1 PATCH per member: ${members.members} requests, ~${ms(members.perMemberExtrapolatedMs)} (extrapolated from ${members.perMemberSample}: ${ms(members.perMemberSampleMs)})`,
      ratio: `${members.speedup.toFixed(1)}x faster`,
      goal: '<= 100 requests',
      met: members.batchedRequests <= 100,
    },
    {
      figure: `add ${members.members} members, addMembers (PATCH only)`,
      value: `${members.patchRequests} requests, ${ms(members.patchMs)}`,
      baseline: 'same as above',
      ratio: `${(members.perMemberExtrapolatedMs / members.patchMs).toFixed(1)}x faster`,
      goal: '<= 100 requests',
      met: members.patchRequests <= 100,
    },
    {
      figure: `create ${create.users} users, provision (concurrency ${create.concurrency}, no bulk)`,
      value: ms(create.concurrentMs),
      baseline: `sequential create() ${ms(create.sequentialMs)}`,
      ratio: `${create.speedupConcurrent.toFixed(1)}x faster`,
      goal: '-',
    },
    {
      figure: `create ${create.users} users, provision (/Bulk)`,
      value: ms(create.bulkMs),
      baseline: `sequential create() ${ms(create.sequentialMs)}`,
      ratio: `${create.speedupBulk.toFixed(1)}x faster`,
      goal: '-',
    },
  ];
}

function printTable(rows: Row[]): void {
  const head: Row = {
    figure: 'figure',
    value: 'value',
    baseline: 'baseline (same run)',
    ratio: 'ratio',
    goal: 'goal',
  };
  const cols = ['figure', 'value', 'baseline', 'ratio', 'goal'] as const;
  const all = [head, ...rows];
  const width = (c: (typeof cols)[number]) => Math.max(...all.map((r) => r[c].length));
  const line = (r: Row, met: string) =>
    cols.map((c) => r[c].padEnd(width(c))).join(' | ') + ` | ${met}`;
  console.log(line(head, 'met'));
  console.log(cols.map((c) => '-'.repeat(width(c))).join('-|-') + '-|----');
  for (const r of rows) console.log(line(r, r.met === undefined ? '-' : r.met ? 'yes' : 'NO'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
