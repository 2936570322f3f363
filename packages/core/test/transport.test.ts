import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError, TransportError, createScimClient, createUndiciTransport } from '../src/node.js';
import { selfSignedHttpsServer } from './helpers.js';

// A plain HTTP server is the other end here: the transport is generic HTTP, below SCIM.
let server: Server;
let base: string;
const seen: Array<{
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/drop') return void req.socket.destroy();
      res.setHeader('Content-Type', 'application/scim+json');
      res.setHeader('X-Multi', ['a', 'b']);
      res.setHeader('ETag', 'W/"1"');
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('undici transport', () => {
  it('sends method, headers and body and returns lower-case headers', async () => {
    const t = createUndiciTransport({ proxy: false });
    const res = await t({
      method: 'POST',
      url: `${base}/x`,
      headers: { 'content-type': 'application/scim+json', 'x-test': '1' },
      body: '{"a":1}',
    });
    await t.close();
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"ok":true}');
    expect(res.headers['content-type']).toBe('application/scim+json');
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers['x-multi']).toBe('a, b');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/x', body: '{"a":1}' });
    expect(last.headers['x-test']).toBe('1');
  });

  it('returns error statuses as responses, not throws', async () => {
    const t = createUndiciTransport({ proxy: false });
    expect((await t({ method: 'GET', url: `${base}/missing`, headers: {} })).status).toBe(404);
    await t.close();
  });

  it('classifies a timeout, a dropped connection and a refused connection', async () => {
    const t = createUndiciTransport({ proxy: false });
    const timeout = await t({
      method: 'GET',
      url: `${base}/slow`,
      headers: {},
      timeoutMs: 100,
    }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TransportError);
    expect(timeout).toMatchObject({ kind: 'timeout' });
    const dropped = await t({ method: 'POST', url: `${base}/drop`, headers: {}, body: '{}' }).catch(
      (e: unknown) => e,
    );
    expect(dropped).toMatchObject({ kind: 'network', sent: 'unknown' });
    const refused = await t({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {} }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', sent: false });
    await t.close();
  });

  it('goes through HTTP(S)_PROXY, and direct for hosts in NO_PROXY', async () => {
    let tunnels = 0;
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const via = createUndiciTransport({ proxy: { httpProxy: proxyUrl, httpsProxy: proxyUrl } });
      expect((await via({ method: 'GET', url: `${base}/p`, headers: {} })).status).toBe(200);
      await via.close();
      expect(tunnels).toBe(1);
      const direct = createUndiciTransport({
        proxy: { httpProxy: proxyUrl, httpsProxy: proxyUrl, noProxy: '127.0.0.1' },
      });
      expect((await direct({ method: 'GET', url: `${base}/p`, headers: {} })).status).toBe(200);
      await direct.close();
      expect(tunnels).toBe(1);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it('verifies TLS certificates unless told otherwise', async () => {
    const tls = await selfSignedHttpsServer((_req, res) => res.end('{}'));
    const { cert } = tls;
    const url = `${tls.url}/`;
    try {
      const strict = createUndiciTransport({ proxy: false });
      const refused = await strict({ method: 'GET', url, headers: {} }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ kind: 'network', sent: false });
      await strict.close();
      const client = createScimClient({
        baseUrl: url,
        auth: { type: 'bearer', token: 'abcdefgh' },
        retry: false,
        transportOptions: { proxy: false },
      });
      const err = (await client.users.get('x').catch((e: unknown) => e)) as ScimError;
      expect(err).toBeInstanceOf(ScimError);
      expect(err.hint).toMatch(/certificate/);
      await client.close();
      const withCa = createUndiciTransport({ proxy: false, tls: { ca: cert } });
      expect((await withCa({ method: 'GET', url, headers: {} })).status).toBe(200);
      await withCa.close();
      const insecure = createUndiciTransport({ proxy: false, tls: { rejectUnauthorized: false } });
      expect((await insecure({ method: 'GET', url, headers: {} })).status).toBe(200);
      await insecure.close();
    } finally {
      await tls.close();
    }
  });
});
