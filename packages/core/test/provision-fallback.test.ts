import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport, type Transport, type TransportRequest } from '../src/node.js';
import { collect, oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

// provision() after a /Bulk request fails in a way that may have applied part of it: each user of
// the chunk is looked up and created only when absent, several users at a time but never more
// than provision's concurrency. The /Bulk request (and only it) is failed by the sandbox's own
// fault injection, switched on for exactly the time that request is in flight.

interface Call {
  method: string;
  path: string;
  /** The userName a lookup asked for or a create sent. */
  userName: string | undefined;
  start: number;
  end: number;
}

let sb: Sandbox;
const noFaults = { rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 };

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'fb' }] });
});
afterAll(async () => sb?.close());

/**
 * A real undici transport that records every SCIM call with its timing and the highest number
 * in flight at once, and that puts `bulkFault` on the sandbox while a /Bulk request is in flight
 * (`otherFaults` the rest of the time).
 */
function observedTransport(
  bulkFault: 'dropBeforeWrite' | 'dropAfterWrite',
  otherFaults: Record<string, number> = {},
) {
  const inner = createUndiciTransport({ proxy: false });
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let bulkInFlight = 0;
  let clock = 0;
  const userNameOf = (req: TransportRequest, url: URL): string | undefined => {
    if (req.method === 'POST' && url.pathname.endsWith('/Users') && req.body)
      return (JSON.parse(req.body) as { userName?: string }).userName;
    const m = /^userName eq "(.*)"$/.exec(url.searchParams.get('filter') ?? '');
    return m ? JSON.parse(`"${m[1]}"`) : undefined;
  };
  const faults = () =>
    sb.setFaults(
      bulkInFlight > 0 ? { ...noFaults, [bulkFault]: 1 } : { ...noFaults, ...otherFaults },
    );
  const transport: Transport = async (req) => {
    const url = new URL(req.url);
    if (url.pathname.endsWith('/oauth2/token')) return inner(req);
    const isBulk = url.pathname.endsWith('/Bulk');
    const call: Call = {
      method: req.method,
      path: url.pathname.replace(/^.*\/scim\/v2/, ''),
      userName: userNameOf(req, url),
      start: clock++,
      end: -1,
    };
    calls.push(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (isBulk) {
      bulkInFlight++;
      faults();
    }
    try {
      return await inner(req);
    } finally {
      inFlight--;
      call.end = clock++;
      if (isBulk) {
        bulkInFlight--;
        faults();
      }
    }
  };
  faults();
  return {
    transport,
    calls,
    maxInFlight: () => maxInFlight,
    resetMax: () => (maxInFlight = inFlight),
    close: () => inner.close(),
  };
}

async function countByUserName(prefix: string): Promise<Map<string, number>> {
  const client = oauthClient(sb.teams.fb!);
  const counts = new Map<string, number>();
  for (const u of await collect(
    client.users.list({ filter: `userName sw "${prefix}"`, attributes: 'userName' }),
  ))
    counts.set(u.userName, (counts.get(u.userName) ?? 0) + 1);
  await client.close();
  return counts;
}

const batch = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ userName: `${prefix}${i}@example.com` }));

/** Every create of a user started only after a lookup of that user had finished. */
function expectLookupBeforeCreate(calls: Call[]): void {
  for (const create of calls.filter((c) => c.method === 'POST' && c.path === '/Users')) {
    const lookup = calls.find(
      (c) =>
        c.method === 'GET' &&
        c.path === '/Users' &&
        c.userName === create.userName &&
        c.end >= 0 &&
        c.end < create.start,
    );
    expect(lookup, `POST /Users for ${create.userName} without a lookup before it`).toBeDefined();
  }
}

describe('provision fallback after a failed /Bulk request', () => {
  it('refuses a concurrency that is not a whole number >= 1 before sending anything', async () => {
    const client = oauthClient(sb.teams.fb!);
    const before = sb.stats().requests;
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      await expect(
        client.users.provision(batch(uniqueName('fb-bad-'), 2), { concurrency }),
      ).rejects.toMatchObject({
        kind: 'invalid',
        message: expect.stringMatching(/concurrency must be a whole number >= 1/),
      });
    }
    expect(sb.stats().requests).toBe(before);
    await client.close();
  });

  it('recreates the users of a bulk dropped before the write, several at a time, once each', async () => {
    const prefix = uniqueName('fb-before-');
    const users = batch(prefix, 40);
    const t = observedTransport('dropBeforeWrite', { latencyMs: 10 });
    const client = oauthClient(sb.teams.fb!, { transport: t.transport });
    await client.discover();
    const dropsBefore = sb.stats().faultsInjected.dropBeforeWrite;
    t.resetMax();
    const results = await client.users.provision(users, { concurrency: 4 });
    sb.setFaults(noFaults);
    expect(sb.stats().faultsInjected.dropBeforeWrite).toBeGreaterThan(dropsBefore);
    expect(results.map((r) => [r.userName, r.ok])).toEqual(users.map((u) => [u.userName, true]));
    const counts = await countByUserName(prefix);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Nothing had landed: one lookup and one create per user.
    expect(t.calls.filter((c) => c.method === 'POST' && c.path === '/Users')).toHaveLength(40);
    expectLookupBeforeCreate(t.calls);
    expect(t.maxInFlight()).toBeGreaterThan(1);
    expect(t.maxInFlight()).toBeLessThanOrEqual(4);
    await client.close();
    await t.close();
  });

  it('finds the users of a bulk dropped after the write and creates none of them again', async () => {
    const prefix = uniqueName('fb-after-');
    const users = batch(prefix, 40);
    const t = observedTransport('dropAfterWrite', { latencyMs: 10 });
    const client = oauthClient(sb.teams.fb!, { transport: t.transport });
    await client.discover();
    t.resetMax();
    const results = await client.users.provision(users, { concurrency: 4 });
    sb.setFaults(noFaults);
    expect(results.every((r) => r.ok && r.user.id)).toBe(true);
    const counts = await countByUserName(prefix);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(t.calls.filter((c) => c.method === 'POST' && c.path === '/Users')).toEqual([]);
    expect(t.maxInFlight()).toBeGreaterThan(1);
    expect(t.maxInFlight()).toBeLessThanOrEqual(4);
    await client.close();
    await t.close();
  });

  it('keeps every chunk within the concurrency and loses or doubles nobody under faults', async () => {
    // Two chunks of 100 in parallel: one chunk's fallback runs while the other's /Bulk is in
    // flight, and the creates of the fallback are themselves dropped now and then.
    const prefix = uniqueName('fb-mixed-');
    const users = batch(prefix, 230);
    const t = observedTransport('dropBeforeWrite', { dropAfterWrite: 0.15, dropBeforeWrite: 0.1 });
    const client = oauthClient(sb.teams.fb!, {
      transport: t.transport,
      // Real, growing waits: a create that lands while the other chunk's /Bulk is in flight is
      // dropped for sure, and its retries must outlast that window rather than fire at once.
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: () => 0.99,
      retry: { retries: 8, baseDelayMs: 25, maxDelayMs: 400, budgetMs: 600_000 },
    });
    await client.discover();
    t.resetMax();
    const results = await client.users.provision(users, { concurrency: 3 });
    sb.setFaults(noFaults);
    expect(results.map((r) => r.userName)).toEqual(users.map((u) => u.userName));
    const failed = results.filter((r) => !r.ok);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
    const counts = await countByUserName(prefix);
    expect(counts.size).toBe(230);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expectLookupBeforeCreate(t.calls);
    expect(t.maxInFlight()).toBeLessThanOrEqual(3);
    await client.close();
    await t.close();
  });
});
