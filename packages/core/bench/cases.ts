/** The four measurements. Each returns plain figures; index.ts prints and stores them. */
import { Agent, request } from 'undici';
import { createScimClient, type ScimClient, type ScimUser } from '../src/node.js';
import { median, PeakMemory, timed } from './measure.js';
import type { TeamInfo } from './sandbox-process.js';

export function clientFor(team: TeamInfo, concurrency = 8): ScimClient {
  return createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    transportOptions: { proxy: false },
    concurrency,
  });
}

/** The baseline a careful person would write by hand: one keep-alive agent, one page at a time. */
async function rawPageLoop(team: TeamInfo, agent: Agent, pageSize: number): Promise<number> {
  let seen = 0;
  for (let startIndex = 1; ;) {
    const res = await request(
      `${team.scimBaseUrl}/Users?startIndex=${startIndex}&count=${pageSize}`,
      {
        dispatcher: agent,
        headers: { authorization: `Bearer ${team.apiKey}`, accept: 'application/scim+json' },
      },
    );
    if (res.statusCode !== 200) throw new Error(`raw loop: HTTP ${res.statusCode}`);
    const page = (await res.body.json()) as { Resources?: ScimUser[] };
    const n = page.Resources?.length ?? 0;
    if (n === 0) return seen;
    seen += n;
    startIndex += n;
  }
}

export interface ListFigures {
  users: number;
  rounds: number;
  clientMs: number;
  rawMs: number;
  /** raw time / client time: 1 means as fast as the hand-written loop. */
  ratio: number;
}

export async function listVsRaw(
  team: TeamInfo,
  expected: number,
  rounds = 5,
): Promise<ListFigures> {
  const client = clientFor(team);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const pageSize = (await client.discover()).maxResults ?? 100;
  const clientMs: number[] = [];
  const rawMs: number[] = [];
  try {
    // One warm-up of each, then alternate so that drift in the server hits both equally.
    await rawPageLoop(team, agent, pageSize);
    for await (const _ of client.users.list()) void _;
    const viaClientLoop = async () => {
      let n = 0;
      for await (const _ of client.users.list()) n++;
      return n;
    };
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so that neither always follows the other's garbage.
      const first = i % 2 === 0;
      const raw0 = first ? await timed(() => rawPageLoop(team, agent, pageSize)) : undefined;
      const viaClient = await timed(viaClientLoop);
      const raw = raw0 ?? (await timed(() => rawPageLoop(team, agent, pageSize)));
      if (raw.value !== expected || viaClient.value !== expected)
        throw new Error(
          `expected ${expected} users, raw saw ${raw.value}, client saw ${viaClient.value}`,
        );
      rawMs.push(raw.ms);
      clientMs.push(viaClient.ms);
    }
  } finally {
    await client.close();
    await agent.close();
  }
  const c = median(clientMs);
  const r = median(rawMs);
  return { users: expected, rounds, clientMs: c, rawMs: r, ratio: r / c };
}

export interface MemoryFigures {
  /** Users to iterate. */
  users: number;
  /** Users iterated: fewer than `users` when the time budget ran out first. */
  iterated: number;
  ms: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
}

export async function memoryWhileIterating(
  team: TeamInfo,
  expected: number,
  budgetMs: number,
): Promise<MemoryFigures> {
  const client = clientFor(team);
  await client.discover();
  const mem = new PeakMemory();
  let n = 0;
  const run = await timed(async () => {
    const stopAt = performance.now() + budgetMs;
    for await (const _ of client.users.list())
      if (++n % 100 === 0) {
        mem.sample();
        if (performance.now() > stopAt) break;
      }
  });
  mem.sample();
  await client.close();
  if (n !== expected && run.ms <= budgetMs)
    throw new Error(`expected ${expected} users, iterated ${n}`);
  const peak = mem.peak();
  return {
    users: expected,
    iterated: n,
    ms: run.ms,
    rssGrowthMB: peak.rssMB,
    heapGrowthMB: peak.heapMB,
  };
}

export interface MemberFigures {
  members: number;
  batchedRequests: number;
  batchedMs: number;
  /** The same batches as plain PATCH requests, without /Bulk. */
  patchRequests: number;
  patchMs: number;
  perMemberSample: number;
  perMemberSampleMs: number;
  /** perMemberSampleMs scaled linearly to `members`; an estimate, not a measurement. */
  perMemberExtrapolatedMs: number;
  speedup: number;
}

async function userIds(client: ScimClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const u of client.users.list({ attributes: 'id' })) {
    if (u.id) ids.push(u.id);
    if (ids.length === count) break;
  }
  if (ids.length < count)
    throw new Error(`the team has ${ids.length} users, the bench needs ${count}`);
  return ids;
}

export async function addMembers(
  team: TeamInfo,
  members: number,
  sample: number,
): Promise<MemberFigures> {
  const client = clientFor(team);
  try {
    const ids = await userIds(client, members);
    const group = async (name: string) =>
      (await client.groups.create({ displayName: `bench-${name}-${Date.now()}` })).id as string;
    const counted = async (fn: () => Promise<unknown>) => {
      const before = client.requestCount();
      const t = await timed(fn);
      return { ms: t.ms, requests: client.requestCount() - before };
    };
    const gBulk = await group('bulk');
    const batched = await counted(() => client.groups.addMembers(gBulk, ids));
    const gPatch = await group('patch');
    const patched = await counted(() => client.groups.addMembers(gPatch, ids, { bulk: false }));
    const gOne = await group('one-by-one');
    const one = await counted(async () => {
      for (const id of ids.slice(0, sample))
        await client.groups.patch(gOne, [{ op: 'add', path: 'members', value: [{ value: id }] }]);
    });
    const extrapolated = (one.ms / sample) * members;
    const verify = await client.groups.get(gBulk, { attributes: 'members' });
    if ((verify.members ?? []).length !== members)
      throw new Error(
        `the group has ${(verify.members ?? []).length} members, expected ${members}`,
      );
    return {
      members,
      batchedRequests: batched.requests,
      batchedMs: batched.ms,
      patchRequests: patched.requests,
      patchMs: patched.ms,
      perMemberSample: sample,
      perMemberSampleMs: one.ms,
      perMemberExtrapolatedMs: extrapolated,
      speedup: extrapolated / batched.ms,
    };
  } finally {
    await client.close();
  }
}

export interface CreateFigures {
  users: number;
  sequentialMs: number;
  concurrency: number;
  concurrentMs: number;
  bulkMs: number;
  speedupConcurrent: number;
  speedupBulk: number;
}

function newUsers(prefix: string, count: number): ScimUser[] {
  return Array.from({ length: count }, (_, i) => ({
    userName: `${prefix}-${i}@bench.example.com`,
    name: { givenName: 'Bench', familyName: `${prefix} ${i}` },
    emails: [{ value: `${prefix}-${i}@bench.example.com`, type: 'work', primary: true }],
    active: true,
  }));
}

export async function createUsers(
  team: TeamInfo,
  count: number,
  concurrency: number,
): Promise<CreateFigures> {
  const client = clientFor(team, concurrency);
  const stamp = Date.now().toString(36);
  try {
    const sequential = await timed(async () => {
      for (const u of newUsers(`seq-${stamp}`, count)) await client.users.create(u);
    });
    const check = (results: Array<{ ok: boolean }>) => {
      const failed = results.filter((r) => !r.ok).length;
      if (failed) throw new Error(`${failed} of ${count} creates failed`);
    };
    const concurrent = await timed(() =>
      client.users.provision(newUsers(`par-${stamp}`, count), { concurrency, bulk: false }),
    );
    check(concurrent.value);
    const bulk = await timed(() =>
      client.users.provision(newUsers(`bulk-${stamp}`, count), { concurrency }),
    );
    check(bulk.value);
    return {
      users: count,
      sequentialMs: sequential.ms,
      concurrency,
      concurrentMs: concurrent.ms,
      bulkMs: bulk.ms,
      speedupConcurrent: sequential.ms / concurrent.ms,
      speedupBulk: sequential.ms / bulk.ms,
    };
  } finally {
    await client.close();
  }
}
