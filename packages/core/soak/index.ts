import { parseArgs } from 'node:util';
import { formatReport } from './report.js';
import { runSoak } from './run.js';
import { formatSyncReport, runSyncSoak, syncDiscrepancies } from './sync.js';

const HELP = `Fault-injection soak: provisions users and groups against a local sandbox that
injects 429s, 503s and dropped connections, offboards some users, replaces the members of
some groups, and compares the sandbox's state with the intended one after each phase.

  --users N          users to provision (default 5000)
  --groups N         groups to create (default 50)
  --offboard N       users to offboard (default 1000)
  --retry-after S    Retry-After seconds of injected 429s (default 1)
  --latency MS       added latency per request (default 2)
  --seconds S        give up (and fail) after this long (default 900)
  --seed N           fault sequence seed (default 42)

Then the sync soak: a team of 2,000 users is reconciled with a source of 5,000 new users,
1,000 updated and 500 left out (deactivated), with 2,000 membership changes from group
rules, while the same faults hit the apply; two users are edited by someone else between
plan and apply. Run on a team with ETags and /Bulk, then on one with neither.

  --sync-creates N   users the source adds (default 5000; 0 skips the sync soak)

Exits 1 when any user or group is missing, duplicated, extra or has wrong members.`;

function num(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a number >= 0, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string' },
      groups: { type: 'string' },
      offboard: { type: 'string' },
      'retry-after': { type: 'string' },
      latency: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      'sync-creates': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const report = await runSoak({
    users: num(values.users, 'users', 5000),
    groups: Math.max(1, num(values.groups, 'groups', 50)),
    offboard: num(values.offboard, 'offboard', 1000),
    retryAfterSeconds: num(values['retry-after'], 'retry-after', 1),
    latencyMs: num(values.latency, 'latency', 2),
    seconds: num(values.seconds, 'seconds', 900),
    seed: num(values.seed, 'seed', 42),
  });
  console.log(formatReport(report));
  let failures = report.discrepancies;
  const creates = num(values['sync-creates'], 'sync-creates', 5000);
  if (creates > 0)
    for (const team of [
      { etag: true, bulk: true },
      { etag: false, bulk: false },
    ]) {
      const sync = await runSyncSoak({
        creates,
        updates: Math.round(creates / 5),
        leavers: Math.round(creates / 10),
        unchanged: Math.round(creates / 10),
        ...team,
        latencyMs: num(values.latency, 'latency', 2),
        retryAfterSeconds: num(values['retry-after'], 'retry-after', 1),
        seed: num(values.seed, 'seed', 42),
      });
      console.log(formatSyncReport(sync));
      failures += syncDiscrepancies(sync);
    }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
