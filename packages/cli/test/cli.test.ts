import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks, oauthEnv, run, scratch, startSandbox, type Sandbox, type Team } from './helpers.js';

let sb: Sandbox;
let acme: Team;
const tmp = scratch();
const home = tmp.dir;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 10, groups: 2 } });
  acme = sb.teams.acme!;
});
afterAll(async () => {
  await sb.close();
  tmp.cleanup();
});

describe('command-line conventions', () => {
  it('--help lists the commands and the exit codes, and exits 0', async () => {
    const r = await run(['--help'], { home });
    expect(r.code).toBe(0);
    for (const cmd of ['users', 'groups', 'sync', 'export', 'profile'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    expect(r.stdout).toContain('Exit status:');
    expect(r.stdout).toMatch(/2 {2}"sync plan --detailed-exitcode" only: the plan has changes/);
  });

  it('every command has --help with the global options', async () => {
    for (const path of [
      ['users', 'list'],
      ['groups', 'add'],
      ['sync', 'plan'],
      ['sync', 'apply'],
      ['export'],
      ['profile', 'add'],
    ]) {
      const r = await run([...path, '--help'], { home });
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: celonis-scim ${path.join(' ')}`);
      expect(r.stdout).toContain('Global Options:');
      expect(r.stdout).toContain('CELONIS_SCIM_TEAM_URL');
    }
  });

  it('an unknown command or option exits 1 with a suggestion, on stderr', async () => {
    const r = await run(['users', 'lst'], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown command 'lst'");
    expect(r.stderr).toContain('Did you mean list?');
    const o = await run(['users', 'list', '--limt', '3'], { home });
    expect(o.code).toBe(1);
    expect(o.stderr).toContain("unknown option '--limt'");
  });

  it('a bad --limit is refused before anything is sent', async () => {
    const before = sb.stats().requests;
    const r = await run(['users', 'list', '--limit', 'ten'], { home, env: oauthEnv(acme) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--limit must be a whole number of 1 or more');
    expect(sb.stats().requests).toBe(before);
  });

  it('prints no colour codes when stdout is not a terminal', async () => {
    const r = await run(['users', 'list'], { home, env: oauthEnv(acme) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID +USERNAME +DISPLAY NAME +ACTIVE$/m);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(11);
    expect(r.stdout).not.toContain('\x1b[');
  });
});

describe('connection errors', () => {
  it('no team at all: a clear message naming the flags and variables, exit 1', async () => {
    const r = await run(['users', 'list'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: No team: .*--team-url or CELONIS_SCIM_TEAM_URL/);
  });

  it('a client id without a secret, or two kinds of credential, are refused before any request', async () => {
    const before = sb.stats().requests;
    const noSecret = await run(['users', 'list'], {
      home,
      env: { CELONIS_SCIM_TEAM_URL: acme.teamUrl, CELONIS_SCIM_CLIENT_ID: acme.clientId },
    });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('the secret is missing');
    expect(noSecret.stderr).toContain('CELONIS_SCIM_CLIENT_SECRET');
    const two = await run(['users', 'list', '--api-key', acme.apiKey], {
      home,
      env: oauthEnv(acme),
    });
    expect(two.code).toBe(1);
    expect(two.stderr).toContain(
      'More than one kind of credential is set (OAuth client credentials and an API key)',
    );
    expect(leaks(two.stderr + two.stdout, acme.apiKey)).toBe(false);
    expect(leaks(two.stderr + two.stdout, acme.clientSecret)).toBe(false);
    expect(sb.stats().requests).toBe(before);
  });

  it('a refused secret gives the server error with its hint, without the secret', async () => {
    const wrong = `${acme.clientSecret}-wrong`;
    const r = await run(['users', 'list'], {
      home,
      env: { ...oauthEnv(acme), CELONIS_SCIM_CLIENT_SECRET: wrong },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*oauth2\/token failed with HTTP 401/);
    expect(r.stderr).toContain('check the client id and secret');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(leaks(r.stderr + r.stdout, wrong)).toBe(false);
  });

  it('an unreachable team says so', async () => {
    const r = await run(['users', 'list'], {
      home,
      env: { CELONIS_SCIM_TEAM_URL: 'http://127.0.0.1:9/acme', CELONIS_SCIM_API_KEY: acme.apiKey },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(leaks(r.stderr, acme.apiKey)).toBe(false);
  });

  it('connects with an API key, an application key, or a SCIM base URL alone', async () => {
    const variants: Array<Record<string, string>> = [
      { CELONIS_SCIM_TEAM_URL: acme.teamUrl, CELONIS_SCIM_API_KEY: acme.apiKey },
      { CELONIS_SCIM_TEAM_URL: acme.teamUrl, CELONIS_SCIM_APP_KEY: acme.appKey },
      {
        CELONIS_SCIM_BASE_URL: acme.scimBaseUrl,
        CELONIS_SCIM_CLIENT_ID: acme.clientId,
        CELONIS_SCIM_CLIENT_SECRET: acme.clientSecret,
      },
    ];
    for (const env of variants) {
      const r = await run(['users', 'list', '--json'], { home, env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(10);
    }
  });

  it('flags win over environment variables', async () => {
    const r = await run(['users', 'list', '--json', '--team-url', acme.teamUrl], {
      home,
      env: { ...oauthEnv(acme), CELONIS_SCIM_TEAM_URL: 'http://127.0.0.1:9/nowhere' },
    });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('progress', () => {
  it('long work reports progress on stderr, stdout stays data; --quiet silences it', async () => {
    const slow = await startSandbox({
      teams: [{ name: 'slow', maxResults: 10 }],
      seed: { users: 60, groups: 1 },
      faults: { latencyMs: 600 },
    });
    try {
      const env = oauthEnv(slow.teams.slow!);
      const r = await run(['users', 'list', '--json'], { home, env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(60);
      expect(r.stderr).toMatch(/^Reading users: \d+\n/m);
      expect(r.stderr).toMatch(/Reading users: 60\n$/);
      const quiet = await run(['users', 'list', '--json', '--quiet'], { home, env });
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
    } finally {
      await slow.close();
    }
  });
});
