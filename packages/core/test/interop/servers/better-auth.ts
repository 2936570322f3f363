import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scim } from '@better-auth/scim';
import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import type { InteropServer } from './types.js';

/**
 * Better Auth with its SCIM plugin: the plugin owns the whole protocol and its storage model
 * (users, groups, memberships), here on Better Auth's in-memory adapter. Better Auth needs its
 * public base URL up front, so the port is taken before the auth instance is built.
 */
export const betterAuthServer: InteropServer = {
  name: 'better-auth',
  implementation: '@better-auth/scim 1.7.5 on better-auth 1.7.5',
  setup:
    'betterAuth() with the scim plugin and memoryAdapter, node:http on 127.0.0.1 via toNodeHandler, one connection with a static bearer credential',
  async start() {
    const ready: { handler?: RequestListener } = {};
    const server = createServer((req, res) => {
      if (ready.handler) return ready.handler(req, res);
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = randomBytes(24).toString('base64url');
    const db: Record<string, Record<string, unknown>[]> = {};
    // The plugin's declared schema type does not satisfy better-auth's own plugin type under
    // this repository's strict compiler options; at run time it is the documented usage.
    const plugin = scim({
      connections: [{ id: 'interop', credentials: [{ type: 'bearer', id: 'k1', token }] }],
    }) as unknown as BetterAuthPlugin;
    const auth = betterAuth({
      baseURL: origin,
      secret: randomBytes(32).toString('base64url'),
      database: memoryAdapter(db),
      telemetry: { enabled: false },
      logger: { disabled: true },
      plugins: [plugin],
    });
    // The memory adapter finds only the tables that exist: one empty array per model.
    const context = await auth.$context;
    for (const table of Object.values(context.tables)) db[table.modelName] = [];
    ready.handler = toNodeHandler(auth);
    return {
      baseUrl: `${origin}/api/auth/scim/v2`,
      auth: { type: 'bearer', token },
      authorization: `Bearer ${token}`,
      stop: async () => {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  },
};
