import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate, startSandbox } from '@celonis-scim/sandbox';
import {
  createScimClient,
  createUndiciTransport,
  type RequestLogEntry,
  type ScimClient,
  type ScimClientOptions,
  type Transport,
  type TransportRequest,
} from '../src/node.js';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Team = Sandbox['teams'][string];

export { startSandbox };

/** A transport that records every request (method and path only) and passes it to undici. */
export function countingTransport(): Transport & {
  calls: Array<{ method: string; path: string; query: string }>;
  /** Access tokens the token endpoint issued through this transport. */
  tokens: string[];
  close(): Promise<void>;
} {
  const inner = createUndiciTransport({ proxy: false });
  const calls: Array<{ method: string; path: string; query: string }> = [];
  const tokens: string[] = [];
  const t = async (req: TransportRequest) => {
    const url = new URL(req.url);
    calls.push({ method: req.method, path: url.pathname, query: url.search });
    const res = await inner(req);
    if (url.pathname.endsWith('/oauth2/token') && res.status === 200)
      tokens.push((JSON.parse(res.body) as { access_token: string }).access_token);
    return res;
  };
  return Object.assign(t, { calls, tokens, close: () => inner.close() });
}

/** Sleep that records the requested delays and returns at once, keeping retry tests fast. */
export function recordingSleep(): ((ms: number) => Promise<void>) & { delays: number[] } {
  const delays: number[] = [];
  return Object.assign(
    async (ms: number) => {
      delays.push(ms);
    },
    { delays },
  );
}

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

export function oauthClient(
  team: Team,
  extra: Partial<ScimClientOptions> = {},
): ScimClient & { log: RequestLogEntry[] } {
  const log: RequestLogEntry[] = [];
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: {
      type: 'oauth2',
      tokenUrl: team.tokenUrl,
      clientId: team.clientId,
      clientSecret: team.clientSecret,
      scope: team.scope,
    },
    transportOptions: { proxy: false },
    sleep: recordingSleep(),
    logger: (e) => log.push(e),
    ...extra,
  });
  return Object.assign(client, { log });
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** An HTTPS server on 127.0.0.1 with a throw-away self-signed certificate, for TLS tests. */
export async function selfSignedHttpsServer(handler: RequestListener): Promise<{
  /** `https://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** The certificate, to trust it explicitly (`tls.ca`). */
  cert: string;
  close(): Promise<void>;
}> {
  const { key, cert } = selfSignedCertificate();
  const server = createServer({ key, cert }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cert,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
