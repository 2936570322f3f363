import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ScimError,
  TokenCache,
  createScimClient,
  type AuthConfig,
  type RequestLogEntry,
  type TransportRequest,
} from '../src/node.js';
import { countingTransport, startSandbox, type Sandbox, type Team } from './helpers.js';

let sb: Sandbox;
let team: Team;
const transports: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'other' }, { name: 'brief', tokenTtlSeconds: 2 }],
    seed: { users: 5, groups: 1, seed: 1 },
  });
  team = sb.teams.acme!;
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await sb?.close();
});

function make(
  auth: AuthConfig,
  baseUrl = team.scimBaseUrl,
  tokenCache?: TokenCache,
  onRequest?: (req: TransportRequest) => void,
) {
  const transport = countingTransport();
  transports.push(transport);
  const log: RequestLogEntry[] = [];
  const client = createScimClient({
    baseUrl,
    auth,
    transport: onRequest
      ? (req) => {
          onRequest(req);
          return transport(req);
        }
      : transport,
    logger: (e) => log.push(e),
    retry: false,
    tokenCache,
  });
  const tokenRequests = () =>
    transport.calls.filter((c) => c.path.endsWith('/oauth2/token')).length;
  return { client, transport, log, tokenRequests };
}

const oauth = (over: Partial<Extract<AuthConfig, { type: 'oauth2' }>> = {}): AuthConfig => ({
  type: 'oauth2',
  tokenUrl: team.tokenUrl,
  clientId: team.clientId,
  clientSecret: team.clientSecret,
  scope: team.scope,
  ...over,
});

function expectNoSecret(values: unknown[], secrets: string[]) {
  for (const v of values) {
    const texts = [inspect(v, { depth: 10, showHidden: true }), JSON.stringify(v) ?? ''];
    if (v instanceof Error) texts.push(v.message, v.stack ?? '');
    for (const t of texts) for (const s of secrets) expect(t).not.toContain(s);
  }
}

describe('OAuth 2.0 client credentials', () => {
  it.each(['basic', 'post'] as const)(
    'gets a token with client_secret_%s and reuses it',
    async (clientAuth) => {
      const sent: TransportRequest[] = [];
      const { client, tokenRequests } = make(oauth({ clientAuth }), undefined, undefined, (r) =>
        sent.push(r),
      );
      expect((await client.users.listPage({ count: 2 })).Resources).toHaveLength(2);
      await client.users.listPage({ count: 1 });
      await client.groups.listPage({ count: 1 });
      expect(tokenRequests()).toBe(1);
      // The sandbox takes either form: only the token request shows which one was sent.
      const [req] = sent.filter((r) => r.url.endsWith('/oauth2/token'));
      const basic = /^Basic /.test(req!.headers.authorization ?? '');
      const form = new URLSearchParams(req!.body ?? '');
      expect({ basic, secretInBody: form.has('client_secret') }).toEqual(
        clientAuth === 'basic'
          ? { basic: true, secretInBody: false }
          : { basic: false, secretInBody: true },
      );
    },
  );

  it('sends exactly one token request for 50 concurrent calls', async () => {
    const { client, tokenRequests } = make(oauth());
    const pages = await Promise.all(
      Array.from({ length: 50 }, () => client.users.listPage({ count: 1 })),
    );
    expect(pages.every((p) => p.Resources?.length === 1)).toBe(true);
    expect(tokenRequests()).toBe(1);
  });

  it('shares one token between clients of one TokenCache (one per process, as n8n builds a client per execution)', async () => {
    const cache = new TokenCache();
    const runs = Array.from({ length: 10 }, () => make(oauth(), team.scimBaseUrl, cache));
    await Promise.all(runs.map((r) => r.client.users.listPage({ count: 1 })));
    expect(runs.reduce((n, r) => n + r.tokenRequests(), 0)).toBe(1);
    // Another secret (or client) is another OAuth client: it never gets the cached token.
    const other = make(oauth({ clientSecret: 'wrong' }), team.scimBaseUrl, cache);
    await expect(other.client.users.listPage({ count: 1 })).rejects.toMatchObject({ kind: 'auth' });
    expect(other.tokenRequests()).toBe(1);
    expect(cache.size).toBe(2);
    // A token the server expired is renewed once for all of them.
    sb.expireTokens('acme');
    const later = Array.from({ length: 5 }, () => make(oauth(), team.scimBaseUrl, cache));
    await Promise.all([...runs, ...later].map((r) => r.client.users.listPage({ count: 1 })));
    expect([...runs, ...later].reduce((n, r) => n + r.tokenRequests(), 0)).toBe(2);
  });

  it('refreshes once after the server expired the token, even under concurrency', async () => {
    const { client, tokenRequests } = make(oauth());
    await client.users.listPage({ count: 1 });
    sb.expireTokens('acme');
    await Promise.all(Array.from({ length: 20 }, () => client.users.listPage({ count: 1 })));
    expect(tokenRequests()).toBe(2);
  });

  it('renews a token shortly before it expires, without waiting for a 401', async () => {
    const brief = sb.teams.brief!;
    const { client, tokenRequests, log } = make(
      oauth({
        tokenUrl: brief.tokenUrl,
        clientId: brief.clientId,
        clientSecret: brief.clientSecret,
      }),
      brief.scimBaseUrl,
    );
    await client.users.listPage({ count: 1 });
    await client.users.listPage({ count: 1 });
    expect(tokenRequests()).toBe(1);
    await new Promise((r) => setTimeout(r, 1100)); // 2 s lifetime minus the skew (half of it)
    await client.users.listPage({ count: 1 });
    expect(tokenRequests()).toBe(2);
    expect(log.some((e) => e.status === 401)).toBe(false);
  });

  it('explains a wrong client secret (invalid_client) without revealing it', async () => {
    const secret = 'wrong-secret-0123456789';
    const { client, log } = make(oauth({ clientSecret: secret }));
    const err = await client.users.listPage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'auth', method: 'POST' });
    expect((err as ScimError).hint).toMatch(/client id and secret/);
    expectNoSecret([err, log], [secret]);
  });

  it('explains a missing scope', async () => {
    const { client } = make(oauth({ scope: 'something.else' }));
    const err = (await client.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err.kind).toBe('forbidden');
    expect(err.hint).toMatch(/user-provisioning\.scim/);
  });

  it('explains a token URL that is not a token endpoint', async () => {
    const { client } = make(oauth({ tokenUrl: `${sb.url}/nowhere/oauth2/token` }));
    const err = (await client.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err.hint).toMatch(/does not answer like an OAuth token endpoint|check the token URL/);
  });

  it('explains a host that does not resolve', async () => {
    // Tests stay on loopback, so the DNS failure is acted out by the transport, the way a host's
    // HTTP helper (n8n's) reports it: an Error with code ENOTFOUND.
    const inner = countingTransport();
    transports.push(inner);
    const client = createScimClient({
      baseUrl: team.scimBaseUrl,
      auth: oauth({ tokenUrl: 'https://acme.eu-1.celonis.cloud.example/oauth2/token' }),
      retry: false,
      transport: async (req) => {
        if (new URL(req.url).hostname.endsWith('.example'))
          throw Object.assign(new Error('getaddrinfo ENOTFOUND acme.eu-1.celonis.cloud.example'), {
            code: 'ENOTFOUND',
          });
        return inner(req);
      },
    });
    const err = (await client.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ kind: 'network', code: 'ENOTFOUND', method: 'POST' });
    expect(err.hint).toMatch(/could not be resolved/);
  });

  it('fails with a clear auth error when the refreshed token is refused too', async () => {
    // A token of another team is refused by this team; the client refreshes once, then gives up.
    const other = sb.teams.other!;
    const { client, tokenRequests } = make(
      oauth({
        tokenUrl: other.tokenUrl,
        clientId: other.clientId,
        clientSecret: other.clientSecret,
      }),
    );
    const err = (await client.users.listPage().catch((e: unknown) => e)) as ScimError;
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.hint).toMatch(/belongs to this team/);
    expect(tokenRequests()).toBe(2);
  });
});

describe('static credentials', () => {
  it('uses an API key as Bearer and an application key as AppKey', async () => {
    expect(
      (await make({ type: 'apiKey', apiKey: team.apiKey }).client.users.listPage({ count: 1 }))
        .Resources,
    ).toHaveLength(1);
    expect(
      (await make({ type: 'appKey', appKey: team.appKey }).client.users.listPage({ count: 1 }))
        .Resources,
    ).toHaveLength(1);
    expect(
      (await make({ type: 'bearer', token: team.apiKey }).client.users.listPage({ count: 1 }))
        .Resources,
    ).toHaveLength(1);
  });

  it('refuses a wrong key with a 401 auth error and never shows the key', async () => {
    const key = 'not-a-valid-key-987654321';
    const { client, log } = make({ type: 'appKey', appKey: key });
    const err = await client.users.listPage().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', status: 401 });
    expectNoSecret([err, log], [key]);
  });

  it('rejects empty credentials before any request', () => {
    expect(() => make({ type: 'apiKey', apiKey: '' })).toThrow(/apiKey is empty/);
    expect(() => make(oauth({ clientSecret: '' }))).toThrow(/clientSecret/);
  });
});

describe('secrets never leak', () => {
  it('keeps tokens and secrets out of every error and log line', async () => {
    const { client, log, transport } = make(oauth());
    await client.users.listPage({ count: 1 });
    const errors: unknown[] = [];
    const record = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    await record(client.users.get('does-not-exist'));
    await record(client.users.create({ userName: '' }));
    await record(
      client.users.patch('does-not-exist', [{ op: 'replace', path: 'title', value: 1 }]),
    );
    sb.expireTokens('acme');
    await record(client.users.get('does-not-exist'));
    expect(errors.length).toBe(4);
    expect(transport.tokens.length).toBe(2);
    expectNoSecret(
      [...errors, log],
      [team.clientSecret, ...transport.tokens, team.apiKey, team.appKey],
    );
    expect(JSON.stringify(log)).not.toMatch(/authorization/i);
  });
});
