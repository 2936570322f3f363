import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, control, manualClock, startCelonis, type Sandbox } from './helpers.js';

const clock = manualClock(Date.UTC(2026, 0, 5, 6, 10, 40, 0));
const log: string[] = [];
let sb: Sandbox;

beforeAll(async () => {
  sb = await startCelonis(
    [
      { name: 'acme' },
      { name: 'rl', rateLimitPerSecond: 20 },
      { name: 'day', rateLimitPerSecond: 20, rateLimitPerDay: 5 },
    ],
    { now: clock.now, log: (line) => log.push(line) },
  );
});
afterAll(async () => sb?.close());

describe('CELONIS-SCIM.md: errors and limits', () => {
  it("Celonis' common error body is { title, status, detail, errorCode }", async () => {
    const call = api(sb.teams.acme!);
    const missing = await call('GET', '/Users/no-such-id');
    const badFilter = await call('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    for (const [res, status] of [
      [missing, 404],
      [badFilter, 400],
    ] as const) {
      expect(res.status).toBe(status);
      expect(Object.keys(res.body).sort()).toEqual(['detail', 'errorCode', 'status', 'title']);
      expect(res.body.status).toBe(status);
      expect(res.body.schemas).toBeUndefined();
    }
    expect(missing.body.title).toBe('Not Found');
  });

  it('500 answers carry an error ID to forward to Celonis support (ADMIN_FATAL_ERROR, "Celonis Support ID" in detail)', async () => {
    expect((await control(sb, 'POST', 'internal-error?team=acme')).status).toBe(204);
    const res = await api(sb.teams.acme!)('GET', '/Users');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ status: 500, errorCode: 'ADMIN_FATAL_ERROR' });
    const id = /Celonis Support ID: ([0-9a-f-]{36})/.exec(res.body.detail)?.[1];
    expect(id).toBeDefined();
    // The operator finds the failure in the sandbox log by the same ID.
    expect(log.some((l) => l.includes(id!) && l.includes('Internal error requested'))).toBe(true);
    expect((await api(sb.teams.acme!)('GET', '/Users')).status).toBe(200);
  });

  it('rate limiting: every answer carries x-ratelimit-limit and x-ratelimit-remaining', async () => {
    const t = sb.teams.rl!;
    clock.advance(10_000);
    const answers = [
      await api(t)('GET', '/Users'),
      await api(t)('GET', '/Users/no-such-id'),
      await api(t, null)('GET', '/Users'),
      await api(t)('GET', '/ServiceProviderConfig'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 200]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual([
      '20',
      '20',
      '20',
      '20',
    ]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual([
      '19',
      '18',
      '17',
      '16',
    ]);
    const plain = await api(sb.teams.acme!)('GET', '/Users');
    expect(plain.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('past the limit: 429 with x-ratelimit-reset and {"title":"Rate limit exceeded",...,"Please try again at HH:MM:SS UTC.","errorCode":"LIMIT_RATE_EXCEEDED"}, no Retry-After', async () => {
    const call = api(sb.teams.rl!);
    clock.advance(1000 - (clock.now() % 1000) + 400); // 0.4 s into a fresh second
    for (let i = 0; i < 20; i++) expect((await call('GET', '/Users?count=1')).status).toBe(200);
    const res = await call('GET', '/Users?count=1');
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-reset')).toBe('1');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('retry-after')).toBeNull();
    const at = new Date(Math.ceil(clock.now() / 1000) * 1000).toISOString().slice(11, 19);
    expect(res.body).toEqual({
      title: 'Rate limit exceeded',
      status: 429,
      detail: expect.stringMatching(new RegExp(`Please try again at ${at} UTC\\.$`)),
      errorCode: 'LIMIT_RATE_EXCEEDED',
    });
    clock.advance(600);
    expect((await call('GET', '/Users?count=1')).status).toBe(200);
  });

  it("per-day budgets as well as per-second ones (Celonis' example: 20 per second, 6,000 per day): past the day's, 429 until the next UTC day", async () => {
    const call = api(sb.teams.day!);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      const res = await call('GET', '/Users?count=1');
      expect(res.status).toBe(200);
      // The budget closer to its end is the one reported.
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
    }
    clock.advance(1000);
    const res = await call('GET', '/Users?count=1');
    expect(res.status).toBe(429);
    const midnight = Math.ceil(clock.now() / 86_400_000) * 86_400_000;
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBe(
      Math.ceil((midnight - clock.now()) / 1000),
    );
    expect(res.body.detail).toMatch(/per day|in one day/);
    expect(res.body.detail).toMatch(/Please try again at 00:00:00 UTC\.$/);
    clock.advance(midnight - clock.now());
    expect((await call('GET', '/Users?count=1')).status).toBe(200);
  });
});
