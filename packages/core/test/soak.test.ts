import { describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { createScimClient } from '../src/node.js';
import { groupName, userName } from '../soak/plan.js';
import { runSoak } from '../soak/run.js';
import { discrepancyCount, verify } from '../soak/verify.js';

// The fault soak at a CI size: the full size (5,000 users) runs behind `npm run soak`.
describe('fault-injection soak (CI size)', () => {
  it('provisions, offboards and replaces members under faults with nothing lost or duplicated', async () => {
    const report = await runSoak({
      users: 300,
      groups: 10,
      offboard: 60,
      retryAfterSeconds: 0.1,
      latencyMs: 1,
      seconds: 25,
      seed: 1,
    });
    expect(report.phases.map((p) => p.name)).toEqual(['provision', 'offboard + replace']);
    for (const p of report.phases) {
      expect(p.discrepancies, p.name).toEqual({
        missingUsers: [],
        extraUsers: [],
        duplicateUsers: [],
        wrongActive: [],
        missingGroups: [],
        extraGroups: [],
        duplicateGroups: [],
        wrongMemberships: [],
      });
    }
    expect(report.discrepancies).toBe(0);
    // The run proves something only if every kind of fault actually hit it.
    const f = report.faultsInjected;
    expect(f.rate429).toBeGreaterThan(0);
    expect(f.rate503).toBeGreaterThan(0);
    expect(f.dropBeforeWrite).toBeGreaterThan(0);
    expect(f.dropAfterWrite).toBeGreaterThan(0);
    expect(report.retries).toBeGreaterThan(0);
  }, 30_000);
});

// The comparison itself must be able to fail, or a green soak proves nothing.
describe('soak state comparison', () => {
  it('reports missing, extra, duplicate, inactive and wrong members', async () => {
    const sb = await startSandbox({ teams: [{ name: 'verify' }] });
    const team = sb.teams.verify;
    if (!team) throw new Error('team "verify" did not start');
    const client = createScimClient({
      baseUrl: team.scimBaseUrl,
      auth: { type: 'apiKey', apiKey: team.apiKey },
    });
    try {
      const a = await client.users.create({ userName: userName(0) });
      const b = await client.users.create({ userName: userName(1), active: false });
      await client.users.create({ userName: 'stray@example.com' });
      const g = await client.groups.create({ displayName: groupName(0) });
      await client.groups.create({ displayName: 'stray-group' });
      await client.groups.addMembers(g.id as string, [a.id as string, b.id as string]);
      const d = await verify(client, {
        users: new Map([
          [userName(0), true],
          [userName(1), true],
          [userName(2), true],
        ]),
        groups: new Map([
          [groupName(0), new Set([userName(0), userName(2)])],
          [groupName(1), new Set<string>()],
        ]),
      });
      expect(d).toEqual({
        missingUsers: [userName(2)],
        extraUsers: ['stray@example.com'],
        duplicateUsers: [],
        wrongActive: [userName(1)],
        missingGroups: [groupName(1)],
        extraGroups: ['stray-group'],
        duplicateGroups: [],
        wrongMemberships: [`${groupName(0)}: +${userName(1)}`, `${groupName(0)}: -${userName(2)}`],
      });
      expect(discrepancyCount(d)).toBe(7);
    } finally {
      await client.close();
      await sb.close();
    }
  });
});
