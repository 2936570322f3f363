import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks, run, scratch, startSandbox, type Sandbox, type Team } from './helpers.js';

let sb: Sandbox;
let acme: Team;
let globex: Team;
const tmp = scratch();
const home = tmp.dir;
const env = { CELONIS_SCIM_PROFILES_FILE: tmp.profiles };
const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
  run(args, { home, env: { ...env, ...extra }, ...(input !== undefined ? { input } : {}) });
const count = (stdout: string) => (JSON.parse(stdout) as unknown[]).length;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'globex' }],
    seed: { users: 6, groups: 1 },
  });
  acme = sb.teams.acme!;
  globex = sb.teams.globex!;
  // globex gets more users, so that a listing shows which team answered.
  const r = await run(['users', 'create', '--user-name', 'extra@globex.example.com'], {
    home,
    env: { CELONIS_SCIM_TEAM_URL: globex.teamUrl, CELONIS_SCIM_API_KEY: globex.apiKey },
  });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await sb.close();
  tmp.cleanup();
});

describe('profiles', () => {
  it('add saves the connection in a 0600 file and never prints the secret', async () => {
    const add = await cli(['profile', 'add', 'acme', '--team-url', acme.teamUrl], {
      CELONIS_SCIM_CLIENT_ID: acme.clientId,
      CELONIS_SCIM_CLIENT_SECRET: acme.clientSecret,
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain(`Saved profile acme (OAuth client ${acme.clientId})`);
    expect(add.stderr).toContain('the default');
    expect(statSync(tmp.profiles).mode & 0o777).toBe(0o600);
    expect(statSync(tmp.profiles.replace(/\/profiles\.json$/, '')).mode & 0o777).toBe(0o700);
    expect(leaks(readFileSync(tmp.profiles, 'utf8'), acme.clientSecret)).toBe(true);
    expect(leaks(add.stdout + add.stderr, acme.clientSecret)).toBe(false);

    // A key read from stdin, so that it shows in neither the process list nor the history.
    const key = await cli(
      ['profile', 'add', 'globex', '--team-url', globex.teamUrl, '--secret-stdin', 'api-key'],
      {},
      `${globex.apiKey}\n`,
    );
    expect(key.code, key.stderr).toBe(0);
    expect(statSync(tmp.profiles).mode & 0o777).toBe(0o600);

    const list = await cli(['profile', 'list']);
    expect(list.stdout).toMatch(
      /^acme \(default\) +http:\/\/127\.0\.0\.1:\d+\/acme +OAuth client acme-client$/m,
    );
    expect(list.stdout).toMatch(/^globex +http:\/\/\S+\/globex +API key$/m);
    const listJson = await cli(['profile', 'list', '--json']);
    for (const secret of [acme.clientSecret, globex.apiKey])
      expect(leaks(list.stdout + listJson.stdout, secret)).toBe(false);
  });

  it('the default profile, --profile and CELONIS_SCIM_PROFILE choose the team', async () => {
    expect(count((await cli(['users', 'list', '--json'])).stdout)).toBe(6);
    expect(count((await cli(['users', 'list', '--json', '--profile', 'globex'])).stdout)).toBe(7);
    expect(
      count((await cli(['users', 'list', '--json'], { CELONIS_SCIM_PROFILE: 'globex' })).stdout),
    ).toBe(7);
    expect((await cli(['profile', 'use', 'globex'])).code).toBe(0);
    expect(count((await cli(['users', 'list', '--json'])).stdout)).toBe(7);
    expect((await cli(['profile', 'use', 'acme'])).code).toBe(0);
  });

  it('a flag overrides one field of the profile; a credential of another kind replaces its credentials', async () => {
    // The acme profile's OAuth client is dropped for globex's API key (given with globex's URL).
    const r = await cli(['users', 'list', '--json', '--team-url', globex.teamUrl], {
      CELONIS_SCIM_API_KEY: globex.apiKey,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout)).toBe(7);
    // Only the secret from the environment, the rest from the profile: a wrong secret is refused.
    const wrong = await cli(['users', 'list'], { CELONIS_SCIM_CLIENT_SECRET: 'not-the-secret' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('HTTP 401');
  });

  it('an unknown profile names the ones there are', async () => {
    const r = await cli(['users', 'list', '--profile', 'acme-prod']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No profile named "acme-prod"');
    expect(r.stderr).toContain('Profiles there: acme, globex.');
  });

  it('refuses a profile file other users can read, naming the chmod fix', async () => {
    chmodSync(tmp.profiles, 0o644);
    try {
      const r = await cli(['users', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `The profile file ${tmp.profiles} can be read or written by other users (mode 0644)`,
      );
      expect(r.stderr).toContain(`Run: chmod 600 ${tmp.profiles}`);
      expect(r.stdout).toBe('');
    } finally {
      chmodSync(tmp.profiles, 0o600);
    }
  });

  it('a broken profile file is an error naming the file, not a crash', async () => {
    const good = readFileSync(tmp.profiles, 'utf8');
    try {
      writeFileSync(tmp.profiles, '{"profiles": {"a": {"teamUrl": 1}}}', { mode: 0o600 });
      const r = await cli(['users', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `The profile file ${tmp.profiles} is not a profiles file: profile "a": "teamUrl" is not a string`,
      );
      writeFileSync(tmp.profiles, '{"profiles": ', { mode: 0o600 });
      const r2 = await cli(['profile', 'list']);
      expect(r2.stderr).toContain('is not valid JSON');
    } finally {
      writeFileSync(tmp.profiles, good, { mode: 0o600 });
    }
  });

  it('add refuses an incomplete connection and writes nothing', async () => {
    const before = readFileSync(tmp.profiles, 'utf8');
    const r = await cli(['profile', 'add', 'half', '--team-url', acme.teamUrl, '--client-id', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the secret is missing');
    const bad = await cli(['profile', 'add', 'no/slash', '--team-url', acme.teamUrl]);
    expect(bad.stderr).toContain('Profile name "no/slash" is not allowed');
    expect(readFileSync(tmp.profiles, 'utf8')).toBe(before);
  });

  it('remove deletes a profile and clears the default when it was the default', async () => {
    expect((await cli(['profile', 'remove', 'acme'])).code).toBe(0);
    const list = JSON.parse((await cli(['profile', 'list', '--json'])).stdout) as Array<{
      name: string;
      default: boolean;
    }>;
    expect(list).toEqual([expect.objectContaining({ name: 'globex', default: false })]);
    expect(statSync(tmp.profiles).mode & 0o777).toBe(0o600);
    const none = await cli(['users', 'list']);
    expect(none.stderr).toContain('No team');
  });
});
