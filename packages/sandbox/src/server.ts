import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Auth } from './auth.js';
import { supportIdOf } from './celonis/errors.js';
import type { CelonisProfile } from './celonis/profile.js';
import { MAX_BULK_PAYLOAD } from './discovery.js';
import { HttpError, notFound } from './errors.js';
import type { Faults } from './faults.js';
import { errorReply, parseJson, readBody, send, type Reply } from './http.js';
import { scimRoute, type ScimRequest } from './routes.js';
import type { Service } from './service.js';
import type { FaultOptions, SandboxStats, TeamConfig } from './types.js';

export interface ServerContext {
  teams: Map<string, TeamConfig>;
  service: Service;
  auth: Auth;
  faults: Faults;
  stats: SandboxStats;
  url: () => string;
  log: (line: string) => void;
  bulk: (r: ScimRequest) => Reply;
  celonis: CelonisProfile;
}

/** What a request learns on its way that shapes every answer: the team, rate-limit headers. */
interface Scope {
  team?: TeamConfig;
  headers: Record<string, string>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a request is a SCIM write to a team (the kind `SandboxStats.writes` counts). */
function scimWrite(
  ctx: ServerContext,
  method: string,
  pathname: string,
): keyof SandboxStats['writes'] | undefined {
  if (!WRITES.has(method)) return undefined;
  const seg = segments(pathname);
  if (!ctx.teams.has(seg[0] ?? '') || seg[1] !== 'scim' || seg[2] !== 'v2') return undefined;
  if (seg.includes('.search')) return undefined;
  return method as keyof SandboxStats['writes'];
}
const BODY_LIMIT = MAX_BULK_PAYLOAD + 64 * 1024;

function segments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return undefined;
  return parseJson(await readBody(req, BODY_LIMIT));
}

/** The request handler: routing by team, faults, auth, one log line per request. */
export function createHandler(ctx: ServerContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const write = scimWrite(ctx, method, url.pathname);
    const count = () => {
      ctx.stats.requests++;
      if (write) ctx.stats.writes[write]++;
    };
    const finish = (status: number | 'dropped') => {
      const ms = (performance.now() - started).toFixed(1);
      ctx.log(`${method} ${url.pathname} ${status} ${ms}ms`);
    };
    const scope: Scope = { headers: {} };
    const reply = (r: Reply) => {
      count();
      ctx.stats.byStatus[r.status] = (ctx.stats.byStatus[r.status] ?? 0) + 1;
      send(res, { ...r, headers: { ...scope.headers, ...r.headers } });
      finish(r.status);
    };
    const drop = () => {
      count();
      req.socket.destroy();
      finish('dropped');
    };
    handle(ctx, req, method, url, drop, scope)
      .then((r) => {
        if (r) reply(r);
      })
      .catch((e: unknown) => {
        const r = errorReply(e, scope.team);
        if (r.status === 500) {
          const id = supportIdOf(r);
          const stack = e instanceof Error ? e.stack : String(e);
          ctx.log(`error${id ? ` (Celonis Support ID ${id})` : ''}: ${stack}`);
        }
        if (!res.headersSent) reply(r);
      });
  };
}

async function handle(
  ctx: ServerContext,
  req: IncomingMessage,
  method: string,
  url: URL,
  drop: () => void,
  scope: Scope,
): Promise<Reply | undefined> {
  let seg = segments(url.pathname);
  if (seg[0] === '_sandbox') return control(ctx, req, method, seg.slice(1), url);
  const team = seg[0] === undefined ? undefined : ctx.teams.get(seg[0]);
  if (!team) {
    throw notFound(
      `Unknown team ${JSON.stringify(seg[0] ?? '')}; teams: ${[...ctx.teams.keys()].join(', ')}.`,
    );
  }
  const teamUrl = `${ctx.url()}/${team.name}`;
  if (seg[1] === 'oauth2' && seg[2] === 'token' && seg.length === 3) {
    if (method !== 'POST') throw new HttpError(405, undefined, 'Use POST for the token endpoint.');
    const text = await readBody(req, 64 * 1024);
    const form = (req.headers['content-type'] ?? '').includes('json')
      ? new URLSearchParams(parseJson(text) as Record<string, string>)
      : new URLSearchParams(text);
    // Azure's form for Celonis puts the scope in the token URL's query.
    const urlScope = url.searchParams.get('scope');
    if (team.profile === 'celonis' && !form.has('scope') && urlScope) form.set('scope', urlScope);
    const out = ctx.auth.token(team, req.headers.authorization, form);
    const headers = { 'Cache-Control': 'no-store' };
    if ('error' in out) {
      return {
        status: out.error.status,
        body: out.error.body,
        headers,
        contentType: 'application/json',
      };
    }
    return { status: 200, body: out.ok, headers, contentType: 'application/json' };
  }
  // The Celonis OpenAPI also names the server /user-provisioning, with the same /scim/v2 paths.
  const prefix =
    team.profile === 'celonis' && seg[1] === 'user-provisioning' ? '/user-provisioning' : '';
  if (prefix) seg = [seg[0]!, ...seg.slice(2)];
  if (seg[1] !== 'scim' || seg[2] !== 'v2') {
    throw notFound(`No endpoint ${url.pathname}; SCIM lives under ${teamUrl}/scim/v2.`);
  }
  scope.team = team;
  Object.assign(scope.headers, ctx.celonis.limiter.take(team));
  const isWrite = WRITES.has(method) && !seg.includes('.search');
  const latency = ctx.faults.latency();
  if (latency > 0) await sleep(latency);
  const fault = ctx.faults.decide(isWrite);
  if (fault === 'rate429') {
    const after = String(ctx.faults.options.retryAfterSeconds);
    throw new HttpError(429, undefined, 'Too many requests (injected fault); retry later.', {
      'Retry-After': after,
    });
  }
  if (fault === 'rate503') {
    throw new HttpError(503, undefined, 'Service unavailable (injected fault).', {
      'Retry-After': '1',
    });
  }
  if (fault === 'dropBeforeWrite') {
    drop();
    return undefined;
  }
  ctx.celonis.admit(ctx.auth, team, req.headers.authorization);
  ctx.celonis.maybeFail(team);
  const body = await jsonBody(req);
  const ifMatch = req.headers['if-match'];
  const prefer = req.headers.prefer;
  const scimReq: ScimRequest = {
    team,
    base: `${teamUrl}${prefix}/scim/v2`,
    method,
    path: seg.slice(3),
    query: url.searchParams,
    body,
    ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch,
    minimal: /(^|[,;\s])return=minimal($|[,;\s])/i.test([prefer ?? ''].flat().join(',')),
  };
  const out = scimRoute(ctx.service, scimReq, ctx.bulk);
  if (fault === 'dropAfterWrite') {
    drop();
    return undefined;
  }
  return out;
}

/** `/_sandbox/*`: run-time controls for tests and demos (never faulted). */
async function control(
  ctx: ServerContext,
  req: IncomingMessage,
  method: string,
  seg: string[],
  url: URL,
): Promise<Reply> {
  const what = seg.join('/');
  const celonis = ctx.celonis.control(method, what, url, ctx.teams);
  if (celonis) return celonis;
  if (what === 'faults' && method === 'POST') {
    const body = parseJson(await readBody(req, 64 * 1024)) as FaultOptions;
    try {
      ctx.faults.set(body);
    } catch (e) {
      throw new HttpError(400, 'invalidValue', e instanceof Error ? e.message : String(e));
    }
    return { status: 200, body: ctx.faults.options, contentType: 'application/json' };
  }
  if (what === 'faults' && method === 'DELETE') {
    ctx.faults.reset();
    return { status: 200, body: ctx.faults.options, contentType: 'application/json' };
  }
  if (what === 'faults' && method === 'GET') {
    return { status: 200, body: ctx.faults.options, contentType: 'application/json' };
  }
  if (what === 'stats' && method === 'GET') {
    return { status: 200, body: ctx.stats, contentType: 'application/json' };
  }
  if (what === 'expire-tokens' && method === 'POST') {
    ctx.auth.expire(url.searchParams.get('team') ?? undefined);
    return { status: 204 };
  }
  if (what === 'health' && method === 'GET') {
    return {
      status: 200,
      body: { ok: true, teams: [...ctx.teams.keys()] },
      contentType: 'application/json',
    };
  }
  throw notFound(`No control endpoint ${method} /_sandbox/${what}.`);
}
