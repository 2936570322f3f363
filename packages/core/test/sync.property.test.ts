import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHEMA_ENTERPRISE_USER,
  applyPlan,
  planSync,
  type DesiredState,
  type ScimClient,
  type ScimUser,
} from '../src/index.js';
import { collect, oauthClient, startSandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
const clients: ScimClient[] = [];
beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'bulk', etag: true, bulk: true },
      { name: 'plain', etag: false, bulk: false },
    ],
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sb?.close();
});

const DEPARTMENTS = ['Finance', 'Sales', undefined] as const;
const person = fc.record({
  variant: fc.integer({ min: 0, max: 1 }),
  title: fc.constantFrom('Analyst', 'Lead', undefined),
  department: fc.constantFrom(...DEPARTMENTS),
  active: fc.constantFrom(true, false, undefined),
});
type Person = {
  variant: number;
  title?: string | undefined;
  department?: string | undefined;
  active?: boolean | undefined;
};
/** Current and desired states over the same 10 people: each may be in either, both or neither. */
const states = fc.record({
  current: fc.array(fc.option(person, { nil: undefined }), { minLength: 10, maxLength: 10 }),
  desired: fc.array(fc.option(person, { nil: undefined }), { minLength: 10, maxLength: 10 }),
  finance: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
});

let run = 0;
function userOf(prefix: string, i: number, p: Person): ScimUser {
  const u: ScimUser = {
    userName: `${prefix}p${i}-v${p.variant}@x.com`,
    externalId: `${prefix}P${i}`,
  };
  if (p.title !== undefined) u.title = p.title;
  if (p.active !== undefined) u.active = p.active;
  if (p.department !== undefined) u[SCHEMA_ENTERPRISE_USER] = { department: p.department };
  return u;
}

describe.each(['bulk', 'plain'])('for generated team and source states (%s team)', (team) => {
  it('apply(plan) gives exactly the desired state and a second plan is empty', async () => {
    const c = oauthClient(sb.teams[team]!);
    clients.push(c);
    await fc.assert(
      fc.asyncProperty(states, async ({ current, desired, finance }) => {
        const prefix = `r${++run}-`;
        const scope = `scope-${prefix}`;
        const fin = `fin-${prefix}`;
        const created: ScimUser[] = [];
        for (const [i, p] of current.entries())
          if (p) created.push(await c.users.create(userOf(prefix, i, p)));
        await c.groups.create({
          displayName: scope,
          members: created.map((u) => ({ value: u.id! })),
        });
        const finMembers = created.filter((_, k) => finance[k]).map((u) => ({ value: u.id! }));
        await c.groups.create({ displayName: fin, members: finMembers });
        const state: DesiredState = {
          users: desired.flatMap((p, i) =>
            p ? [{ source: { row: i + 1 }, user: userOf(prefix, i, p) }] : [],
          ),
          groups: [],
        };
        const options = {
          match: ['externalId' as const],
          scope: { kind: 'group' as const, group: scope },
          rules: [{ group: fin, filter: 'department eq "Finance"' }],
          attributes: ['userName', 'externalId', 'title', 'department', 'active'],
          limits: { maxRemovals: 100, maxRemovalPercent: 100 },
          force: true,
        };
        const plan = await planSync(c, state, options);
        expect(plan.errors).toEqual([]);
        const report = await applyPlan(c, plan);
        expect(report.counts).toMatchObject({ conflict: 0, failed: 0, skipped: 0 });

        const all = (await collect(c.users.list({ filter: `externalId sw "${prefix}"` }))).filter(
          (u) => u.externalId!.startsWith(prefix),
        );
        const byExt = new Map(all.map((u) => [u.externalId, u]));
        for (let i = 0; i < 10; i++) {
          const want = desired[i];
          const have = byExt.get(`${prefix}P${i}`);
          if (want) {
            expect(have?.userName).toBe(`${prefix}p${i}-v${want.variant}@x.com`);
            expect(have?.title).toBe(want.title);
            expect(have?.[SCHEMA_ENTERPRISE_USER]?.department).toBe(want.department);
            expect(have?.active !== false).toBe(want.active !== false);
          } else if (current[i]) expect(have?.active).toBe(false);
          else expect(have).toBeUndefined();
        }
        const group = await c.groups.getByDisplayName(fin);
        const members = new Set((await c.groups.get(group!.id!)).members?.map((m) => m.value));
        const wantFin = desired.flatMap((p, i) =>
          p?.department === 'Finance' ? [byExt.get(`${prefix}P${i}`)!.id] : [],
        );
        expect([...members].sort()).toEqual(wantFin.sort());
        expect((await planSync(c, state, options)).actions).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
