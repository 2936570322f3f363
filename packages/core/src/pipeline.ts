import type { AuthProvider } from './auth/types.js';
import type { Semaphore } from './concurrency.js';
import { ScimError, isTransient, type ScimErrorKind } from './errors.js';
import {
  backoffDelay,
  isRetryable,
  parseRetryAfter,
  type Outcome,
  type RetryPolicy,
} from './retry/index.js';
import {
  classifyTransportError,
  type Transport,
  type TransportResponse,
} from './transport/types.js';

/**
 * The request pipeline: small stages around the transport, each with one concern, in the manner
 * of undici's interceptors. `HttpClient` composes them as
 *
 *   retrying( classified( limited( authorized( logged( sending(transport) )))))
 *
 * An attempt goes in; a response or a failure (the typed error and what it means for a retry)
 * comes out. Only `retrying` loops over attempts; only `authorized` knows about tokens.
 */

/** What a stage needs to know about the request, beyond the HTTP parts. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the base URL; used in errors and logs, never the full URL. */
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Safe to repeat (by method, If-Match, or the caller's word). */
  idempotent: boolean;
  /** 1-based, as logged and reported in errors. */
  attempt: number;
  /** State shared by the attempts of one request. */
  request: { tokenRenewed: boolean };
}

export interface Failure {
  error: ScimError;
  outcome: Outcome;
  retryAfterMs?: number | undefined;
}

export type Answer = { res: TransportResponse } | { failure: Failure };
export type Stage = (call: Call) => Promise<Answer>;

/** The innermost stage: the transport, with its errors classified (was the request sent?). */
export function sending(transport: Transport, timeoutMs: number, onSend: () => void): Stage {
  return async (call) => {
    onSend();
    try {
      const res = await transport({
        method: call.method,
        url: call.url,
        headers: call.headers,
        ...(call.body !== undefined ? { body: call.body } : {}),
        timeoutMs,
      });
      return { res };
    } catch (e) {
      const t = classifyTransportError(e);
      const error = new ScimError({
        kind: t.kind,
        method: call.method,
        path: call.path,
        code: t.code,
        attempts: call.attempt,
        ambiguous: t.sent === 'unknown' && call.method !== 'GET',
      });
      return { failure: { error, outcome: { type: 'error', sent: t.sent } } };
    }
  };
}

/** One entry per HTTP attempt. Never carries headers or bodies. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status?: number;
  ms: number;
  attempt: number;
  error?: ScimErrorKind;
}
export type Logger = (entry: RequestLogEntry) => void;

/**
 * A transport that logs each request it sends as one attempt (method, path, status, time; never
 * headers or bodies). The token requests take this wrapper; SCIM requests are logged by the
 * `logged` stage, which knows the attempt number.
 */
export function loggedTransport(transport: Transport, logger: Logger): Transport {
  return async (req) => {
    const started = performance.now();
    const entry = (): RequestLogEntry => ({
      method: req.method,
      path: new URL(req.url).pathname,
      ms: Math.round(performance.now() - started),
      attempt: 1,
    });
    try {
      const res = await transport(req);
      logger({ ...entry(), status: res.status });
      return res;
    } catch (e) {
      logger({ ...entry(), error: 'network' });
      throw e;
    }
  };
}

/** Logs each attempt that reached the transport; a failing logger never fails the request. */
export function logged(logger: Logger | undefined) {
  return (next: Stage): Stage =>
    logger
      ? async (call) => {
          const started = performance.now();
          const answer = await next(call);
          const entry: RequestLogEntry = {
            method: call.method,
            path: call.path,
            ms: Math.round(performance.now() - started),
            attempt: call.attempt,
          };
          if ('res' in answer) entry.status = answer.res.status;
          else entry.error = answer.failure.error.kind;
          try {
            logger(entry);
          } catch {
            // A failing logger must not fail the request.
          }
          return answer;
        }
      : next;
}

/**
 * Adds the Authorization header. A token request that failed transiently is a failure the
 * retry stage may repeat; any other is thrown. A 401 renews the token once per request and
 * repeats the attempt (under the same number); a second 401 is the caller's auth error.
 */
export function authorized(auth: AuthProvider) {
  return (next: Stage): Stage =>
    async (call) => {
      for (;;) {
        let header: string | undefined;
        try {
          header = await auth.header();
        } catch (e) {
          if (!(e instanceof ScimError) || !isTransient(e.kind)) throw e;
          return { failure: { error: e, outcome: { type: 'error', sent: false } } };
        }
        const headers = header ? { ...call.headers, authorization: header } : call.headers;
        const answer = await next({ ...call, headers });
        if (
          'res' in answer &&
          answer.res.status === 401 &&
          !call.request.tokenRenewed &&
          auth.invalidate(header)
        ) {
          call.request.tokenRenewed = true;
          continue;
        }
        return answer;
      }
    };
}

/** At most `concurrency` attempts in flight across the client (token requests included). */
export function limited(semaphore: Semaphore) {
  return (next: Stage): Stage =>
    async (call) => {
      const release = await semaphore.acquire();
      try {
        return await next(call);
      } finally {
        release();
      }
    };
}

/** Turns an answer of 300 or more into the typed error, with the server's Retry-After. */
export function classified(
  errorFrom: (res: TransportResponse, call: Call, retryAfterMs: number | undefined) => ScimError,
) {
  return (next: Stage): Stage =>
    async (call) => {
      const answer = await next(call);
      if ('failure' in answer || answer.res.status < 300) return answer;
      const retryAfterMs = parseRetryAfter(answer.res.headers['retry-after']);
      return {
        failure: {
          error: errorFrom(answer.res, call, retryAfterMs),
          outcome: { type: 'response', status: answer.res.status },
          retryAfterMs,
        },
      };
    };
}

/**
 * Repeats an attempt while the failure allows it (429/503, a request that provably was not
 * sent, or any transient failure of a request safe to repeat), waiting Retry-After or the
 * backoff, within the retry budget. Returns the response or throws the last typed error.
 */
export function retrying(
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
  random?: () => number,
) {
  return (next: Stage) =>
    async (call: Omit<Call, 'attempt'>): Promise<TransportResponse> => {
      let waited = 0;
      for (let attempt = 1; ; attempt++) {
        const answer = await next({ ...call, attempt });
        if ('res' in answer) return answer.res;
        const { error, outcome, retryAfterMs } = answer.failure;
        if (attempt > policy.retries || !isRetryable(outcome, call.idempotent)) throw error;
        const delay = retryAfterMs ?? backoffDelay(policy, attempt, random);
        if (waited + delay > policy.budgetMs) throw error;
        waited += delay;
        if (delay > 0) await sleep(delay);
      }
    };
}
