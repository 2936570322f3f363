import type { IncomingMessage, ServerResponse } from 'node:http';
import { celonisErrorReply } from './celonis/errors.js';
import { badRequest, HttpError } from './errors.js';
import type { TeamConfig } from './types.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/** Reads the request body, refusing more than `limit` bytes with 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(
          new HttpError(413, 'tooLarge', `The request body exceeds the limit of ${limit} bytes.`),
        );
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // A client that leaves mid-body is its fault, not the server's: a 400, never a 500.
    const early = () =>
      badRequest(
        'invalidSyntax',
        'The request body ended before its declared length; send the whole body.',
      );
    req.on('error', () => {
      if (!failed) reject(early());
    });
    req.on('close', () => {
      if (!failed && !req.complete) reject(early());
    });
  });
}

/** How long the HTTP layer waits for slow or idle clients, in milliseconds. */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * Short enough that a client stuck half-way through its request line cannot hold a socket for
 * long, generous enough for a client on a slow machine or a debugger paused between requests.
 */
export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

// Node's timers take at most a signed 32-bit number of milliseconds (about 24.8 days).
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Resolves and checks the timeouts; `label` names an option in the error (the CLI passes its
 * flag names). Throws a RangeError that says which value is wrong and what is allowed.
 */
export function resolveTimeouts(
  given: Partial<Record<keyof HttpTimeouts, number | undefined>>,
  label: (key: keyof HttpTimeouts) => string = (k) => k,
): HttpTimeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as Array<keyof HttpTimeouts>) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_TIMEOUT_MS) {
      throw new RangeError(
        `${label(key)} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(v)}.`,
      );
    }
    out[key] = v;
  }
  // Node refuses a headers timeout above the request timeout: the headers are part of the request.
  if (out.headersTimeoutMs > out.requestTimeoutMs) {
    throw new RangeError(
      `${label('headersTimeoutMs')} (${out.headersTimeoutMs} ms) must not exceed ${label('requestTimeoutMs')} (${out.requestTimeoutMs} ms): the headers are part of the request; raise the request timeout or lower the headers timeout.`,
    );
  }
  return out;
}

/**
 * Node enforces the headers and request timeouts only when it sweeps its connections, every
 * `connectionsCheckingInterval` (30 s by default), so a 300 ms timeout would fire up to 30 s late.
 * Sweeping at a quarter of the shorter timeout keeps the cut-off within 25 % of the setting;
 * the bounds keep the sweep from spinning (10 ms) and from lagging (1 s).
 */
export function checkingIntervalMs(t: HttpTimeouts): number {
  const shorter = Math.min(t.headersTimeoutMs, t.requestTimeoutMs);
  return Math.min(1000, Math.max(10, Math.floor(shorter / 4)));
}

export function parseJson(text: string): unknown {
  if (text.trim() === '')
    throw badRequest('invalidSyntax', 'The request body is empty; a JSON object is expected.');
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw badRequest('invalidSyntax', `The request body is not valid JSON (${why}).`);
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = reply.contentType ?? SCIM_CONTENT_TYPE;
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** An error as the team's profile answers it (no team: the URL named none, the RFC shape). */
export function errorReply(e: unknown, team?: TeamConfig): Reply {
  if (team?.profile === 'celonis') return celonisErrorReply(e);
  if (e instanceof HttpError) return { status: e.status, body: e.body(), headers: e.headers };
  const err = new HttpError(500, undefined, 'Internal error in the sandbox; see its log.');
  return { status: 500, body: err.body() };
}

/** Integer query parameter, or a 400 that says which one is wrong. */
export function intParam(
  q: URLSearchParams | Record<string, unknown>,
  name: string,
): number | undefined {
  const raw = q instanceof URLSearchParams ? (q.get(name) ?? undefined) : q[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n))
    throw badRequest('invalidValue', `${name} must be an integer, got ${JSON.stringify(raw)}.`);
  return n;
}
