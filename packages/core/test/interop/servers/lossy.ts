import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@celonis-scim/sandbox';
import type { InteropServer } from './types.js';

/**
 * A server that loses group members: a sandbox team that stores the view of a write
 * (writeViewStored), behind a proxy that adds `excludedAttributes=members` to every group
 * PATCH, as a client once did. Not part of the matrix: it shows that the scenario fails when
 * stored state is not what the client meant to leave.
 */
export const lossyServer: InteropServer = {
  name: 'lossy',
  implementation: 'sandbox team with writeViewStored behind a rewriting proxy',
  setup: 'adds excludedAttributes=members to every PATCH /Groups/{id}',
  async start() {
    const sb = await startSandbox({
      teams: [{ name: 'lossy', writeViewStored: true, bulk: false }],
    });
    const team = sb.teams.lossy;
    if (!team) throw new Error('the sandbox did not start the lossy team');
    const upstream = new URL(team.scimBaseUrl);
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', upstream.origin);
        if (req.method === 'PATCH' && /\/Groups\/[^/]+$/.test(url.pathname))
          url.searchParams.set('excludedAttributes', 'members');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        fetch(url, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) })
          .then(async (r) => {
            const text = Buffer.from(await r.arrayBuffer());
            const out: Record<string, string> = {};
            r.headers.forEach((v, k) => {
              if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection')
                out[k] = v;
            });
            res.writeHead(r.status, out).end(text);
          })
          .catch(() => res.writeHead(502).end());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    return {
      baseUrl: `${origin}${upstream.pathname}`,
      auth: { type: 'bearer', token: team.apiKey },
      authorization: `Bearer ${team.apiKey}`,
      stop: async () => {
        proxy.closeAllConnections();
        await new Promise<void>((r) => proxy.close(() => r()));
        await sb.close();
      },
    };
  },
};
