import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, start, type Sandbox } from './helpers.js';

// Raw-socket abuse of the HTTP layer: truncated bodies, wrong content types, huge headers, a
// body over the limit and slow clients. The server must stay up and keep answering others.

let sb: Sandbox;
let call: ReturnType<typeof api>;
let port: number;
let host: string;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }], seed: { users: 3, groups: 1, seed: 9 } });
  call = api(sb.teams.acme!);
  const u = new URL(sb.url);
  port = Number(u.port);
  host = u.hostname;
});
afterAll(async () => sb?.close());

/** Opens a loopback socket and collects what the server sends until it closes or time runs out. */
function rawSocket(): { socket: Socket; received: () => string; closed: Promise<string> } {
  const socket = connect(port, host);
  let data = '';
  socket.setEncoding('latin1');
  socket.on('data', (c: string) => (data += c));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(data));
    // Bounded: a test never waits more than 5 s for a socket.
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 5000).unref();
  });
  return { socket, received: () => data, closed };
}

function head(path: string, extra: string[], length?: number): string {
  const team = sb.teams.acme!;
  const lines = [
    `POST /acme/scim/v2${path} HTTP/1.1`,
    `Host: ${host}:${port}`,
    `Authorization: Bearer ${team.apiKey}`,
    ...extra,
  ];
  if (length !== undefined) lines.push(`Content-Length: ${length}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

async function stillAnswers(): Promise<void> {
  const started = performance.now();
  const res = await call('GET', '/Users?count=1');
  expect(res.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(2000);
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('HTTP robustness', () => {
  it('survives bodies shorter than their Content-Length, half-closed or reset', async () => {
    for (const finish of ['end', 'destroy'] as const) {
      const c = rawSocket();
      c.socket.write(head('/Users', ['Content-Type: application/scim+json'], 1000));
      c.socket.write('{"userName":"trunc');
      await new Promise((r) => setTimeout(r, 50));
      if (finish === 'end') c.socket.end();
      else c.socket.destroy();
      const raw = await c.closed;
      // The client left: the server either says nothing or a 4xx, never a 500.
      if (raw) expect(statusOf(raw)).toBeLessThan(500);
    }
    await stillAnswers();
    expect((await call('GET', '/Users?filter=userName sw "trunc"')).body.totalResults).toBe(0);
    expect(sb.stats().byStatus[500] ?? 0).toBe(0);
  });

  it('answers bodies under wrong content types with a SCIM 400, never a 500', async () => {
    const bodies: Array<[string, string]> = [
      ['text/plain', 'userName=a'],
      ['application/x-www-form-urlencoded', 'userName=ct-form'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
      ],
      ['application/xml', '<User><userName>a</userName></User>'],
      ['application/octet-stream', '\u0000\u0001\u00ff'],
      ['application/scim+json; charset=latin1', '{"userName":'],
    ];
    for (const [type, body] of bodies) {
      const res = await call('POST', '/Users', body, { 'Content-Type': type });
      expect(res.status, `${type}: ${res.text}`).toBe(400);
      expect(res.body.scimType).toBe('invalidSyntax');
    }
    const token = await fetch(sb.teams.acme!.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"grant_type":',
    });
    expect(token.status).toBeGreaterThanOrEqual(400);
    expect(token.status).toBeLessThan(500);
    await stillAnswers();
  });

  it('refuses 64 KB of headers with 431 and keeps serving', async () => {
    const c = rawSocket();
    c.socket.write(head('/Users', [`X-Huge: ${'a'.repeat(64 * 1024)}`], 2));
    c.socket.write('{}');
    const raw = await c.closed;
    expect(statusOf(raw)).toBe(431);
    await stillAnswers();
  });

  it('refuses a body above the limit with 413 before it has all arrived', async () => {
    const declared = 8 * 1024 * 1024;
    const c = rawSocket();
    c.socket.write(head('/Bulk', ['Content-Type: application/scim+json'], declared));
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    // Send just over the server's limit (1 MiB + 64 KiB), then wait: a server that buffered the
    // whole declared body would never answer.
    while (sent < 1.5 * 1024 * 1024 && !c.received()) {
      c.socket.write(chunk);
      sent += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => c.received().length > 0, 3000);
    expect(statusOf(c.received())).toBe(413);
    expect(c.received()).toContain('tooLarge');
    expect(sent).toBeLessThan(declared);
    c.socket.destroy();
    await stillAnswers();
  });

  it('refuses a chunked body above the limit with 413', async () => {
    const c = rawSocket();
    c.socket.write(
      head('/Users', ['Content-Type: application/scim+json', 'Transfer-Encoding: chunked']),
    );
    const piece = 'y'.repeat(256 * 1024);
    for (let i = 0; i < 6 && !c.received(); i++) {
      c.socket.write(`${piece.length.toString(16)}\r\n${piece}\r\n`);
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => c.received().length > 0, 3000);
    expect(statusOf(c.received())).toBe(413);
    c.socket.destroy();
    await stillAnswers();
  });

  it('answers other clients quickly while slow clients trickle or stay silent', async () => {
    const silent = Array.from({ length: 20 }, () => rawSocket());
    const slow = rawSocket();
    const request = head('/Users', ['Content-Type: application/scim+json'], 2) + '{}';
    let i = 0;
    const trickle = setInterval(() => {
      if (i < request.length) slow.socket.write(request[i++]!);
    }, 20);
    try {
      const times: number[] = [];
      for (let n = 0; n < 20; n++) {
        const started = performance.now();
        const res = await call('GET', `/Users?count=1&startIndex=${(n % 3) + 1}`);
        times.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 25));
      }
      times.sort((a, b) => a - b);
      // Generous bound for a busy 2-core machine; a blocked server would take seconds.
      expect(times[Math.floor(times.length / 2)]!).toBeLessThan(250);
      expect(silent.every((s) => !s.received())).toBe(true);
    } finally {
      clearInterval(trickle);
      for (const s of [...silent, slow]) s.socket.destroy();
    }
    await stillAnswers();
    expect(sb.stats().byStatus[500] ?? 0).toBe(0);
  });
});
