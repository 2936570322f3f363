import { describe, expect, it } from 'vitest';
import { runSyncSoak, syncDiscrepancies } from '../soak/sync.js';

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
    expect({ lost: r.lost, duplicated: r.duplicated, wrong: r.wrong }).toEqual({
      lost: [],
      duplicated: [],
      wrong: [],
    });
    expect(r.conflictsReported).toBe(2);
    expect(r.rounds[0]!.failed).toBe(0);
    expect(r.secondPlanActions).toBe(0);
    expect(syncDiscrepancies(r)).toBe(0);
    const f = r.faultsInjected;
    expect(f.rate429! + f.rate503!).toBeGreaterThan(0);
    expect(f.dropBeforeWrite).toBeGreaterThan(0);
    expect(f.dropAfterWrite).toBeGreaterThan(0);
  }, 60_000);
});
