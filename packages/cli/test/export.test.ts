import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScimGroup, ScimUser } from '@celonis-scim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checker,
  oauthEnv,
  run,
  scratch,
  startSandbox,
  type Sandbox,
  type Team,
} from './helpers.js';

let sb: Sandbox;
let acme: Team;
const tmp = scratch();
const home = tmp.dir;
const cli = (args: string[]) => run(args, { home, env: oauthEnv(acme) });

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme', maxResults: 10 }],
    seed: { users: 40, groups: 3 },
  });
  acme = sb.teams.acme!;
  const team = checker(acme);
  // A value CSV must quote: a comma, a quote and a line break.
  await team.users.create({
    userName: 'quote@example.com',
    title: 'Head of "R&D", Europe\nand Asia',
  });
  await team.close();
});
afterAll(async () => {
  await sb.close();
  tmp.cleanup();
});

describe('export', () => {
  it('JSON: every user and group, with members, on stdout or in a file', async () => {
    const r = await cli(['export']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      scimBaseUrl: string;
      users: ScimUser[];
      groups: ScimGroup[];
    };
    expect(doc.scimBaseUrl).toBe(acme.scimBaseUrl);
    expect(doc.users).toHaveLength(41);
    expect(doc.groups).toHaveLength(3);
    expect(doc.groups.every((g) => (g.members?.length ?? 0) >= 2)).toBe(true);
    const file = join(tmp.dir, 'team.json');
    const f = await cli(['export', '--out', file]);
    expect(f.stdout).toBe('');
    expect(f.stderr).toContain(`Exported 41 users and 3 groups to ${file}`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as typeof doc).users).toHaveLength(41);
  });

  it('CSV: users.csv, groups.csv and memberships.csv, quoted where needed', async () => {
    const dir = join(tmp.dir, 'csv');
    const r = await cli(['export', '--format', 'csv', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const users = readFileSync(join(dir, 'users.csv'), 'utf8');
    expect(
      users.startsWith('id,userName,externalId,active,displayName,givenName,familyName,email,'),
    ).toBe(true);
    expect(users).toContain('"Head of ""R&D"", Europe\nand Asia"');
    // 41 users and a header; one record spans two lines.
    expect(users.split('\r\n').filter(Boolean)).toHaveLength(42);
    const json = JSON.parse((await cli(['export'])).stdout) as { groups: ScimGroup[] };
    const memberships = readFileSync(join(dir, 'memberships.csv'), 'utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(memberships).toHaveLength(
      1 + json.groups.reduce((n, g) => n + (g.members?.length ?? 0), 0),
    );
    expect(
      readFileSync(join(dir, 'groups.csv'), 'utf8').split('\r\n').filter(Boolean),
    ).toHaveLength(4);
  });

  it('CSV needs a folder; a bad --format is refused', async () => {
    const before = sb.stats().requests;
    const r = await cli(['export', '--format', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs a folder');
    const f = await cli(['export', '--format', 'xml']);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain("argument 'xml' is invalid. Allowed choices are json, csv.");
    expect(sb.stats().requests).toBe(before);
  });
});
