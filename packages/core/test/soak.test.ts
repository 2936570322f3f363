import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/run.js';

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
