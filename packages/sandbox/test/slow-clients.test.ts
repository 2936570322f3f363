import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, start, startSandbox, type Sandbox } from './helpers.js';

// Slow and silent clients against short timeouts: each is cut off after its timeout (not before,
// and not only at Node's default 60 s / 300 s), while other clients keep being answered.

const HEADERS_MS = 500;
const REQUEST_MS = 1000;
const KEEP_ALIVE_MS = 300;

let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'acme' }],
    seed: { users: 3, groups: 0, seed: 4 },
    headersTimeoutMs: HEADERS_MS,
    requestTimeoutMs: REQUEST_MS,
    keepAliveTimeoutMs: KEEP_ALIVE_MS,
  });
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

interface Raw {
  socket: Socket;
  received: () => string;
  isOpen: () => boolean;
  /** Resolves when the socket closes: `byServer` is false when this test gave up waiting. */
  closed: Promise<{ byServer: boolean; ms: number; data: string }>;
}

function rawSocket(url: string, waitMs = 4000): Raw {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  const socket = connect(Number(port), hostname);
  let data = '';
  let gaveUp = false;
  let open = true;
  socket.setEncoding('latin1');
  socket.on('data', (c: string) => (data += c));
  socket.on('error', () => undefined);
  const closed = new Promise<{ byServer: boolean; ms: number; data: string }>((resolve) => {
    const timer = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, waitMs);
    socket.on('close', () => {
      open = false;
      clearTimeout(timer);
      resolve({ byServer: !gaveUp, ms: performance.now() - started, data });
    });
  });
  return { socket, received: () => data, isOpen: () => open, closed };
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

/** Another client is answered, promptly (the bound is loose for a busy CI machine). */
async function answersQuickly(): Promise<void> {
  const started = performance.now();
  const res = await call('GET', '/Users?count=1');
  expect(res.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(1000);
}

describe('slow clients', () => {
  it('closes a client that sends half a request line and falls silent, after the headers timeout', async () => {
    const silent = rawSocket(sb.url);
    silent.socket.write('GET /acme/scim/v2/Us');
    // Meanwhile, and repeatedly, another client is served.
    for (let i = 0; i < 3; i++) {
      await answersQuickly();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(silent.isOpen(), 'the others were answered only after the silent one left').toBe(true);
    expect(silent.received()).toBe('');
    const end = await silent.closed;
    expect(end.byServer, 'the server never closed the silent connection').toBe(true);
    // Not before its time, and not much after (Node sweeps every quarter of the timeout).
    expect(end.ms).toBeGreaterThanOrEqual(HEADERS_MS - 20);
    expect(end.ms).toBeLessThan(HEADERS_MS + 700);
    if (end.data) expect(statusOf(end.data)).toBe(408);
    await answersQuickly();
  });

  it('cuts off a client trickling its body one byte per 100 ms past the request timeout', async () => {
    const team = sb.teams.acme!;
    const body = JSON.stringify({ userName: 'trickle@example.com' });
    const slow = rawSocket(sb.url);
    slow.socket.write(
      [
        'POST /acme/scim/v2/Users HTTP/1.1',
        `Host: ${new URL(sb.url).host}`,
        `Authorization: Bearer ${team.apiKey}`,
        'Content-Type: application/scim+json',
        `Content-Length: ${body.length}`,
        '',
        '',
      ].join('\r\n'),
    );
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < body.length && !slow.socket.destroyed) slow.socket.write(body[sent++]!);
    }, 100);
    try {
      await new Promise((r) => setTimeout(r, 300));
      await answersQuickly();
      expect(slow.isOpen()).toBe(true);
      const end = await slow.closed;
      expect(end.byServer, 'the server never cut off the trickling client').toBe(true);
      expect(end.ms).toBeGreaterThanOrEqual(REQUEST_MS - 20);
      expect(end.ms).toBeLessThan(REQUEST_MS + 900);
      // The body would have taken body.length / 10 seconds: it was cut off well before the end.
      expect(sent).toBeLessThan(body.length);
      if (end.data) expect(statusOf(end.data)).toBe(408);
    } finally {
      clearInterval(trickle);
    }
    await answersQuickly();
    // The half-sent user was never created.
    const found = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "trickle@example.com"')}`,
    );
    expect(found.body.totalResults).toBe(0);
    expect(sb.stats().byStatus[500] ?? 0).toBe(0);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const idle = rawSocket(sb.url);
    idle.socket.write(
      `GET /acme/scim/v2/Users?count=0 HTTP/1.1\r\nHost: ${new URL(sb.url).host}\r\nAuthorization: Bearer ${sb.teams.acme!.apiKey}\r\n\r\n`,
    );
    const end = await idle.closed;
    expect(statusOf(end.data)).toBe(200);
    expect(end.byServer, 'the idle connection stayed open').toBe(true);
    // Node adds a one-second grace period to the keep-alive timeout before it closes the socket.
    expect(end.ms).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 20);
    expect(end.ms).toBeLessThan(KEEP_ALIVE_MS + 2000);
  });

  it('does not cut off a response that is slow on the server side', async () => {
    // The timeouts are about receiving the request; injected latency delays only the response.
    sb.setFaults({ latencyMs: REQUEST_MS + 200 });
    try {
      const res = await call('GET', '/Users?count=1');
      expect(res.status).toBe(200);
    } finally {
      sb.clearFaults();
    }
  });
});

describe('timeout options', () => {
  it('defaults to values fit for a dev server and reports the ones in force', async () => {
    const d = await startSandbox({ log: false });
    try {
      expect(d.timeouts).toEqual({
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
      });
    } finally {
      await d.close();
    }
    expect(sb.timeouts).toEqual({
      headersTimeoutMs: HEADERS_MS,
      requestTimeoutMs: REQUEST_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_MS,
    });
  });

  it('refuses bad timeouts with a message naming the option and the allowed range', async () => {
    await expect(startSandbox({ headersTimeoutMs: -1 })).rejects.toThrow(
      /headersTimeoutMs must be a whole number of milliseconds from 1 to \d+, got -1/,
    );
    await expect(startSandbox({ requestTimeoutMs: 1.5 })).rejects.toThrow(/requestTimeoutMs.*1\.5/);
    await expect(startSandbox({ keepAliveTimeoutMs: 0 })).rejects.toThrow(/keepAliveTimeoutMs/);
    await expect(
      // Options may come from untyped configuration.
      startSandbox({ headersTimeoutMs: '500' as unknown as number }),
    ).rejects.toThrow(/headersTimeoutMs.*"500"/);
    await expect(startSandbox({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).rejects.toThrow(
      /headersTimeoutMs \(5000 ms\) must not exceed requestTimeoutMs \(1000 ms\)/,
    );
  });
});
