import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScimClient } from '@celonis-scim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checker,
  oauthEnv,
  packageRoot,
  run,
  scratch,
  startSandbox,
  type Sandbox,
  type Team,
} from './helpers.js';

// The team `npm start` serves (teams acme and globex, 50 users and 5 groups each, seed 1),
// and the sample files of the README.
let sb: Sandbox;
let acme: Team;
let globex: Team;
let team: ScimClient;
const tmp = scratch();
const home = tmp.dir;
const examples = join(packageRoot, 'examples');
const hr = join(examples, 'hr.csv');
const mapping = join(examples, 'mapping.json');
const cli = (args: string[], t: Team = acme) => run(args, { home, env: oauthEnv(t) });
const file = (name: string, text?: string) => {
  const path = join(tmp.dir, name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'globex' }],
    seed: { users: 50, groups: 5, seed: 1 },
  });
  acme = sb.teams.acme!;
  globex = sb.teams.globex!;
  team = checker(acme);
});
afterAll(async () => {
  await team.close();
  await sb.close();
  tmp.cleanup();
});

/** Runs a command that must be refused before anything reaches the server. */
async function refused(args: string[], t: Team = acme) {
  const before = sb.stats().requests;
  const r = await cli(args, t);
  expect(r.code, r.stderr).toBe(1);
  expect(sb.stats().requests, 'requests sent').toBe(before);
  return r;
}

describe('sync plan: bad input is named and nothing is sent', () => {
  const header = 'Employee ID,Email,First name,Last name,Job title,Department\n';

  it('a CSV without a key column the mapping names', async () => {
    const text = readFileSync(hr, 'utf8')
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 1)
          .join(','),
      )
      .join('\n');
    const r = await refused(['sync', 'plan', '--from', file('nokey.csv', text), '--map', mapping]);
    expect(r.stderr).toMatch(
      /^error: .*nokey\.csv, column "Email": the mapping names this column but the header has no such column/,
    );
  });

  it('broken quoting, with the row', async () => {
    const csv = file('broken.csv', `${header}emp-1,a@x.com,A,B,T,D\nemp-2,b@x.com,"Ann,Lee,T,D\n`);
    const r = await refused(['sync', 'plan', '--from', csv, '--map', mapping]);
    expect(r.stderr).toMatch(/broken\.csv, row 2: a quoted field is not closed/);
  });

  it('an unknown attribute in the mapping, naming the mapping file and column', async () => {
    const bad = file('badmap.json', readFileSync(mapping, 'utf8').replace('"title"', '"jobTitle"'));
    const r = await refused(['sync', 'plan', '--from', hr, '--map', bad]);
    expect(r.stderr).toContain(
      'badmap.json, column "Job title": "jobTitle" is not a user attribute',
    );
    const setting = file(
      'badsetting.json',
      JSON.stringify({ columns: { Email: 'userName' }, mach: [] }),
    );
    const s = await refused(['sync', 'plan', '--from', hr, '--map', setting]);
    expect(s.stderr).toContain('badsetting.json: unknown setting "mach"');
  });

  it('a bad value, a missing mapping and an unknown format', async () => {
    const csv = file('badvalue.csv', 'Employee ID,Email,Active\nemp-1,a@x.com,maybe\n');
    const map = file(
      'active.json',
      JSON.stringify({ 'Employee ID': 'externalId', Email: 'userName', Active: 'active' }),
    );
    const r = await refused(['sync', 'plan', '--from', csv, '--map', map]);
    expect(r.stderr).toContain('badvalue.csv, row 1, column "Active": "maybe" is not a boolean');
    const nomap = await refused(['sync', 'plan', '--from', hr]);
    expect(nomap.stderr).toContain('A CSV source needs a mapping');
    const xlsx = await refused(['sync', 'plan', '--from', 'hr.xlsx', '--map', mapping]);
    expect(xlsx.stderr).toContain('Cannot tell the format of hr.xlsx');
    const scope = await refused([
      'sync',
      'plan',
      '--from',
      hr,
      '--map',
      mapping,
      '--scope',
      'everyone',
    ]);
    expect(scope.stderr).toContain('--scope "everyone" is not a scope');
  });

  it('plan errors (one employee id on two rows) exit 1 and write no plan', async () => {
    const lines = readFileSync(hr, 'utf8').trimEnd().split('\n');
    const dup = lines[2]!.replace(/^[^,]+/, lines[1]!.split(',')[0]!);
    const csv = file('dup.csv', [...lines, dup].join('\n'));
    const out = join(tmp.dir, 'dup-plan.json');
    const r = await cli(['sync', 'plan', '--from', csv, '--map', mapping, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /The plan has \d+ errors? \(listed above\) and cannot be applied; .*dup-plan\.json was not written/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('sync plan: refusals name the command-line flags', () => {
  it('an empty source is refused with --force as the way out, sending nothing', async () => {
    const header = readFileSync(hr, 'utf8').split('\n')[0]!;
    const r = await refused([
      'sync',
      'plan',
      '--from',
      file('empty.csv', `${header}\n`),
      '--map',
      mapping,
    ]);
    expect(r.stderr).toContain(
      'error: The source has no users: applying it would remove every user in scope. Check the export; pass --force only if the team should really be emptied.',
    );
    expect(r.stderr).not.toContain('force: true');
  });

  it('a removal percentage over 100 is refused by its flag, sending nothing', async () => {
    const r = await refused([
      'sync',
      'plan',
      '--from',
      hr,
      '--map',
      mapping,
      '--max-removal-percent',
      '150',
    ]);
    expect(r.stderr).toContain('--max-removal-percent is a percentage: 0 to 100.');
    expect(r.stderr).not.toContain('limits.maxRemovalPercent');
  });

  it('a much smaller source is refused as a truncated export, naming --force', async () => {
    const lines = readFileSync(hr, 'utf8').split('\n');
    const r = await cli([
      'sync',
      'plan',
      '--from',
      file('short.csv', lines.slice(0, 4).join('\n')),
      '--map',
      mapping,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error: The source has 3 users, fewer than half (minSourceRatio) of the team's active users in scope: this looks like a truncated export. Check it; pass --force",
    );
    expect(r.stderr).not.toContain('force: true');
  });
});

describe('sync plan --from -: the source on standard input', () => {
  const piped = (args: string[], input: string, t: Team = acme) =>
    run(args, { home, env: oauthEnv(t), input });

  it('a CSV is recognised and planned as from the file', async () => {
    const r = await piped(
      ['sync', 'plan', '--from', '-', '--map', mapping, '--detailed-exitcode'],
      readFileSync(hr, 'utf8'),
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('Reading standard input as CSV');
    expect(r.stdout).toContain('1 group to create, 2 users to create, 3 users to update');
    expect(r.stdout).toContain('+ ines.okafor@acme.example.com (row 47)');
  });

  it('JSON is recognised; --format names it; errors name standard input and the row', async () => {
    const users = [{ userName: 'stdin.one@globex.example.com', externalId: 's-1' }];
    const args = ['sync', 'plan', '--from', '-', '--missing', 'leave', '--scope', 'externalId'];
    const sniffed = await piped([...args, '--force'], JSON.stringify(users), globex);
    expect(sniffed.code, sniffed.stderr).toBe(0);
    expect(sniffed.stderr).toContain('Reading standard input as JSON');
    expect(sniffed.stdout).toContain('1 user to create');
    const ndjson = users.map((u) => JSON.stringify(u)).join('\n');
    const named = await piped([...args, '--force', '--format', 'ndjson'], ndjson, globex);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).not.toContain('Reading standard input as');
    expect(named.stdout).toContain('+ stdin.one@globex.example.com (row 1)');
    const before = sb.stats().requests;
    const bad = await piped(args, '[{"userName": "x@y.com"}, {"userName": 5}]', globex);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('standard input, row 2');
    expect(sb.stats().requests).toBe(before);
  });

  it('a CSV on standard input still needs --map, and nothing is sent', async () => {
    const r = await refused(['sync', 'plan', '--from', '-']);
    expect(r.stderr).toContain('A CSV source needs a mapping');
  });
});

describe('sync plan and apply on the demo team', () => {
  const planFile = join(tmp.dir, 'plan.json');

  it('plan shows the changes and exits 2 with --detailed-exitcode; the plan file is saved', async () => {
    const writes = sb.stats().writes;
    const r = await cli([
      'sync',
      'plan',
      '--from',
      hr,
      '--map',
      mapping,
      '--out',
      planFile,
      '--detailed-exitcode',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(
      '1 group to create, 2 users to create, 3 users to update, 1 user to deactivate, 9 memberships to add',
    );
    // Attributes by the names a person uses, not the enterprise extension's URN path.
    expect(r.stdout).toContain(
      '~ update clara.kowalski13@acme.example.com: title "Process Analyst" -> "Controller", department "Operations" -> "Finance"',
    );
    expect(r.stdout).not.toContain('urn:');
    expect(r.stdout).toContain(
      '~ update nora.ivanova1@acme.example.com: title "Financial Analyst" -> "Senior Financial Analyst"',
    );
    expect(r.stdout).toContain('~ deactivate oskar.silva15@acme.example.com');
    expect(r.stderr).toContain(
      `Plan saved to ${planFile}. Apply it with: celonis-scim sync apply ${planFile}`,
    );
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as {
      baseUrl: string;
      actions: unknown[];
    };
    expect(saved.baseUrl).toBe(acme.scimBaseUrl);
    expect(saved.actions).toHaveLength(8);
    // Planning wrote nothing: no create, update, deactivation or group change reached the team.
    expect(sb.stats().writes).toEqual(writes);
    expect(await team.users.getByUserName('ines.okafor@acme.example.com')).toBeUndefined();
  });

  it('apply refuses a plan for another team, an edited one and a stale one, sending nothing', async () => {
    const other = await refused(['sync', 'apply', planFile], globex);
    expect(other.stderr).toContain(
      `the plan was made for ${acme.scimBaseUrl}, not for ${globex.scimBaseUrl}`,
    );
    const edited = file(
      'edited.json',
      readFileSync(planFile, 'utf8').replace('"Senior Financial Analyst"', '"CFO"'),
    );
    const e = await refused(['sync', 'apply', edited]);
    expect(e.stderr).toContain(`${edited}: was changed after it was written (checksum mismatch)`);
    const notJson = await refused(['sync', 'apply', file('notjson.json', '{"format": ')]);
    expect(notJson.stderr).toContain('notjson.json');
    await new Promise((r) => setTimeout(r, 1100));
    const stale = await refused(['sync', 'apply', planFile, '--max-age', '1s']);
    expect(stale.stderr).toMatch(
      /The plan was made at .*, longer ago than --max-age 1s\. Plan again, or pass a longer --max-age/,
    );
  });

  it('an unsafe plan (over --max-removals) needs --allow-unsafe', async () => {
    const unsafe = join(tmp.dir, 'unsafe.json');
    const p = await cli([
      'sync',
      'plan',
      '--from',
      hr,
      '--map',
      mapping,
      '--out',
      unsafe,
      '--max-removals',
      '0',
    ]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain('warning: the plan is unsafe');
    expect(p.stdout).toContain(
      'UNSAFE: 1 deactivation or deletion, over the limit of 0 (--max-removals)',
    );
    expect(p.stdout).not.toContain('limits.maxRemovals');
    const r = await refused(['sync', 'apply', unsafe]);
    // The refusal names the command line's flag, not the library's option.
    expect(r.stderr).toContain(
      'error: The plan is unsafe: 1 deactivation or deletion, over the limit of 0 (--max-removals). Review it, then pass --allow-unsafe',
    );
    expect(r.stderr).not.toContain('allowUnsafe');
  });

  it('apply makes exactly the planned changes; a new plan has none', async () => {
    const r = await cli(['sync', 'apply', planFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Applied 8; 0 conflicts, 0 failed, 0 skipped.');
    const nora = await team.users.getByUserName('nora.ivanova1@acme.example.com');
    expect(nora?.title).toBe('Senior Financial Analyst');
    expect((await team.users.getByUserName('oskar.silva15@acme.example.com'))?.active).toBe(false);
    const farah = await team.users.getByUserName('farah.obrien@acme.example.com');
    expect(farah?.name?.familyName).toBe("O'Brien");
    const finance = await team.groups.getByDisplayName('Finance Team');
    const members = (await team.groups.get(finance!.id!)).members?.map((m) => m.value);
    expect(members).toHaveLength(9);
    expect(members).toContain(farah!.id);

    const again = await cli([
      'sync',
      'plan',
      '--from',
      hr,
      '--map',
      mapping,
      '--detailed-exitcode',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes: the team matches the source.');
    // A plan without changes is still checked (team, checksum, age) and applies as nothing.
    const empty = join(tmp.dir, 'empty.json');
    expect((await cli(['sync', 'plan', '--from', hr, '--map', mapping, '--out', empty])).code).toBe(
      0,
    );
    const none = await cli(['sync', 'apply', empty]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('Applied 0; 0 conflicts, 0 failed, 0 skipped.');
    await refused(['sync', 'apply', empty], globex);
  });

  it('a plan applied after the team changed reports the conflict and exits 1', async () => {
    const csv = file(
      'promo.csv',
      readFileSync(hr, 'utf8').replace('Senior Financial Analyst', 'Head of Finance'),
    );
    const planned = join(tmp.dir, 'promo.json');
    expect(
      (await cli(['sync', 'plan', '--from', csv, '--map', mapping, '--out', planned])).code,
    ).toBe(0);
    const nora = await team.users.getByUserName('nora.ivanova1@acme.example.com');
    await team.users.patch(nora!.id!, [
      { op: 'replace', path: 'title', value: 'Changed meanwhile' },
    ]);
    const r = await cli(['sync', 'apply', planned, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      counts: Record<string, number>;
      results: Array<{ status: string }>;
    };
    expect(report.counts.conflict).toBe(1);
    const text = await cli(['sync', 'apply', planned]);
    expect(text.stdout).toMatch(/Applied 0; 1 conflict, /);
    expect((await team.users.get(nora!.id!)).title).toBe('Changed meanwhile');
  });

  it('--json prints the plan file itself, which apply accepts', async () => {
    copyFileSync(hr, join(tmp.dir, 'hr.csv'));
    const r = await cli([
      'sync',
      'plan',
      '--from',
      join(tmp.dir, 'hr.csv'),
      '--map',
      mapping,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { format: string; checksum: string };
    expect(plan.format).toBe('celonis-scim/sync-plan');
    const saved = file('from-stdout.json', r.stdout);
    const a = await cli(['sync', 'apply', saved]);
    expect(a.code, a.stderr).toBe(0);
  });

  it('reads a JSON source of SCIM users without a mapping', async () => {
    const users = [
      { userName: 'json.one@globex.example.com', externalId: 'j-1', title: 'Analyst' },
      { userName: 'json.two@globex.example.com', externalId: 'j-2', title: 'Analyst' },
    ];
    const source = file('people.json', JSON.stringify(users));
    const args = ['sync', 'plan', '--from', source, '--missing', 'leave', '--match', 'externalId'];
    const r = await cli(
      [...args, '--scope', 'externalId', '--force', '--detailed-exitcode'],
      globex,
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('2 users to create');
    expect(r.stdout).toContain('+ json.one@globex.example.com (row 1)');
    const bad = file('people-bad.json', '[{"userName": "x@y.com"}, {"userName": 5}]');
    const e = await refused(['sync', 'plan', '--from', bad, '--force'], globex);
    expect(e.stderr).toContain('people-bad.json, row 2');
  });
});
