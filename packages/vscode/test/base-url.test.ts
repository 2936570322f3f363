import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { TeamStore } from '../src/teams.js';
import { folder, harness, type Sandbox } from './helpers.js';

/**
 * A SCIM provider whose base URL does not end in /scim/v2: here the sandbox behind a proxy that
 * serves it at /idp/api/scim, as another product would. The extension must use that URL as it is.
 */
let sb: Sandbox;
let proxy: Server;
let base = '';

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 3, groups: 1, seed: 5 } });
  const target = sb.teams.acme!.scimBaseUrl;
  proxy = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/idp\/api\/scim/, '');
    if (path === req.url) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'accept', 'if-match'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      void fetch(`${target}${path}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (r) => {
        res.writeHead(r.status, {
          'content-type': r.headers.get('content-type') ?? 'application/json',
        });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/idp/api/scim`;
});
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await sb?.close();
});

describe('a SCIM base URL of another provider', () => {
  it('connects and lists the users of a provider served at /idp/api/scim', async () => {
    const h = harness();
    const t = sb.teams.acme!;
    const record = TeamStore.recordFor({
      url: base,
      name: 'idp',
      authType: 'apiKey',
      secret: t.apiKey,
    });
    expect(record.scimBaseUrl).toBe(base);
    await h.store.add(record, t.apiKey);
    const users = await h.tree.getChildren(await folder(h, 'idp', 'Users'));
    expect(users.filter((n) => n.kind === 'user')).toHaveLength(3);
  });
});
