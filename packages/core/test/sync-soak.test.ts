import { describe, expect, it } from 'vitest';
import { runSyncSoak, syncDiscrepancies, unreported } from '../soak/sync.js';

// The sync soak at a CI size: the full size (5,000 creates) runs behind `npm run soak`.
describe.each([
  // A /Bulk apply of this size makes about a dozen writes: drops must be likelier to hit them.
  { etag: true, bulk: true, dropRate: 0.3 },
  { etag: false, bulk: false },
])('sync apply under faults (CI size, %o)', (team) => {
  it('ends in exactly the desired state: nothing lost or duplicated, concurrent edits kept', async () => {
    const r = await runSyncSoak({
      creates: 500,
      updates: 100,
      leavers: 50,
      unchanged: 50,
      ...team,
      latencyMs: 1,
      retryAfterSeconds: 0.1,
      seed: 3,
    });
    expect(r.planned).toMatchObject({
      create: 500,
      update: 100,
      deactivate: 50,
      addMembers: 150,
      removeMembers: 50,
    });
    // Nothing is lost, duplicated or left wrong in silence. One write has at most retries + 1
    // sends (7 here); with 30% of connections dropped before the write, all 7 drop for one of
    // 500 creates in about one run in ten (0.3^7 x 500): that create is reported failed, and
    // the second plan takes it up.
    expect({
      lost: unreported(r, r.lost),
      duplicated: r.duplicated,
      wrong: unreported(r, r.wrong),
    }).toEqual({ lost: [], duplicated: [], wrong: [] });
    expect(r.conflictsReported).toBe(2);
    expect(r.rounds[0]!.failed).toBeLessThanOrEqual(r.failedUsers.length + 2);
    expect(r.failedUsers.length).toBeLessThanOrEqual(2);
    expect(r.secondPlanActions).toBe(0);
    expect(syncDiscrepancies(r)).toBe(0);
    const f = r.faultsInjected;
    expect(f.rate429! + f.rate503!).toBeGreaterThan(0);
    expect(f.dropBeforeWrite).toBeGreaterThan(0);
    expect(f.dropAfterWrite).toBeGreaterThan(0);
  }, 120_000);
});
