import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SyncError,
  applyPlan,
  parsePlan,
  planSync,
  serializePlan,
  type DesiredState,
  type ScimClient,
  type ScimUser,
  type SyncOptions,
} from '../src/index.js';
import { countingTransport, oauthClient, startSandbox, type Sandbox } from './helpers.js';

const TEAMS = [
  'keys',
  'scope',
  'group',
  'protect',
  'limits',
  'empty',
  'etag',
  'plain',
  'bulk',
  'files',
  'cancel',
  'paged',
];
let sb: Sandbox;
const clients: ScimClient[] = [];
const closers: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  sb = await startSandbox({
    teams: TEAMS.map((name) => ({
      name,
      etag: name === 'etag' || name === 'bulk',
      bulk: name === 'bulk' || name === 'cancel',
      ...(name === 'paged' ? { maxResults: 7 } : {}),
    })),
  });
});
afterAll(async () => {
  await Promise.all([...clients, ...closers].map((c) => c.close()));
  await sb?.close();
});
function client(team: string): ScimClient {
  const c = oauthClient(sb.teams[team]!);
  clients.push(c);
  return c;
}

function desired(users: Array<Partial<ScimUser> & { userName: string }>): DesiredState {
  return {
    users: users.map((user, i) => ({ source: { file: 'hr.csv', row: i + 1 }, user })),
    groups: [],
  };
}

async function seed(
  c: ScimClient,
  users: Array<Partial<ScimUser> & { userName: string }>,
): Promise<ScimUser[]> {
  const out: ScimUser[] = [];
  for (const u of users) out.push(await c.users.create(u as ScimUser));
  return out;
}

async function refused(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

describe('matching errors', () => {
  it('reports duplicate keys, one row matching two users and two rows matching one user', async () => {
    const c = client('keys');
    await seed(c, [
      { userName: 'a@x.com', externalId: 'E1' },
      { userName: 'b@x.com' },
      { userName: 'c@x.com', externalId: 'E3' },
    ]);
    const opts: SyncOptions = { limits: { maxRemovals: 100, maxRemovalPercent: 100 }, force: true };
    const dup = await planSync(
      c,
      desired([
        { userName: 'n1@x.com', externalId: 'E9' },
        { userName: 'a@x.com', externalId: 'E1' },
        { userName: 'n2@x.com', externalId: 'E9' },
      ]),
      opts,
    );
    expect(dup.errors).toHaveLength(1);
    expect(dup.errors[0]).toMatchObject({ code: 'duplicateKey', rows: [{ row: 1 }, { row: 3 }] });
    expect(dup.errors[0]!.message).toContain('hr.csv row 1, hr.csv row 3');
    expect(dup.actions.some((a) => a.kind === 'create' && a.userName.startsWith('n'))).toBe(false);

    const two = await planSync(c, desired([{ userName: 'b@x.com', externalId: 'E1' }]), opts);
    expect(two.errors).toMatchObject([{ code: 'ambiguousMatch', rows: [{ row: 1 }] }]);
    expect(two.errors[0]!.userIds).toHaveLength(2);

    const shared = await planSync(
      c,
      desired([{ userName: 'z@x.com', externalId: 'E3' }, { userName: 'c@x.com' }]),
      opts,
    );
    expect(shared.errors).toMatchObject([{ code: 'sharedMatch', rows: [{ row: 1 }, { row: 2 }] }]);
    // Users claimed by rows in error are never planned as missing.
    expect(
      shared.actions
        .filter((a) => a.kind === 'deactivate')
        .map((a) => 'userName' in a && a.userName),
    ).toEqual(['a@x.com', 'b@x.com']);

    const before = c.requestCount();
    expect((await refused(applyPlan(c, shared))).code).toBe('planErrors');
    expect(c.requestCount()).toBe(before);

    // Matched on externalId alone, a row without one is a gap in the source, not a new person:
    // b@x.com is in the team already and would be made twice.
    const keyless = await planSync(
      c,
      desired([{ userName: 'a@x.com', externalId: 'E1' }, { userName: 'b@x.com' }]),
      { ...opts, match: ['externalId'] },
    );
    expect(keyless.errors).toMatchObject([{ code: 'missingKey', rows: [{ row: 2 }] }]);
    expect(keyless.errors[0]!.message).toContain('hr.csv row 2 has no externalId');
    expect(keyless.actions.some((a) => a.kind === 'create')).toBe(false);
  });
});

describe('scope and protection', () => {
  it('externalId scope leaves users without one alone, even when a row matches them', async () => {
    const c = client('scope');
    const [legacy] = await seed(c, [
      { userName: 'legacy@x.com', title: 'old' },
      { userName: 'gone@x.com', externalId: 'G1' },
      { userName: 'kept@x.com', externalId: 'K1' },
    ]);
    const plan = await planSync(
      c,
      desired([
        { userName: 'legacy@x.com', title: 'new' },
        { userName: 'kept@x.com', externalId: 'K1' },
      ]),
      {
        scope: { kind: 'externalId' },
        limits: { maxRemovals: 10, maxRemovalPercent: 100 },
      },
    );
    expect(plan.team).toEqual({ users: 3, inScope: 2 });
    expect(plan.warnings).toMatchObject([{ code: 'outOfScope', userIds: [legacy!.id] }]);
    expect(plan.actions.map((a) => `${a.kind} ${'userName' in a ? a.userName : ''}`)).toEqual([
      'deactivate gone@x.com',
    ]);
    await applyPlan(c, plan);
    expect((await c.users.get(legacy!.id!)).title).toBe('old');
  });

  it('group scope touches only members of the group and adds new users to it', async () => {
    const c = client('group');
    const [inside, outside] = await seed(c, [{ userName: 'in@x.com' }, { userName: 'out@x.com' }]);
    const g = await c.groups.create({ displayName: 'Managed', members: [{ value: inside!.id! }] });
    const plan = await planSync(c, desired([{ userName: 'new@x.com' }]), {
      scope: { kind: 'group', group: 'Managed' },
      limits: { maxRemovals: 10, maxRemovalPercent: 100 },
      force: true,
    });
    expect(plan.actions.map((a) => a.kind)).toEqual(['create', 'deactivate', 'addMembers']);
    const report = await applyPlan(c, plan);
    expect(report.counts.done).toBe(3);
    expect((await c.users.get(outside!.id!)).active).not.toBe(false);
    expect((await c.users.get(inside!.id!)).active).toBe(false);
    const members = (await c.groups.get(g.id!)).members!.map((m) => m.value);
    expect(members).toHaveLength(2);
  });

  it('never deactivates or deletes a protected user', async () => {
    const c = client('protect');
    await seed(c, [
      { userName: 'Admin@x.com' },
      { userName: 'svc', externalId: 'SVC' },
      { userName: 'p@x.com' },
      { userName: 'q@x.com' },
    ]);
    const opts: SyncOptions = {
      protect: ['admin@x.com', 'SVC'],
      missing: 'delete',
      limits: { maxRemovals: 10, maxRemovalPercent: 100 },
      force: true,
    };
    const plan = await planSync(c, desired([{ userName: 'p@x.com' }]), opts);
    expect(plan.actions.map((a) => `${a.kind} ${'userName' in a ? a.userName : ''}`)).toEqual([
      'delete q@x.com',
    ]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['protected', 'protected']);
    expect(plan.options.protect).toBe(2);
    expect(serializePlan(plan)).not.toContain('SVC');
    const inactive = await planSync(
      c,
      desired([
        { userName: 'p@x.com' },
        { userName: 'admin@x.com', active: false },
        { userName: 'q@x.com' },
      ]),
      opts,
    );
    expect(inactive.actions).toEqual([]);
  });
});

describe('safety', () => {
  it('marks a plan over the removal limits unsafe, and apply refuses it unless allowed', async () => {
    const c = client('limits');
    const users = await seed(
      c,
      Array.from({ length: 10 }, (_, i) => ({ userName: `u${i}@x.com` })),
    );
    const keep = desired(users.slice(0, 8).map((u) => ({ userName: u.userName })));
    const abs = await planSync(c, keep, { limits: { maxRemovals: 1, maxRemovalPercent: 100 } });
    expect(abs.safety).toEqual({
      safe: false,
      problems: [expect.stringContaining('more than the limit of 1')],
    });
    const pct = await planSync(c, keep, { limits: { maxRemovals: 100, maxRemovalPercent: 10 } });
    expect(pct.safety.problems).toEqual([
      expect.stringContaining('20.0% of the 10 users in scope'),
    ]);
    const ok = await planSync(c, keep, { limits: { maxRemovals: 2, maxRemovalPercent: 20 } });
    expect(ok.safety.safe).toBe(true);
    const before = c.requestCount();
    expect((await refused(applyPlan(c, abs))).code).toBe('unsafe');
    expect(c.requestCount()).toBe(before);
    const report = await applyPlan(c, abs, { allowUnsafe: true });
    expect(report.counts.done).toBe(2);
  });

  it('refuses an empty source before any request, and a near-empty one unless forced', async () => {
    const c = client('empty');
    await seed(
      c,
      Array.from({ length: 6 }, (_, i) => ({ userName: `e${i}@x.com` })),
    );
    const fresh = client('empty');
    const e = await refused(planSync(fresh, { users: [], groups: [] }));
    expect(e.code).toBe('emptySource');
    expect(fresh.requestCount()).toBe(0);
    const small = desired([{ userName: 'e0@x.com' }, { userName: 'e1@x.com' }]);
    expect((await refused(planSync(c, small))).code).toBe('emptySource');
    const forced = await planSync(c, small, { force: true });
    expect(forced.counts.deactivate).toBe(4);
    expect(forced.safety.safe).toBe(false);
    const empty = await planSync(c, { users: [], groups: [] }, { force: true });
    expect(empty.counts.deactivate).toBe(6);
  });
});

describe.each(['etag', 'plain', 'bulk'])(
  'a change made between plan and apply (%s team)',
  (team) => {
    it('is reported as a conflict and survives', async () => {
      const c = client(team);
      const users = await seed(
        c,
        Array.from({ length: 4 }, (_, i) => ({ userName: `c${i}@x.com`, title: 'Analyst' })),
      );
      const plan = await planSync(
        c,
        desired(users.map((u) => ({ userName: u.userName, title: 'Senior Analyst' }))),
      );
      expect(plan.counts.update).toBe(4);
      // Someone else promotes c1 and deactivates c2 in the meantime.
      await c.users.patch(users[1]!.id!, [{ op: 'replace', path: 'title', value: 'Manager' }]);
      await c.users.patch(users[2]!.id!, [{ op: 'replace', path: 'active', value: false }]);
      const report = await applyPlan(c, plan);
      const status = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
      const byUser = (i: number) =>
        plan.actions.find((a) => 'userId' in a && a.userId === users[i]!.id)!.id;
      expect(status[byUser(0)]).toBe('done');
      expect(status[byUser(1)]).toBe('conflict');
      expect(status[byUser(2)]).toBe('conflict');
      expect(report.counts).toEqual({ done: 2, conflict: 2, failed: 0, skipped: 0 });
      expect((await c.users.get(users[1]!.id!)).title).toBe('Manager');
      expect((await c.users.get(users[2]!.id!)).active).toBe(false);
      expect((await c.users.get(users[3]!.id!)).title).toBe('Senior Analyst');
    });
  },
);

describe('plan files', () => {
  it('refuses a hand-edited plan, another version, and a plan for another team', async () => {
    const c = client('files');
    await seed(c, [{ userName: 'f@x.com', title: 'A' }]);
    const plan = await planSync(
      c,
      desired([{ userName: 'f@x.com', title: 'B' }, { userName: 'g@x.com' }]),
    );
    const text = serializePlan(plan);
    expect(serializePlan(parsePlan(text))).toBe(text);
    expect(text.indexOf('"format"')).toBeLessThan(text.indexOf('"actions"'));
    const edited = text.replace('"title"', '"Title"').replace('"B"', '"C"');
    const e = (() => {
      try {
        parsePlan(edited, { file: 'plan.json' });
      } catch (err) {
        return err as SyncError;
      }
      return undefined;
    })();
    expect(e).toMatchObject({ code: 'checksum', file: 'plan.json' });
    expect(e!.message).toMatch(/^plan\.json: was changed after it was written/);
    expect(() => parsePlan(text.replace('"version": 1', '"version": 2'))).toThrow(/version 2 plan/);
    expect(() => parsePlan('{"format":"x"}')).toThrow(/is not a sync plan/);
    expect(() => parsePlan('not json')).toThrow(/is not valid JSON/);
    const other = client('keys');
    const before = other.requestCount();
    expect((await refused(applyPlan(other, plan))).code).toBe('wrongTeam');
    expect(other.requestCount()).toBe(before);
    expect((await refused(applyPlan(c, plan, { maxAgeMs: -1 }))).code).toBe('stale');
  });
});

describe('cancellation', () => {
  it('stops starting work when the signal aborts, and a new plan finishes the job', async () => {
    const c = client('cancel');
    const want = desired(Array.from({ length: 1200 }, (_, i) => ({ userName: `k${i}@x.com` })));
    const plan = await planSync(c, want);
    const ac = new AbortController();
    const report = await applyPlan(c, plan, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 10) ac.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.counts.skipped).toBeGreaterThan(0);
    expect(report.counts.done + report.counts.skipped).toBe(1200);
    const rest = await planSync(c, want);
    expect(rest.counts.create).toBe(report.counts.skipped);
    await applyPlan(c, rest);
    expect((await planSync(c, want)).actions).toEqual([]);
  });
});

describe('reading the team', () => {
  it('lists users in ceil(users / page cap) requests, asking only for the attributes it needs', async () => {
    const transport = countingTransport();
    const c = oauthClient(sb.teams.paged!, { transport });
    clients.push(c);
    closers.push(transport);
    await seed(
      c,
      Array.from({ length: 21 }, (_, i) => ({ userName: `p${i}@x.com`, title: 'T' })),
    );
    c.log.length = 0;
    const mark = transport.calls.length;
    const plan = await planSync(
      c,
      desired(
        Array.from({ length: 21 }, (_, i) => ({
          userName: `p${i}@x.com`,
          title: i < 2 ? 'U' : 'T',
        })),
      ),
    );
    expect(plan.counts.update).toBe(2);
    const lists = c.log.filter((e) => e.method === 'GET' && e.path.endsWith('/Users'));
    expect(lists).toHaveLength(3);
    // What each list request asked for, as sent: the match keys, active, meta (the version a
    // conflict check compares) and the one attribute the source sets (title); nothing else.
    const asked = transport.calls
      .slice(mark)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/Users'))
      .map((r) => new URLSearchParams(r.query).get('attributes')?.split(',').sort());
    expect(asked).toEqual(
      Array(3).fill(
        [
          'active',
          'emails',
          'externalId',
          'meta',
          'title',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
          'userName',
        ].sort(),
      ),
    );
  });
});

describe('bad options', () => {
  it('are refused before any request, naming what is wrong', async () => {
    const c = client('keys');
    const before = c.requestCount();
    const want = desired([{ userName: 'a@x.com' }]);
    const rule = await refused(
      planSync(c, want, { rules: [{ group: 'G', filter: 'department eq' }] }),
    );
    expect(rule).toMatchObject({ code: 'options' });
    expect(rule.message).toContain('rules[0] (G)');
    expect((await refused(planSync(c, want, { match: ['phone' as 'email'] }))).message).toContain(
      '"phone" is not a match key',
    );
    expect((await refused(planSync(c, want, { attributes: ['password'] }))).code).toBe('options');
    expect((await refused(planSync(c, want, { limits: { maxRemovals: -1 } }))).message).toContain(
      'maxRemovals',
    );
    expect(
      (
        await refused(
          planSync(c, want, {
            scope: { kind: 'group', group: 'G' },
            rules: [{ group: 'g', filter: 'title pr' }],
          }),
        )
      ).code,
    ).toBe('options');
    expect(c.requestCount()).toBe(before);
  });
});
