import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ScimError,
  createScimClient,
  type AuthConfig,
  type RequestLogEntry,
  type ScimClientOptions,
  type Transport,
} from '../src/node.js';
import {
  countingTransport,
  selfSignedHttpsServer,
  startSandbox,
  type Sandbox,
  type Team,
} from './helpers.js';

// Security edge cases of the client against the real sandbox (and a real HTTPS server).

const SECRET = `SECRET-CANARY-${process.pid}-7f3a9c`;
const APIKEY = `APIKEY-CANARY-${process.pid}-51d2e8`;
const APPKEY = `APPKEY-CANARY-${process.pid}-0b44aa`;

let sb: Sandbox;
let A: Team;
let B: Team;
let brief: Team;
const closers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'teama', clientSecret: SECRET, apiKey: APIKEY, appKey: APPKEY },
      { name: 'teamb' },
      { name: 'brief', tokenTtlSeconds: 1 },
    ],
    seed: { users: 3, groups: 1, seed: 3 },
  });
  A = sb.teams.teama!;
  B = sb.teams.teamb!;
  brief = sb.teams.brief!;
});
afterAll(async () => {
  for (const c of closers) await c.close();
  await sb?.close();
});

const oauth = (team: Team, extra: Partial<AuthConfig & { type: 'oauth2' }> = {}): AuthConfig => ({
  type: 'oauth2',
  tokenUrl: team.tokenUrl,
  clientId: team.clientId,
  clientSecret: team.clientSecret,
  scope: team.scope,
  ...extra,
});

/** A client over a counting transport; `wrap` may alter requests/responses on the way. */
function make(
  team: Team,
  auth: AuthConfig,
  wrap?: (inner: Transport) => Transport,
  extra: Partial<ScimClientOptions> = {},
) {
  const counting = countingTransport();
  closers.push(counting);
  const log: RequestLogEntry[] = [];
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth,
    transport: wrap ? wrap(counting) : counting,
    logger: (e) => log.push(e),
    sleep: async () => {},
    ...extra,
  });
  const tokenCalls = () => counting.calls.filter((c) => c.path.endsWith('/oauth2/token')).length;
  const scimCalls = () => counting.calls.filter((c) => c.path.includes('/scim/v2')).length;
  return { client, log, counting, tokenCalls, scimCalls };
}

const failure = async (p: Promise<unknown>): Promise<ScimError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ScimError);
  return e as ScimError;
};

describe('OAuth edge cases', () => {
  it('refreshes an expired token once and the call succeeds', async () => {
    const { client, tokenCalls, scimCalls } = make(A, oauth(A));
    await client.discover();
    await client.users.listPage({ count: 1 });
    expect([tokenCalls(), scimCalls()]).toEqual([1, 4]); // 3 discovery documents + 1 page
    sb.expireTokens('teama');
    const page = await client.users.listPage({ count: 1 });
    expect(page.Resources).toHaveLength(1);
    expect(tokenCalls()).toBe(2);
    expect(scimCalls()).toBe(6); // + the refused call and its one repetition
  });

  it('fails clearly after exactly one refresh when every new token is refused', async () => {
    // Tokens are revoked as soon as they are issued: the credential works at the token endpoint
    // but never at the API.
    const revoking =
      (inner: Transport): Transport =>
      async (req) => {
        const res = await inner(req);
        if (req.url.endsWith('/oauth2/token')) sb.expireTokens('teama');
        return res;
      };
    const { client, tokenCalls, scimCalls } = make(A, oauth(A), revoking);
    // Discovery sends its 3 documents concurrently: they share one refresh, each is sent twice.
    const err = await failure(client.users.listPage({ count: 1 }));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.hint).toBeTruthy();
    expect(tokenCalls()).toBe(2);
    expect(scimCalls()).toBe(6);
    // The next call does the same bounded dance, never more.
    const again = await failure(client.users.get('x'));
    expect(again.kind).toBe('auth');
    expect(tokenCalls()).toBe(3);
    expect(scimCalls()).toBe(8); // discovery is not needed for a get: 1 call, repeated once
  });

  it('fails clearly after one refresh when the secret stops working (rotated)', async () => {
    let issued = 0;
    const rotated =
      (inner: Transport): Transport =>
      async (req) => {
        if (req.url.endsWith('/oauth2/token') && issued++ > 0) {
          const bad = Buffer.from(`${A.clientId}:rotated-away`).toString('base64');
          return inner({ ...req, headers: { ...req.headers, authorization: `Basic ${bad}` } });
        }
        return inner(req);
      };
    const { client, tokenCalls, scimCalls } = make(A, oauth(A), rotated);
    await client.discover();
    await client.users.listPage({ count: 1 });
    sb.expireTokens('teama');
    const err = await failure(client.users.listPage({ count: 1 }));
    expect(err.kind).toBe('auth');
    expect(err.detail).toContain('invalid_client');
    expect(err.hint).toMatch(/client id and secret/);
    expect(tokenCalls()).toBe(2);
    expect(scimCalls()).toBe(5); // 3 discovery + 1 page + the refused call, not repeated
  });

  it("refuses team A's token used against team B with kind 'auth' and a hint", async () => {
    const a = make(A, oauth(A));
    await a.client.users.listPage({ count: 1 });
    const token = a.counting.tokens.at(-1)!;
    const { client, scimCalls, tokenCalls } = make(B, { type: 'bearer', token });
    const err = await failure(client.users.listPage({ count: 1 }));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.hint).toMatch(/belongs to this team/);
    expect(String(err.message)).not.toContain(token);
    expect(inspect(err)).not.toContain(token);
    // The 3 discovery documents, each refused once: a static token cannot be refreshed.
    expect(scimCalls()).toBe(3);
    expect(tokenCalls()).toBe(0);
  });

  it('reports an id of team B read or changed through team A as not found, with a hint', async () => {
    const b = make(B, { type: 'apiKey', apiKey: B.apiKey });
    const victim = (await b.client.users.listPage({ count: 1 })).Resources?.[0];
    const id = victim?.id;
    if (!id) throw new Error('team B has no seeded user');
    const { client } = make(A, oauth(A));
    for (const call of [
      () => client.users.get(id),
      () => client.users.deactivate(id),
      () => client.users.delete(id),
    ]) {
      const err = await failure(call());
      expect(err.kind).toBe('notFound');
      expect(err.hint).toMatch(/another team/);
    }
    expect(await b.client.users.get(id)).toEqual(victim);
  });

  it('does not send a token request per call when the token lives 1 second', async () => {
    const { client, tokenCalls, scimCalls } = make(brief, oauth(brief));
    await client.discover();
    const started = Date.now();
    for (let i = 0; i < 30; i++) await client.users.listPage({ count: 1 });
    const elapsed = Date.now() - started;
    // The client renews half-way through the 1 s lifetime: at most one token per 0.5 s.
    expect(tokenCalls()).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    expect(tokenCalls()).toBeLessThan(30);
    // 3 discovery + 30; on a very busy machine a request may arrive after its token ended, and is
    // then sent once more with the renewed token, never more.
    expect(scimCalls()).toBeGreaterThanOrEqual(33);
    expect(scimCalls()).toBeLessThanOrEqual(33 + tokenCalls());
  });

  it.each([0, -5, 'soon', null])(
    'does not storm the token endpoint when expires_in is %s',
    async (value) => {
      const odd =
        (inner: Transport): Transport =>
        async (req) => {
          const res = await inner(req);
          if (!req.url.endsWith('/oauth2/token') || res.status !== 200) return res;
          const body = JSON.parse(res.body) as Record<string, unknown>;
          return { ...res, body: JSON.stringify({ ...body, expires_in: value }) };
        };
      const { client, tokenCalls, scimCalls } = make(A, oauth(A), odd);
      for (let i = 0; i < 10; i++) await client.users.listPage({ count: 1 });
      expect(tokenCalls()).toBe(1);
      expect(scimCalls()).toBe(13); // 3 discovery + 10
    },
  );
});

describe('TLS', () => {
  let server: Awaited<ReturnType<typeof selfSignedHttpsServer>>;
  let base: string;
  let cert: string;

  beforeAll(async () => {
    server = await selfSignedHttpsServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 0,
          startIndex: 1,
          itemsPerPage: 0,
          Resources: [],
        }),
      );
    });
    base = `${server.url}/scim/v2`;
    cert = server.cert;
  });
  afterAll(async () => server?.close());

  const client = (tls?: { rejectUnauthorized?: boolean; ca?: string }) =>
    createScimClient({
      baseUrl: base,
      auth: { type: 'bearer', token: 'tls-test-token' },
      retry: false,
      transportOptions: { proxy: false, ...(tls ? { tls } : {}) },
    });

  it('refuses a self-signed certificate by default with a clear error', async () => {
    const err = await failure(client().users.listPage({ count: 1 }));
    expect(err.kind).toBe('network');
    expect(err.hint).toMatch(/certificate/i);
    expect(err.message).toMatch(/certificate|SELF_SIGNED/i);
  });

  it('accepts it only with the explicit tls option (rejectUnauthorized: false or its ca)', async () => {
    expect(
      (await client({})
        .users.listPage({ count: 1 })
        .catch((e: unknown) => e)) instanceof ScimError,
    ).toBe(true);
    expect(
      (await client({ rejectUnauthorized: false }).users.listPage({ count: 1 })).totalResults,
    ).toBe(0);
    expect((await client({ ca: cert }).users.listPage({ count: 1 })).totalResults).toBe(0);
  });
});

describe('secrets never leak', () => {
  it('keeps the client secret, API key, app key and tokens out of logs, errors and output', async () => {
    const printed: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture =
      (orig: typeof out) =>
      (chunk: unknown, ...rest: unknown[]): boolean => {
        printed.push(String(chunk));
        return (orig as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
      };
    process.stdout.write = capture(out) as typeof process.stdout.write;
    process.stderr.write = capture(err) as typeof process.stderr.write;
    const errors: unknown[] = [];
    const logs: RequestLogEntry[][] = [];
    const tokens: string[] = [];
    const record = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    try {
      // A token endpoint and an API that echo the client's credentials in their error texts.
      const echoing =
        (own: string) =>
        (inner: Transport): Transport =>
        async (req) => {
          const res = await inner(req);
          if (res.status < 400) return res;
          const body = JSON.parse(res.body) as Record<string, unknown>;
          const said = `${req.headers.authorization ?? ''} ${own}`;
          return {
            ...res,
            body: JSON.stringify({ ...body, detail: said, error_description: said }),
          };
        };
      const good = make(A, oauth(A), echoing(SECRET));
      logs.push(good.log);
      await good.client.users.listPage({ count: 1 });
      await record(good.client.users.get('does-not-exist'));
      await record(good.client.users.create({ userName: '' }));
      await record(good.client.groups.patch('nope', [{ op: 'add', path: 'members', value: [] }]));
      sb.expireTokens('teama');
      await good.client.users.listPage({ count: 1 });
      tokens.push(...good.counting.tokens);

      const wrongSecret = make(
        A,
        oauth(A, { clientSecret: `${SECRET}-wrong` }),
        echoing(`${SECRET}-wrong`),
      );
      logs.push(wrongSecret.log);
      await record(wrongSecret.client.users.listPage({ count: 1 }));
      const post = make(A, oauth(A, { clientAuth: 'post', scope: 'other' }), echoing(SECRET));
      logs.push(post.log);
      await record(post.client.users.listPage({ count: 1 }));
      for (const [auth, own] of [
        [{ type: 'apiKey', apiKey: APIKEY }, APIKEY],
        [{ type: 'appKey', appKey: APPKEY }, APPKEY],
      ] as Array<[AuthConfig, string]>) {
        const echo = echoing(own);
        const ok = make(A, auth, echo);
        logs.push(ok.log);
        await ok.client.users.listPage({ count: 1 });
        await record(ok.client.users.get('does-not-exist'));
        const wrongTeam = make(B, auth, echo);
        logs.push(wrongTeam.log);
        await record(wrongTeam.client.users.listPage({ count: 1 }));
      }
      const down = make(A, oauth(A), undefined, {
        baseUrl: 'http://127.0.0.1:1/scim/v2',
        retry: false,
      });
      await record(
        createScimClient({
          baseUrl: 'http://127.0.0.1:1/scim/v2',
          auth: { type: 'apiKey', apiKey: APIKEY },
          retry: false,
          transportOptions: { proxy: false },
        }).users.listPage(),
      );
      logs.push(down.log);
      await record(down.client.users.listPage());
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(errors.length).toBe(11);
    expect(tokens.length).toBe(2);
    // The Basic credential is the secret too, only encoded.
    const basic = Buffer.from(`${A.clientId}:${SECRET}`).toString('base64');
    const secrets = [SECRET, APIKEY, APPKEY, basic, ...tokens];
    const texts: string[] = [...printed, JSON.stringify(logs), inspect(logs, { depth: 10 })];
    for (const e of errors) {
      texts.push(inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e) ?? '');
      if (e instanceof Error) {
        texts.push(e.message, e.stack ?? '');
        const cause = (e as { cause?: unknown }).cause;
        if (cause !== undefined) texts.push(inspect(cause, { depth: 10 }), String(cause));
      }
    }
    // Failures name the secret's position only, so a failing run does not print it either.
    const leaks = texts.flatMap((t, i) =>
      secrets.flatMap((s, j) => (t.includes(s) ? [`text ${i} holds secret ${j}`] : [])),
    );
    expect(leaks).toEqual([]);
    // The checks above ran against real, non-empty material.
    expect(errors.every((e) => e instanceof ScimError)).toBe(true);
    expect(logs.flat().length).toBeGreaterThan(10);
    const details = errors.map((e) => String((e as ScimError).detail));
    expect(details.filter((d) => d.includes('[redacted]')).length).toBeGreaterThan(5);
  });
});
