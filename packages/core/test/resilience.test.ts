import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '../src/index.js';
import {
  collect,
  oauthClient,
  recordingSleep,
  startSandbox,
  uniqueName,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
let client: ReturnType<typeof oauthClient>;
let sleep: ReturnType<typeof recordingSleep>;
const noFaults = { rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 };

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 20, groups: 1, seed: 5 } });
  sleep = recordingSleep();
  client = oauthClient(sb.teams.acme!, { sleep, retry: { retries: 8, budgetMs: 600_000 } });
  await client.discover(); // token and discovery outside the fault windows
});
afterEach(() => sb.setFaults(noFaults));
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

async function countWithPrefix(prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const u of client.users.list({
    filter: `userName sw "${prefix}"`,
    attributes: 'userName',
  }))
    counts.set(u.userName, (counts.get(u.userName) ?? 0) + 1);
  return counts;
}

const batch = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ userName: `${prefix}${i}@example.com` }));

describe('retries against sandbox faults', () => {
  it('retries 429 honouring Retry-After', async () => {
    sb.setFaults({ rate429: 0.4, retryAfterSeconds: 2, seed: 11 });
    sleep.delays.length = 0;
    const pages = await Promise.all(
      Array.from({ length: 20 }, () => client.users.listPage({ count: 1 })),
    );
    expect(pages.every((p) => p.Resources?.length === 1)).toBe(true);
    expect(sleep.delays.length).toBeGreaterThan(0);
    expect(sleep.delays.every((d) => d === 2000)).toBe(true);
    expect(client.log.some((e) => e.status === 429)).toBe(true);
  });

  it('retries 503 with backoff, also for a POST (the server did not apply it)', async () => {
    sb.setFaults({ rate503: 0.4, seed: 12 });
    const prefix = uniqueName('s503-');
    sleep.delays.length = 0;
    const from = client.log.length;
    const results = await client.users.provision(batch(prefix, 15), { bulk: false });
    expect(results.every((r) => r.ok)).toBe(true);
    sb.setFaults(noFaults);
    const counts = await countWithPrefix(prefix);
    expect(counts.size).toBe(15);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    const refused = client.log.slice(from).filter((e) => e.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    // Backoff: a wait before each repetition of a refused request, none without one.
    expect(sleep.delays).toHaveLength(refused.length);
  });

  it('gives up after the retry budget with the last error', async () => {
    sb.setFaults({ rate503: 1, seed: 13 });
    const c = oauthClient(sb.teams.acme!, { sleep: recordingSleep(), retry: { retries: 2 } });
    sb.setFaults(noFaults);
    await c.discover();
    sb.setFaults({ rate503: 1, seed: 13 });
    const err = (await c.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'server', status: 503, attempts: 3 });
    await c.close();
  });

  it.each([
    ['dropBeforeWrite', { dropBeforeWrite: 0.3 }],
    ['dropAfterWrite', { dropAfterWrite: 0.3 }],
  ] as const)('provisions without duplicates under %s (one by one)', async (_name, faults) => {
    const prefix = uniqueName('drop-');
    const kind = Object.keys(faults)[0] as 'dropBeforeWrite' | 'dropAfterWrite';
    const injectedBefore = sb.stats().faultsInjected[kind];
    sb.setFaults({ ...faults, seed: 21 });
    const results = await client.users.provision(batch(prefix, 30), {
      bulk: false,
      concurrency: 4,
    });
    sb.setFaults(noFaults);
    const counts = await countWithPrefix(prefix);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(counts.size).toBe(30);
    expect(sb.stats().faultsInjected[kind]).toBeGreaterThan(injectedBefore);
  });

  it('provisions without duplicates when a bulk request drops after the write', async () => {
    const prefix = uniqueName('bulkdrop-');
    const injectedBefore = sb.stats().faultsInjected.dropAfterWrite;
    // Every write drops after the server applied it: the client must find the users, not resend.
    sb.setFaults({ dropAfterWrite: 1, seed: 22 });
    const results = await client.users.provision(batch(prefix, 40), { concurrency: 2 });
    sb.setFaults(noFaults);
    const counts = await countWithPrefix(prefix);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(results.filter((r) => r.ok).length).toBe(40);
    expect(sb.stats().faultsInjected.dropAfterWrite).toBeGreaterThan(injectedBefore);
  });

  it('returns the user a dropped create did make, without creating it twice', async () => {
    const userName = uniqueName('once-');
    sb.setFaults({ dropAfterWrite: 1, seed: 23 });
    const u = await client.users.create({ userName });
    sb.setFaults(noFaults);
    expect(u.userName).toBe(userName);
    expect((await countWithPrefix(userName)).get(userName)).toBe(1);
  });

  it('finds a group whose create dropped after the write, by displayName', async () => {
    const displayName = uniqueName('OnceGroup');
    sb.setFaults({ dropAfterWrite: 1, seed: 26 });
    const g = await client.groups.create({ displayName });
    sb.setFaults(noFaults);
    expect(g.displayName).toBe(displayName);
    const same = await collect(client.groups.list({ filter: `displayName eq "${displayName}"` }));
    expect(same.map((x) => x.id)).toEqual([g.id]);
  });

  it('fails a create whose every attempt is dropped before the write, leaving nothing behind', async () => {
    const userName = uniqueName('never-');
    const c = oauthClient(sb.teams.acme!, { sleep: recordingSleep(), retry: { retries: 2 } });
    await c.discover();
    sb.setFaults({ dropBeforeWrite: 1, seed: 24 });
    const err = (await c.users.create({ userName }).catch((e: unknown) => e)) as ScimError;
    sb.setFaults(noFaults);
    expect(err).toBeInstanceOf(ScimError);
    expect(err.kind).toBe('network');
    expect((await countWithPrefix(userName)).size).toBe(0);
    await c.close();
  });

  it('keeps member changes and deletes correct under dropped connections', async () => {
    const ids = (await collect(client.users.list({ attributes: 'id' })))
      .slice(0, 20)
      .map((u) => u.id!);
    const g = await client.groups.create({ displayName: uniqueName('Flaky') });
    sb.setFaults({ dropAfterWrite: 0.5, dropBeforeWrite: 0.2, seed: 25 });
    await client.groups.addMembers(g.id!, ids, { batchSize: 5 });
    await client.groups.removeMembers(g.id!, ids.slice(0, 5), { batchSize: 2 });
    const victim = await client.users.create({ userName: uniqueName('victim-') });
    await client.users.delete(victim.id!);
    sb.setFaults(noFaults);
    const members = (await collect(client.groups.members(g.id!))).map((m) => m.value).sort();
    expect(members).toEqual(ids.slice(5).sort());
    await expect(client.users.get(victim.id!)).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('times out slow responses as kind timeout, retrying reads within the budget', async () => {
    // undici's timeout timers tick at about 1 s, hence the long injected latency.
    const c = oauthClient(sb.teams.acme!, {
      sleep: recordingSleep(),
      retry: { retries: 2 },
      timeoutMs: 300,
    });
    await c.discover();
    sb.setFaults({ latencyMs: 2500 });
    const err = (await c.users.listPage().catch((e: unknown) => e)) as ScimError;
    sb.setFaults(noFaults);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect(err.hint).toMatch(/timeoutMs/);
    await c.close();
  });

  it('logs one entry per attempt with method, path, status, ms and attempt only', async () => {
    // Seed 7 refuses the first two attempts and lets the third through: three attempts to log.
    sb.setFaults({ rate503: 0.5, seed: 7 });
    const from = client.log.length;
    await client.users.listPage({ count: 1 });
    sb.setFaults(noFaults);
    const entries = client.log.slice(from);
    expect(entries.map((e) => e.status)).toEqual([503, 503, 200]);
    expect(entries.map((e) => e.attempt)).toEqual(entries.map((_, i) => i + 1));
    for (const e of entries) {
      expect(
        Object.keys(e).every((k) =>
          ['method', 'path', 'status', 'ms', 'attempt', 'error'].includes(k),
        ),
      ).toBe(true);
      expect(e).toMatchObject({ method: 'GET', path: '/Users' });
      expect(typeof e.ms).toBe('number');
    }
    expect(entries.at(-1)!.status).toBe(200);
  });
});
