// Seeds a 100k-user team and measures, in one run, the latency of an indexed userName filter and
// of 100-user pages spread over the team, against GET /ServiceProviderConfig as the baseline.
import { startSandbox } from '../src/index.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const LOOKUPS = 1000;
const PAGES = 200;
const BASELINE = 1000;

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} -> ${res.status}: ${body.slice(0, 200)}`);
  return ms;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const sb = await startSandbox({
    teams: [{ name: 'bench' }],
    seed: { users: USERS, groups: 10, seed: 1 },
    onProgress: (l) => process.stdout.write(`${l}\n`),
  });
  process.stdout.write(
    `seeded ${USERS} users in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const team = sb.teams.bench!;
  const headers = { Authorization: `Bearer ${team.apiKey}` };
  const base = team.scimBaseUrl;
  try {
    // Pick user names from pages spread over the whole team.
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const start = 1 + Math.floor((i * USERS) / 20);
      const res = await fetch(`${base}/Users?startIndex=${start}&count=50&attributes=userName`, {
        headers,
      });
      const body = (await res.json()) as { Resources: Array<{ userName: string }> };
      names.push(...body.Resources.map((r) => r.userName));
    }
    for (let i = 0; i < 50; i++) await timed(`${base}/ServiceProviderConfig`, headers); // warm-up

    const baseline: number[] = [];
    for (let i = 0; i < BASELINE; i++)
      baseline.push(await timed(`${base}/ServiceProviderConfig`, headers));
    const lookups: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      const name = names[(i * 7919) % names.length]!;
      const filter = encodeURIComponent(`userName eq "${name}"`);
      lookups.push(await timed(`${base}/Users?filter=${filter}`, headers));
    }
    const pages: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const start = 1 + Math.floor(((i * 104729) % PAGES) * ((USERS - 100) / PAGES));
      pages.push(await timed(`${base}/Users?startIndex=${start}&count=100`, headers));
    }
    const b50 = pct(baseline, 50);
    const row = (label: string, s: number[]) =>
      `${label.padEnd(44)} p50 ${pct(s, 50).toFixed(2).padStart(7)} ms  p99 ${pct(s, 99).toFixed(2).padStart(7)} ms  ` +
      `p50/baseline ${(pct(s, 50) / b50).toFixed(1).padStart(5)}x  (n=${s.length})`;
    process.stdout.write(
      [
        '',
        `team of ${USERS} users, sequential requests over loopback`,
        row('baseline GET /ServiceProviderConfig', baseline),
        row('GET /Users?filter=userName eq "..."', lookups),
        row('GET /Users?startIndex=N&count=100', pages),
        '',
      ].join('\n'),
    );
  } finally {
    await sb.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
