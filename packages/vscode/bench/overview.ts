/**
 * `npm run bench -w celonis-scim-vscode`: the Team Overview of a 100,000-user team. It must
 * come from one paged read of Users (and one of Groups) plus one filtered count: prints the
 * requests per endpoint against ceil(count / page cap), and the time. BENCH_SCALE (0-1]
 * shrinks the team for a quick try.
 */
import { createScimClient } from '@celonis-scim/core/node';
import type { RequestLogEntry } from '@celonis-scim/core';
import { startSandboxProcess } from '../../core/bench/sandbox-process.js';
import { computeOverview } from '../src/webviews/overview.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0 && scale <= 1))
  throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const users = Math.max(10, Math.round(100_000 * scale));
const groups = Math.max(3, Math.round(200 * scale));
const pageCap = 100; // the sandbox's default maxResults

async function main(): Promise<void> {
  console.log(`seeding ${users} users and ${groups} groups in a sandbox process...`);
  const sb = await startSandboxProcess({ team: 'big', users, groups });
  const team = sb.teams.big;
  if (!team) throw new Error('the sandbox has no team "big"');
  const log: RequestLogEntry[] = [];
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    logger: (e) => log.push(e),
  });
  try {
    const started = performance.now();
    const { data } = await computeOverview(client, 'big', { staleDays: 90 });
    const ms = performance.now() - started;
    const by = (prefix: string) => log.filter((e) => e.path.startsWith(prefix)).length;
    const userReads = by('/Users');
    const groupReads = by('/Groups');
    const discovery = log.length - userReads - groupReads;
    const wantUsers = Math.ceil(users / pageCap) + 1; // the pages, plus the one stale-users count
    const wantGroups = Math.ceil(groups / pageCap);
    const rows = [
      ['figure', 'value', 'goal'],
      ['team', `${data.users} users (${data.active} active), ${data.groups} groups`, ''],
      ['GET /Users', String(userReads), `= ${wantUsers} (ceil(${users}/${pageCap}) + 1 count)`],
      ['GET /Groups', String(groupReads), `= ${wantGroups}`],
      ['discovery', String(discovery), '<= 3'],
      ['requests in all', String(log.length), ''],
      ['time to the figures', `${(ms / 1000).toFixed(2)} s`, ''],
      ['users in no group', String(data.usersInNoGroup.count), ''],
    ];
    const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(width[i]!)).join('  '));
    const met = userReads === wantUsers && groupReads === wantGroups && discovery <= 3;
    console.log(
      `\nscale ${scale}; seeding ${(sb.seedMs / 1000).toFixed(1)} s; node ${process.version}; goal ${met ? 'met' : 'NOT met'}`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    await client.close();
    await sb.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
