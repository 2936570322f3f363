import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;
let call: ReturnType<typeof api>;
const lines: string[] = [];
const off = { latencyMs: 0, rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0 };

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'acme' }],
    seed: { users: 3, groups: 0 },
    log: (l) => lines.push(l),
  });
  call = api(sb.teams.acme!);
});
afterEach(() => sb.setFaults(off));
afterAll(async () => sb?.close());

const exists = async (userName: string) =>
  (await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body
    .totalResults as number;

describe('fault injection', () => {
  it('answers 429 with Retry-After and counts it', async () => {
    const before = sb.stats().faultsInjected.rate429;
    sb.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const res = await call('GET', '/Users');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(sb.stats().faultsInjected.rate429).toBe(before + 1);
    expect(sb.stats().byStatus[429]).toBeGreaterThan(0);
  });

  it('answers 503', async () => {
    sb.setFaults({ rate503: 1 });
    expect((await call('GET', '/Users')).status).toBe(503);
  });

  it('adds latency', async () => {
    sb.setFaults({ latencyMs: 250 });
    const t0 = performance.now();
    expect((await call('GET', '/ServiceProviderConfig')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('drops the connection before a write: nothing is stored, reads still work', async () => {
    sb.setFaults({ dropBeforeWrite: 1 });
    await expect(call('POST', '/Users', user('before@example.com'))).rejects.toThrow();
    expect((await call('GET', '/Users')).status).toBe(200);
    sb.setFaults(off);
    expect(await exists('before@example.com')).toBe(0);
  });

  it('drops the connection after a write: the change is stored', async () => {
    sb.setFaults({ dropAfterWrite: 1 });
    await expect(call('POST', '/Users', user('after@example.com'))).rejects.toThrow();
    sb.setFaults(off);
    expect(await exists('after@example.com')).toBe(1);
    expect(sb.stats().faultsInjected.dropAfterWrite).toBeGreaterThan(0);
  });

  it('is reproducible for a given seed', async () => {
    const run = async () => {
      sb.setFaults({ rate503: 0.5, seed: 99 });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await call('GET', '/ServiceProviderConfig')).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it('never faults /_sandbox and accepts faults over HTTP', async () => {
    sb.setFaults({ rate503: 1 });
    const stats = await fetch(`${sb.url}/_sandbox/stats`);
    expect(stats.status).toBe(200);
    const set = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ rate503: 0, rate429: 1 }),
    });
    expect(await set.json()).toMatchObject({ rate503: 0, rate429: 1 });
    expect((await call('GET', '/Users')).status).toBe(429);
    const bad = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ rate429: 2 }),
    });
    expect(bad.status).toBe(400);
    expect(() => sb.setFaults({ rate503: -1 })).toThrow(/0 to 1/);
  });

  it('merges setFaults into the current faults, and clearFaults turns them all off', async () => {
    sb.setFaults({ rate503: 1, latencyMs: 5, retryAfterSeconds: 3 });
    sb.setFaults({});
    sb.setFaults({ rate429: 0 });
    // Merged: what a later call leaves out stays as it was.
    expect((await call('GET', '/Users')).status).toBe(503);
    sb.clearFaults();
    expect((await call('GET', '/Users')).status).toBe(200);
    const now = await (await fetch(`${sb.url}/_sandbox/faults`)).json();
    expect(now).toEqual({
      latencyMs: 0,
      rate429: 0,
      retryAfterSeconds: 1,
      rate503: 0,
      dropBeforeWrite: 0,
      dropAfterWrite: 0,
      seed: 42,
    });
  });

  it('clears the faults over HTTP with DELETE /_sandbox/faults, keeping the counts', async () => {
    sb.setFaults({ rate429: 1, dropAfterWrite: 1, latencyMs: 20 });
    expect((await call('GET', '/Users')).status).toBe(429);
    const counted = sb.stats().faultsInjected.rate429;
    const del = await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ rate429: 0, dropAfterWrite: 0, latencyMs: 0 });
    expect((await call('GET', '/Users')).status).toBe(200);
    expect(await exists('cleared@example.com')).toBe(0);
    expect((await call('POST', '/Users', user('cleared@example.com'))).status).toBe(201);
    expect(sb.stats().faultsInjected.rate429).toBe(counted);
  });

  it('restarts the fault sequence at the default seed when cleared', async () => {
    const run = async () => {
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await call('GET', '/ServiceProviderConfig')).status);
      return out;
    };
    sb.clearFaults();
    sb.setFaults({ rate503: 0.5 });
    const a = await run();
    sb.clearFaults();
    sb.setFaults({ rate503: 0.5 });
    expect(await run()).toEqual(a);
    expect(a).toContain(503);
  });

  it('refuses unknown fault names, non-objects and fractional seeds with a clear message', async () => {
    const post = (body: string) =>
      fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body }).then(async (r) => ({
        status: r.status,
        detail: ((await r.json()) as { detail: string }).detail,
      }));
    const typo = await post(JSON.stringify({ rate_503: 1 }));
    expect(typo.status).toBe(400);
    expect(typo.detail).toMatch(/Unknown fault option "rate_503"; known: latencyMs, rate429/);
    for (const body of ['[]', 'null', '"rate503"']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect(r.detail, body).toMatch(/Faults must be an object such as \{"rate503": 0.1\}/);
    }
    expect((await post('{"seed": 1.5}')).detail).toMatch(/seed must be a whole number, got 1.5/);
    expect(() => sb.setFaults({ latencyMs: Number.POSITIVE_INFINITY })).toThrow(
      /latencyMs must be a number >= 0, got Infinity/,
    );
    // Nothing was applied by the refused requests.
    expect((await call('GET', '/Users')).status).toBe(200);
  });

  it('counts SCIM writes by method, and no reads, searches, token requests or controls', async () => {
    const before = sb.stats().writes;
    const made = await call('POST', '/Users', user('counted@example.com'));
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    await call('PUT', `/Users/${id}`, user('counted@example.com', { title: 'T' }));
    await call('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    await call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [{ method: 'DELETE', path: `/Users/${id}` }],
    });
    // A refused write is still a write the server received.
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(404);
    await call('GET', '/Users');
    await call('POST', '/Users/.search', { filter: 'userName pr' });
    await call('POST', '/.search', {});
    await fetch(sb.teams.acme!.tokenUrl, { method: 'POST', body: 'grant_type=client_credentials' });
    await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: '{}' });
    await fetch(`${sb.url}/nobody/scim/v2/Users`, { method: 'POST', body: '{}' });
    expect(sb.stats().writes).toEqual({
      POST: before.POST + 2,
      PUT: before.PUT + 1,
      PATCH: before.PATCH + 1,
      DELETE: before.DELETE + 1,
    });
    // The same counts over HTTP.
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as {
      writes: Record<string, number>;
    };
    expect(stats.writes).toEqual(sb.stats().writes);
  });

  it('logs one line per request without credentials or query strings', async () => {
    await call('GET', `/Users?filter=${encodeURIComponent('userName eq "secret@example.com"')}`);
    const line = lines.find((l) => l.startsWith('GET /acme/scim/v2/Users 200'));
    expect(line).toMatch(/^GET \/acme\/scim\/v2\/Users 200 \d+\.\dms$/);
    const all = lines.join('\n');
    expect(all).not.toContain(sb.teams.acme!.apiKey);
    expect(all).not.toContain('secret@example.com');
  });
});
