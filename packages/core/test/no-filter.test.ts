import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScimError, type ScimUser } from '../src/index.js';
import { collect, oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

// A team without filtering (and a small page cap, so a scan takes several pages) next to a team
// that filters, holding the same users: the filtering team is the reference for what a lookup
// must find.
const PAGE = 10;
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DISCOVERY = ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'];
const noFaults = { rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 };

let sb: Sandbox;
let plain: ReturnType<typeof oauthClient>;
let filtering: ReturnType<typeof oauthClient>;

const people: ScimUser[] = [
  { userName: 'Grace.Hopper@Example.com', externalId: 'GH-1', [ENT]: { employeeNumber: 'E100' } },
  { userName: 'grace.hopper@example.co', externalId: 'gh-2' },
  { userName: 'ada@example.com', emails: [{ value: 'Ada.Work@Example.com', type: 'work' }] },
];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'nofilter', filter: false, maxResults: PAGE },
      { name: 'filtering', maxResults: PAGE },
    ],
    seed: { users: 25, groups: 2, seed: 9 },
  });
  plain = oauthClient(sb.teams.nofilter!);
  filtering = oauthClient(sb.teams.filtering!);
  for (const c of [plain, filtering]) for (const p of people) await c.users.create(p);
});
afterEach(() => sb.setFaults(noFaults));
afterAll(async () => {
  await plain?.close();
  await filtering?.close();
  await sb?.close();
});

/** Runs `fn` and returns what it gave (or threw), the sandbox requests and the client's log. */
async function measured<T>(
  client: ReturnType<typeof oauthClient>,
  fn: () => Promise<T>,
): Promise<{ result: T | unknown; requests: number; paths: string[] }> {
  const before = sb.stats().requests;
  const logged = client.log.length;
  const result = await fn().catch((e: unknown) => e);
  return {
    result,
    requests: sb.stats().requests - before,
    paths: client.log.slice(logged).map((e) => `${e.method} ${e.path}`),
  };
}

function expectUnsupported(e: unknown): asserts e is ScimError {
  expect(e).toBeInstanceOf(ScimError);
  const err = e as ScimError;
  expect(err.kind).toBe('invalid');
  expect(err.status).toBeUndefined();
  expect(err.detail).toMatch(/does not support filtering.*filter\.supported is false/);
}

describe('a server without filtering', () => {
  it('refuses a filtered listPage, pages or list after discovery, before any list request', async () => {
    const fresh = oauthClient(sb.teams.nofilter!);
    try {
      const first = await measured(fresh, () =>
        fresh.users.listPage({ filter: 'userName eq "ada@example.com"' }),
      );
      expectUnsupported(first.result);
      expect((first.result as ScimError).hint).toMatch(/list without a filter.*get one by id/i);
      // Token and discovery only, and the sandbox saw exactly those.
      expect(first.paths.filter((p) => !p.endsWith('/oauth2/token')).sort()).toEqual(
        DISCOVERY.map((d) => `GET ${d}`).sort(),
      );
      expect(first.requests).toBe(first.paths.length);
      const later = await measured(fresh, async () => {
        const errors: unknown[] = [];
        await collect(fresh.users.pages({ filter: 'active eq true' })).catch((e) => errors.push(e));
        await collect(fresh.groups.list({ filter: 'displayName pr' })).catch((e) => errors.push(e));
        return errors;
      });
      const errors = later.result as unknown[];
      expect(errors).toHaveLength(2);
      errors.forEach(expectUnsupported);
      expect(later.requests).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('still lists without a filter', async () => {
    const all = await collect(plain.users.list({ attributes: 'userName' }));
    expect(all).toHaveLength(25 + people.length);
  });

  it('getByUserName finds the user case-insensitively by paging through the list', async () => {
    const total = 25 + people.length;
    const hit = await measured(plain, () => plain.users.getByUserName('GRACE.HOPPER@example.COM'));
    const user = hit.result as ScimUser;
    expect(user.userName).toBe('Grace.Hopper@Example.com');
    // Read in full by id after the scan found it, not just the userName the pages asked for.
    expect(user.externalId).toBe('GH-1');
    expect(hit.paths.at(-1)).toBe(`GET /Users/${user.id}`);
    expect(hit.paths.slice(0, -1).every((p) => p === 'GET /Users')).toBe(true);

    const miss = await measured(plain, () => plain.users.getByUserName('nobody@example.com'));
    expect(miss.result).toBeUndefined();
    // A miss reads every page: the cost the README documents.
    expect(miss.paths.length).toBeGreaterThanOrEqual(Math.ceil(total / PAGE));
    expect(miss.paths.every((p) => p === 'GET /Users')).toBe(true);
    expect(miss.requests).toBe(miss.paths.length);
    // A prefix of an existing name is not a match.
    expect(await plain.users.getByUserName('grace.hopper@example.c')).toBeUndefined();
  });

  it('findOne with attribute eq value answers what a filtering server answers', async () => {
    const filters = [
      'userName eq "ada@EXAMPLE.com"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "grace.hopper@example.co"',
      'externalId eq "GH-1"',
      'externalId eq "gh-1"', // externalId is caseExact
      'emails.value eq "ada.work@example.com"',
      `${ENT}:employeeNumber eq "E100"`,
      'name.familyName eq "No Such Family"',
    ];
    for (const f of filters) {
      const want = await filtering.users.findOne(f);
      const got = await plain.users.findOne(f);
      expect({ f, userName: got?.userName }).toEqual({ f, userName: want?.userName });
    }
    expect((await plain.users.findOne('externalId eq "GH-1"'))?.userName).toBe(
      'Grace.Hopper@Example.com',
    );
    // Booleans compare as booleans (the seeded users differ per team, so only the value counts).
    expect((await plain.users.findOne('active eq true'))?.active).toBe(true);
  });

  it('findOne with any other filter says what to do instead, without a list request', async () => {
    const r = await measured(plain, () => plain.users.findOne('userName sw "grace"'));
    expectUnsupported(r.result);
    expect((r.result as ScimError).hint).toMatch(/attribute eq value/);
    expect(r.requests).toBe(0);
  });

  it('getByDisplayName finds a group case-insensitively, without its members', async () => {
    const g = await plain.groups.create({ displayName: uniqueName('NoFilterTeam') });
    const found = await plain.groups.getByDisplayName(g.displayName.toUpperCase());
    expect(found?.id).toBe(g.id);
    expect(await plain.groups.getByDisplayName(`${g.displayName}x`)).toBeUndefined();
  });

  it('groupsOf answers from the user when the server cannot filter groups', async () => {
    const u = await plain.users.create({ userName: uniqueName('member') });
    const [g1, g2] = await Promise.all([
      plain.groups.create({ displayName: uniqueName('GroupOne') }),
      plain.groups.create({ displayName: uniqueName('GroupTwo') }),
    ]);
    await plain.groups.addMembers(g1.id!, [u.id!]);
    await plain.groups.addMembers(g2.id!, [u.id!]);
    const r = await measured(plain, () => plain.users.groupsOf(u.id!));
    const ids = (r.result as Array<{ id: string }>).map((g) => g.id).sort();
    expect(ids).toEqual([g1.id, g2.id].sort());
    expect(r.paths).not.toContain('GET /Groups');
    expect(sb.stats().byStatus[501] ?? 0).toBe(0);
  });

  it('create after a dropped connection finds the user it made instead of creating it twice', async () => {
    const userName = uniqueName('Once');
    const injected = sb.stats().faultsInjected.dropAfterWrite;
    sb.setFaults({ dropAfterWrite: 1, seed: 31 });
    const u = await plain.users.create({ userName });
    sb.setFaults(noFaults);
    expect(sb.stats().faultsInjected.dropAfterWrite).toBeGreaterThan(injected);
    expect(u.userName).toBe(userName);
    const same = (await collect(plain.users.list({ attributes: 'userName' }))).filter(
      (x) => x.userName.toLowerCase() === userName.toLowerCase(),
    );
    expect(same.map((x) => x.id)).toEqual([u.id]);
  });

  it('provision falls back to scans after a dropped /Bulk and makes each user once', async () => {
    const prefix = uniqueName('prov').replace('@example.com', '');
    const batch = Array.from({ length: 6 }, (_, i) => ({ userName: `${prefix}-${i}@example.com` }));
    const injected = sb.stats().faultsInjected.dropAfterWrite;
    sb.setFaults({ dropAfterWrite: 1, seed: 32 });
    const results = await plain.users.provision(batch, { concurrency: 2 });
    sb.setFaults(noFaults);
    expect(sb.stats().faultsInjected.dropAfterWrite).toBeGreaterThan(injected);
    expect(results.map((r) => r.ok)).toEqual(batch.map(() => true));
    const names = (await collect(plain.users.list({ attributes: 'userName' })))
      .map((x) => x.userName)
      .filter((n) => n.startsWith(prefix))
      .sort();
    expect(names).toEqual(batch.map((b) => b.userName).sort());
  });
});
