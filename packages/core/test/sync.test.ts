import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHEMA_ENTERPRISE_USER,
  applyPlan,
  parsePlan,
  planSync,
  readDesiredCsv,
  serializePlan,
  summarizePlan,
  type ScimClient,
} from '../src/node.js';
import { collect, oauthClient, startSandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
const clients: ScimClient[] = [];
beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'etag', etag: true, bulk: true },
      { name: 'plain', etag: false, bulk: false },
      { name: 'nopatch', etag: false, bulk: false, patch: false },
    ],
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sb?.close();
});
function client(team: string): ScimClient {
  const c = oauthClient(sb.teams[team]!);
  clients.push(c);
  return c;
}

const mapping = {
  'Employee ID': 'externalId',
  Email: 'userName',
  First: 'name.givenName',
  Last: 'name.familyName',
  'Work mail': 'emails[type eq "work"].value',
  Department: 'department',
  Active: 'active',
};

function csv(rows: string[][]): string {
  const header = ['Employee ID', 'Email', 'First', 'Last', 'Work mail', 'Department', 'Active'];
  return [header, ...rows]
    .map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
}

async function teamState(c: ScimClient) {
  const users = await collect(c.users.list());
  return users
    .map((u) => ({
      userName: u.userName,
      externalId: u.externalId,
      active: u.active,
      givenName: u.name?.givenName,
      department: u[SCHEMA_ENTERPRISE_USER]?.department,
    }))
    .sort((a, b) => a.userName.localeCompare(b.userName));
}

describe.each(['etag', 'plain', 'nopatch'])('sync round trip on team %s', (team) => {
  it('creates, updates, renames, deactivates and reactivates, then plans nothing', async () => {
    const c = client(team);
    const base = [
      ['E1', 'ann@acme.com', 'Ann', 'A', 'ann@acme.com', 'Finance', 'yes'],
      ['E2', 'bob@acme.com', 'Bob', 'B', 'bob@acme.com', 'Sales', 'yes'],
      ['E3', 'cy@acme.com', 'Cy', 'C', 'cy@acme.com', 'Finance', 'yes'],
      ['E4', 'dee@acme.com', 'Dee', 'D', 'dee@acme.com', 'IT', 'yes'],
    ];
    const rules = [{ group: 'Finance Analysts', filter: 'department eq "Finance"' }];
    const first = await planSync(c, await readDesiredCsv(csv(base), { file: 'hr.csv', mapping }), {
      rules,
    });
    expect(first.errors).toEqual([]);
    expect(first.counts).toMatchObject({ create: 4, createGroup: 1, addMembers: 2 });
    const r1 = await applyPlan(c, first);
    expect(r1.counts).toEqual({ done: first.actions.length, conflict: 0, failed: 0, skipped: 0 });
    const again = await planSync(c, await readDesiredCsv(csv(base), { file: 'hr.csv', mapping }), {
      rules,
    });
    expect(again.actions).toEqual([]);

    // Bob moves to Finance and renames, Cy leaves, Dee becomes inactive in HR.
    const next = [
      ['E1', 'ann@acme.com', 'Ann', 'A', 'ann@acme.com', 'Finance', 'yes'],
      ['E2', 'robert@acme.com', 'Robert', 'B', 'robert@acme.com', 'Finance', 'yes'],
      ['E4', 'dee@acme.com', 'Dee', 'D', 'dee@acme.com', 'IT', 'no'],
    ];
    const opts = { rules, limits: { maxRemovals: 5, maxRemovalPercent: 100 } };
    const second = await planSync(c, await readDesiredCsv(csv(next), { mapping }), opts);
    expect(second.errors).toEqual([]);
    const kinds = second.actions.map((a) => `${a.kind}:${'userName' in a ? a.userName : ''}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'rename:bob@acme.com',
        'deactivate:cy@acme.com',
        'deactivate:dee@acme.com',
      ]),
    );
    const file = serializePlan(second);
    const r2 = await applyPlan(c, parsePlan(file));
    expect(r2.counts.done).toBe(second.actions.length);
    expect(await planSync(c, await readDesiredCsv(csv(next), { mapping }), opts)).toMatchObject({
      actions: [],
    });
    const state = await teamState(c);
    expect(state.find((u) => u.externalId === 'E2')).toMatchObject({
      userName: 'robert@acme.com',
      givenName: 'Robert',
      department: 'Finance',
    });
    expect(state.find((u) => u.externalId === 'E3')?.active).toBe(false);
    const finance = await c.groups.getByDisplayName('Finance Analysts');
    const members = await collect(c.groups.members(finance!.id!));
    const byId = new Map((await collect(c.users.list())).map((u) => [u.id, u.userName]));
    expect(members.map((m) => byId.get(m.value)).sort()).toEqual([
      'ann@acme.com',
      'robert@acme.com',
    ]);

    // Cy comes back: reactivated.
    const third = await planSync(
      c,
      await readDesiredCsv(csv([...next, base[2]!]), { mapping }),
      opts,
    );
    expect(third.actions.map((a) => a.kind)).toContain('reactivate');
    expect(summarizePlan(third)).toContain('reactivate cy@acme.com');
    await applyPlan(c, third);
    expect((await teamState(c)).find((u) => u.externalId === 'E3')?.active).toBe(true);
  });
});
