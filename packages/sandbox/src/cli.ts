#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { resolveTimeouts, type HttpTimeouts } from './http.js';
import { startSandbox } from './index.js';
import type { FaultOptions, Sandbox, SandboxOptions, TeamInfo, TeamOptions } from './types.js';

const HELP = `celonis-scim-sandbox: a local SCIM 2.0 server that behaves like the team-scoped Celonis SCIM API.

Usage: celonis-scim-sandbox [options]

  --port N              port to listen on (default 8787; 0 picks a free one)
  --host H              address to bind (default 127.0.0.1)
  --teams a,b           team names (default: acme,globex with --seed, else demo)
  --seed                fill empty teams with realistic users and groups
  --users N             users per team when seeding (default 50; up to 100000)
  --groups N            groups per team when seeding (default 5)
  --seed-value N        PRNG seed of the generated data (default 1)
  --max-results N       server page cap of every team (default 100)
  --profile P           rfc (default) or celonis for every team, or per team:
                        acme=celonis,globex=rfc (celonis: what Celonis publishes
                        about its SCIM API; see the README, "Celonis profile")
  --rate-limit-per-second N
                        most SCIM requests per second of each team (off by default;
                        Celonis' published example is 20)
  --rate-limit-per-day N
                        most SCIM requests per UTC day of each team (off by default)
  --db FILE             SQLite file (default: in memory, lost on exit)
  --latency MS          add MS milliseconds to every SCIM response
  --fault-429 R         share 0..1 of SCIM requests answered 429 with Retry-After
  --retry-after S       Retry-After seconds of injected 429s (default 1)
  --fault-503 R         share 0..1 of SCIM requests answered 503
  --drop-before R       share 0..1 of writes whose connection drops before the write
  --drop-after R        share 0..1 of writes whose connection drops after the write
  --fault-seed N        PRNG seed of fault injection (default 42)
  --headers-timeout MS  time a client has to send its request headers (default 10000);
                        slower clients get 408 and are disconnected
  --request-timeout MS  time a client has to send its whole request, body included
                        (default 30000; at least --headers-timeout)
  --keep-alive-timeout MS
                        how long an idle keep-alive connection stays open (default 5000)
  --quiet               no per-request log lines
  --help                show this help
`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    process.stderr.write(`--${name} must be a number, got ${JSON.stringify(v)}. See --help.\n`);
    process.exit(2);
  }
  return n;
}

const TIMEOUT_FLAGS: Record<keyof HttpTimeouts, string> = {
  headersTimeoutMs: 'headers-timeout',
  requestTimeoutMs: 'request-timeout',
  keepAliveTimeoutMs: 'keep-alive-timeout',
};

/** The timeout flags, checked here so that an error names the flag rather than the option. */
function timeouts(v: Record<string, string | boolean | undefined>): Partial<HttpTimeouts> {
  const out: Partial<HttpTimeouts> = {};
  for (const [key, flag] of Object.entries(TIMEOUT_FLAGS) as Array<[keyof HttpTimeouts, string]>) {
    const n = num(flag, v[flag] as string | undefined);
    if (n !== undefined) out[key] = n;
  }
  try {
    resolveTimeouts(out, (key) => `--${TIMEOUT_FLAGS[key]}`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)} See --help.\n`);
    process.exit(2);
  }
  return out;
}

type Profile = NonNullable<TeamOptions['profile']>;

function fail(message: string): never {
  process.stderr.write(`${message} See --help.\n`);
  process.exit(2);
}

/** `--profile celonis` (every team) or `--profile acme=celonis,globex=rfc` (per team). */
function profiles(v: string | undefined, names: string[]): Record<string, Profile> {
  const out: Record<string, Profile> = {};
  if (v === undefined) return out;
  const check = (p: string): Profile =>
    p === 'rfc' || p === 'celonis'
      ? p
      : fail(`--profile must be rfc or celonis (or team=profile pairs), got ${JSON.stringify(p)}.`);
  if (!v.includes('=')) {
    const p = check(v.trim());
    for (const n of names) out[n] = p;
    return out;
  }
  for (const pair of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [team, p = ''] = pair.split('=').map((s) => s.trim());
    if (!team || !names.includes(team))
      fail(
        `--profile names team ${JSON.stringify(team)}, which is not one of ${names.join(', ')}.`,
      );
    out[team] = check(p);
  }
  return out;
}

function describe(t: TeamInfo): string {
  return [
    `Team ${t.name}${t.profile === 'celonis' ? ' (Celonis profile)' : ''}`,
    `  team URL       ${t.teamUrl}`,
    `  SCIM base URL  ${t.scimBaseUrl}`,
    `  token URL      ${t.tokenUrl}`,
    `  client id      ${t.clientId}`,
    `  client secret  ${t.clientSecret}`,
    `  scope          ${t.scope}`,
    `  API key        ${t.apiKey}   (Authorization: Bearer <key>)`,
    `  app key        ${t.appKey}   (Authorization: AppKey <key>)`,
  ].join('\n');
}

function banner(sb: Sandbox, db: string | undefined): string {
  const first = Object.values(sb.teams)[0]!;
  return [
    '',
    `Celonis SCIM sandbox running at ${sb.url}${db ? ` (database ${db})` : ' (in memory)'}`,
    '',
    ...Object.values(sb.teams).map(describe),
    '',
    'Try it:',
    `  curl -s -H 'Authorization: Bearer ${first.apiKey}' '${first.scimBaseUrl}/Users?count=2'`,
    `  curl -s -u '${first.clientId}:${first.clientSecret}' -d grant_type=client_credentials -d scope=${first.scope} ${first.tokenUrl}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        teams: { type: 'string' },
        seed: { type: 'boolean' },
        users: { type: 'string' },
        groups: { type: 'string' },
        'seed-value': { type: 'string' },
        'max-results': { type: 'string' },
        profile: { type: 'string' },
        'rate-limit-per-second': { type: 'string' },
        'rate-limit-per-day': { type: 'string' },
        db: { type: 'string' },
        latency: { type: 'string' },
        'fault-429': { type: 'string' },
        'retry-after': { type: 'string' },
        'fault-503': { type: 'string' },
        'drop-before': { type: 'string' },
        'drop-after': { type: 'string' },
        'fault-seed': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        'keep-alive-timeout': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\nSee --help.\n`);
    process.exit(2);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  const names = v.teams
    ? v.teams
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v.seed
      ? ['acme', 'globex']
      : ['demo'];
  const maxResults = num('max-results', v['max-results']);
  const profileOf = profiles(v.profile, names);
  const perSecond = num('rate-limit-per-second', v['rate-limit-per-second']);
  const perDay = num('rate-limit-per-day', v['rate-limit-per-day']);
  const faults: FaultOptions = {};
  const set = (k: keyof FaultOptions, flag: string) => {
    const n = num(flag, v[flag as keyof typeof v] as string | undefined);
    if (n !== undefined) faults[k] = n;
  };
  set('latencyMs', 'latency');
  set('rate429', 'fault-429');
  set('retryAfterSeconds', 'retry-after');
  set('rate503', 'fault-503');
  set('dropBeforeWrite', 'drop-before');
  set('dropAfterWrite', 'drop-after');
  set('seed', 'fault-seed');
  const opts: SandboxOptions = {
    ...timeouts(v),
    port: num('port', v.port) ?? 8787,
    host: v.host ?? '127.0.0.1',
    teams: names.map((name): TeamOptions => {
      const t: TeamOptions = { name };
      if (maxResults !== undefined) t.maxResults = maxResults;
      if (profileOf[name]) t.profile = profileOf[name];
      if (perSecond !== undefined) t.rateLimitPerSecond = perSecond;
      if (perDay !== undefined) t.rateLimitPerDay = perDay;
      return t;
    }),
    seed: v.seed
      ? {
          users: num('users', v.users) ?? 50,
          groups: num('groups', v.groups) ?? 5,
          seed: num('seed-value', v['seed-value']) ?? 1,
        }
      : false,
    dbFile: v.db,
    faults,
    log: !v.quiet,
    onProgress: (line) => process.stdout.write(`${line}\n`),
  };
  const sb = await startSandbox(opts);
  process.stdout.write(banner(sb, v.db));
  const stop = () => {
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`celonis-scim-sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
