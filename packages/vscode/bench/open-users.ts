import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import type { FolderNode } from '../src/tree/nodes.js';
import { connect, folder, harness, type Harness, type Sandbox } from '../test/helpers.js';

// Opening Users of a 100,000-user team through the tree provider: requests made (one page)
// and time to the first row, against a baseline measured in the same run: the same page read
// with a bare HTTP request.

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PAGE = 50;
const RUNS = 30;

let sb: Sandbox;

beforeAll(async () => {
  const t0 = performance.now();
  sb = await startSandbox({
    teams: [{ name: 'big' }],
    seed: { users: USERS, groups: 10, seed: 1 },
  });
  log(`seeded ${USERS} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
afterAll(async () => {
  await sb?.close();
});

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function p50(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function logged(h: Harness): string[] {
  return (h.log as unknown as { channel: { lines: string[] } }).channel.lines;
}

/** Expands Users and waits for its rows; returns ms to the first user row and the requests. */
async function open(h: Harness, users: FolderNode): Promise<{ ms: number; lines: string[] }> {
  const before = logged(h).length;
  const t0 = performance.now();
  const rows = await h.tree.getChildren(users);
  const ms = performance.now() - t0;
  if (rows[0]?.kind !== 'user') throw new Error(`first row is ${rows[0]?.kind ?? 'missing'}`);
  return { ms, lines: logged(h).slice(before) };
}

it(`opens Users of a ${USERS}-user team with one page request`, async () => {
  const team = sb.teams.big;
  if (!team) throw new Error('no team');
  const h = harness(PAGE);
  await connect(h, sb, 'big');
  const users = await folder(h, 'big', 'Users');

  // Cold: the first expansion after connecting (token and discovery included).
  const cold = await open(h, users);
  if (process.env.BENCH_VERBOSE) log(cold.lines.join('\n'));
  const coldList = cold.lines.filter((l) => /GET \S*\/Users\b/.test(l));
  expect(coldList).toHaveLength(1);

  const tree: number[] = [];
  const baseline: number[] = [];
  const url = `${team.scimBaseUrl}/Users?startIndex=1&count=${PAGE}`;
  const headers = { authorization: `Bearer ${team.apiKey}` };
  let warmRequests = 0;
  for (let i = 0; i < RUNS; i++) {
    const b0 = performance.now();
    const res = await fetch(url, { headers });
    await res.json();
    baseline.push(performance.now() - b0);
    h.tree.refresh('big');
    const warm = await open(h, users);
    tree.push(warm.ms);
    warmRequests = Math.max(warmRequests, warm.lines.filter((l) => /GET /.test(l)).length);
  }
  const base = p50(baseline);
  const warm = p50(tree);
  log('');
  log(`team of ${USERS} users, page size ${PAGE}, ${RUNS} runs, sequential over loopback`);
  log(`baseline: GET /Users?startIndex=1&count=${PAGE} (bare HTTP)   p50 ${base.toFixed(1)} ms`);
  log(
    `tree: expand Users, first row (cold: token, discovery)   ${cold.ms.toFixed(1)} ms, ${cold.lines.length} requests (${coldList.length} to /Users)`,
  );
  log(
    `tree: expand Users, first row (warm)                     p50 ${warm.toFixed(1)} ms, ${warmRequests} request(s)   ratio to baseline ${(warm / base).toFixed(2)}x`,
  );
  log('');
  expect(warmRequests).toBe(1);
  expect(cold.ms).toBeLessThan(1000);
  expect(warm).toBeLessThan(1000);
});
