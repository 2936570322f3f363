/** The sync engine's cases: planning a large team, and applying 1,000 changes. */
import {
  SCHEMA_ENTERPRISE_USER,
  applyPlan,
  planSync,
  quoteFilterValue,
  type DesiredState,
  type ScimClient,
  type ScimUser,
} from '../src/index.js';
import { planFromTeam, preparePlan } from '../src/sync/plan.js';
import { readTeam } from '../src/sync/team.js';
import { clientFor } from './cases.js';
import { PeakMemory, timed } from './measure.js';
import type { TeamInfo } from './sandbox-process.js';

const DEPT = SCHEMA_ENTERPRISE_USER;

/** The team as an HR export would give it: key and a few attributes per user. */
async function exportOf(client: ScimClient): Promise<ScimUser[]> {
  const out: ScimUser[] = [];
  for await (const u of client.users.list({
    attributes: ['externalId', 'userName', 'name', 'title', 'active', `${DEPT}:department`],
  }))
    out.push(u);
  return out;
}

function desiredFrom(users: ScimUser[], changeEvery: number, title: string): DesiredState {
  return {
    users: users.map((u, i) => ({
      source: { row: i + 1 },
      // The seeded values as they are; only every `changeEvery`-th title changes.
      user: {
        schemas: u.schemas ?? [],
        externalId: u.externalId,
        userName: u.userName,
        name: { givenName: u.name?.givenName, familyName: u.name?.familyName },
        title: i % changeEvery === 0 ? title : u.title,
        ...(u.active === false ? { active: false } : {}),
        [DEPT]: { department: u[DEPT]?.department },
      } as ScimUser,
    })),
    groups: [],
  };
}

export interface PlanFigures {
  users: number;
  pageCap: number;
  changes: number;
  listRequests: number;
  discoveryRequests: number;
  expectedListRequests: number;
  readMs: number;
  planCpuMs: number;
  planWallMs: number;
  peakRssMB: number;
  peakHeapMB: number;
}

/** planSync's read and its CPU after the read, on a team of `users` with 1% changed. */
export async function planLarge(team: TeamInfo, users: number): Promise<PlanFigures> {
  const exporter = clientFor(team);
  const client = clientFor(team);
  try {
    const desired = desiredFrom(await exportOf(exporter), 100, 'Changed title');
    const pageCap = (await exporter.discover()).maxResults ?? 100;
    const peak = new PeakMemory();
    const timer = setInterval(() => peak.sample(), 20);
    const prepared = preparePlan(desired, {
      limits: { maxRemovals: users, maxRemovalPercent: 100 },
    });
    const before = client.requestCount();
    const read = await timed(() => readTeam(client, prepared.attributes, prepared.groups));
    const requests = client.requestCount() - before;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const plan = planFromTeam(prepared, read.value, client.baseUrl);
    const cpu = process.cpuUsage(cpu0);
    const planWallMs = performance.now() - wall0;
    peak.sample();
    clearInterval(timer);
    const { rssMB, heapMB } = peak.peak();
    // Discovery is three requests (ServiceProviderConfig, ResourceTypes, Schemas).
    const discoveryRequests = 3;
    return {
      users,
      pageCap,
      changes: plan.actions.length,
      listRequests: requests - discoveryRequests,
      discoveryRequests,
      expectedListRequests: Math.ceil(users / pageCap),
      readMs: read.ms,
      planCpuMs: (cpu.user + cpu.system) / 1000,
      planWallMs,
      peakRssMB: rssMB,
      peakHeapMB: heapMB,
    };
  } finally {
    await exporter.close();
    await client.close();
  }
}

export interface ApplyFigures {
  changes: number;
  latencyMs: number;
  bulk: boolean;
  applyRequests: number;
  applyMs: number;
  loopRows: number;
  loopRequests: number;
  loopMs: number;
  /** The loop's time and requests for `changes` rows, from its sample (linear). */
  loopExtrapolatedMs: number;
  loopExtrapolatedRequests: number;
}

/**
 * applyPlan of `changes` title updates against the per-row upsert loop workflows run today
 * (look the user up by userName, then PATCH it or POST it), on a sample of `loopRows` rows.
 */
export async function applyVsLoop(
  team: TeamInfo,
  changes: number,
  loopRows: number,
  latencyMs: number,
  bulk: boolean,
): Promise<ApplyFigures> {
  const client = clientFor(team);
  try {
    const users = await exportOf(client);
    const planned = users.slice(0, changes);
    const plan = await planSync(client, desiredFrom(planned, 1, 'Applied title'), {
      missing: 'leave',
      force: true,
    });
    if (plan.actions.length !== changes)
      throw new Error(`expected ${changes} planned updates, got ${plan.actions.length}`);
    const applier = clientFor(team);
    let applied;
    try {
      await applier.discover(); // both sides start with discovery done
      const r0 = applier.requestCount();
      applied = await timed(() => applyPlan(applier, plan, { concurrency: 8 }));
      if (applied.value.counts.done !== changes)
        throw new Error(`apply: ${JSON.stringify(applied.value.counts)}`);
      applied = { ms: applied.ms, requests: applier.requestCount() - r0 };
    } finally {
      await applier.close();
    }
    const rows = users.slice(changes, changes + loopRows);
    const looper = clientFor(team);
    let loop;
    try {
      await looper.discover();
      const r0 = looper.requestCount();
      loop = await timed(async () => {
        for (const u of rows) {
          const found = await looper.users.findOne(`userName eq ${quoteFilterValue(u.userName)}`);
          if (found?.id)
            await looper.users.patch(found.id, [
              { op: 'replace', path: 'title', value: 'Looped title' },
            ]);
          else await looper.users.create({ userName: u.userName, title: 'Looped title' });
        }
      });
      loop = { ms: loop.ms, requests: looper.requestCount() - r0 };
    } finally {
      await looper.close();
    }
    return {
      changes,
      latencyMs,
      bulk,
      applyRequests: applied.requests,
      applyMs: applied.ms,
      loopRows: rows.length,
      loopRequests: loop.requests,
      loopMs: loop.ms,
      loopExtrapolatedMs: (loop.ms / rows.length) * changes,
      loopExtrapolatedRequests: Math.round((loop.requests / rows.length) * changes),
    };
  } finally {
    await client.close();
  }
}
