import type { AuthProvider } from './auth/types.js';
import { brokenText } from './body-check.js';
import { Semaphore } from './concurrency.js';
import { ScimError, isTransient, kindForStatus, redact, type ScimErrorKind } from './errors.js';
import { urlComponentProblem } from './ids.js';
import {
  backoffDelay,
  isIdempotentMethod,
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

export const SCIM_MEDIA_TYPE = 'application/scim+json';

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
 * HttpClient, which knows the attempt number.
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

export interface HttpOptions {
  baseUrl: string;
  auth: AuthProvider;
  transport: Transport;
  timeoutMs: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  userAgent: string;
  logger?: Logger | undefined;
  concurrency: number;
  random?: () => number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  /**
   * GET only. RFC 7644 says `attributes`/`excludedAttributes` shape only the response, but a
   * server that reads them differently on a write stores less than it was sent (seen in the
   * wild: a member PATCH with `excludedAttributes=members` emptied the group). So writes carry
   * no query at all; `HttpClient.request` refuses one.
   */
  query?: Record<string, string | number | undefined>;
  /**
   * Ask the server to answer a write without a body (`Prefer: return=minimal`, RFC 7240) when
   * the caller only needs the status. A header cannot change what is stored; a server that
   * ignores it simply sends the body.
   */
  minimal?: boolean;
  body?: unknown;
  ifMatch?: string | undefined;
  /** Marks a request as safe to repeat although its method alone would not say so. */
  idempotent?: boolean;
}

export interface HttpResult<T> {
  status: number;
  headers: Record<string, string>;
  data: T | undefined;
}

interface Failure {
  error: ScimError;
  outcome: Outcome;
  retryAfterMs?: number | undefined;
}

export class HttpClient {
  private readonly semaphore: Semaphore;
  /** HTTP attempts made (not counting token requests). */
  requestCount = 0;

  constructor(readonly options: HttpOptions) {
    this.semaphore = new Semaphore(options.concurrency);
  }

  /**
   * The request URL. A lone surrogate would make encoding throw a bare URIError, or be replaced
   * by U+FFFD and then name something else: it is refused as a typed error before sending.
   */
  url(path: string, query?: RequestSpec['query'], method = 'GET'): string {
    const refuse = (value: string, what: string, shownPath: string): void => {
      const problem = urlComponentProblem(value, what);
      if (problem) throw new ScimError({ kind: 'invalid', method, path: shownPath, ...problem });
    };
    refuse(path, 'the request path', '{path}');
    const url = new URL(this.options.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      // An empty value is left out, except `cursor=`: RFC 9865's request for the first page.
      if (v === undefined || (v === '' && k !== 'cursor')) continue;
      refuse(String(v), `the query parameter ${k}`, path);
      url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  async request<T>(spec: RequestSpec): Promise<HttpResult<T>> {
    const { retry, sleep, auth } = this.options;
    if (spec.method !== 'GET' && Object.values(spec.query ?? {}).some((v) => v !== undefined))
      throw new Error(
        `${spec.method} ${spec.path}: writes carry no query parameters (a server may apply them to what it stores); this is a defect of the caller.`,
      );
    const idempotent = spec.idempotent ?? isIdempotentMethod(spec.method, !!spec.ifMatch);
    const broken = spec.body === undefined ? undefined : brokenText(spec.body);
    if (broken)
      throw new ScimError({ kind: 'invalid', method: spec.method, path: spec.path, ...broken });
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const url = this.url(spec.path, spec.query, spec.method);
    let refreshed = false;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attemptOnce(spec, url, body, attempt);
      let failure: Failure;
      if ('res' in result) {
        const { res, authHeader } = result;
        if (res.status < 300)
          return {
            status: res.status,
            headers: res.headers,
            data: this.parse<T>(res, spec, attempt),
          };
        // A refused token is renewed once per request; a second refusal is an auth error.
        if (res.status === 401 && !refreshed && auth.invalidate(authHeader)) {
          refreshed = true;
          attempt--;
          continue;
        }
        const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        failure = {
          error: this.errorFrom(res, spec, attempt, retryAfterMs),
          outcome: { type: 'response', status: res.status },
          retryAfterMs,
        };
      } else {
        failure = result;
      }
      const { error, outcome, retryAfterMs } = failure;
      if (attempt > retry.retries || !isRetryable(outcome, idempotent)) throw error;
      const delay = retryAfterMs ?? backoffDelay(retry, attempt, this.options.random);
      if (waited + delay > retry.budgetMs) throw error;
      waited += delay;
      if (delay > 0) await sleep(delay);
    }
  }

  /** One attempt: a response, or the error and what it means for a retry. */
  private async attemptOnce(
    spec: RequestSpec,
    url: string,
    body: string | undefined,
    attempt: number,
  ): Promise<{ res: TransportResponse; authHeader: string | undefined } | Failure> {
    const release = await this.semaphore.acquire();
    const started = performance.now();
    try {
      const authHeader = await this.options.auth.header();
      const res = await this.send(spec, url, body, authHeader);
      this.log(spec, res.status, started, attempt);
      return { res, authHeader };
    } catch (e) {
      if (e instanceof ScimError) {
        // The token request failed: repeating it is harmless when the failure is transient.
        if (!isTransient(e.kind)) throw e;
        return { error: e, outcome: { type: 'error', sent: false } };
      }
      const t = classifyTransportError(e);
      this.log(spec, undefined, started, attempt, t.kind);
      const error = new ScimError({
        kind: t.kind,
        method: spec.method,
        path: spec.path,
        code: t.code,
        attempts: attempt,
        ambiguous: t.sent === 'unknown' && spec.method !== 'GET',
      });
      return { error, outcome: { type: 'error', sent: t.sent } };
    } finally {
      release();
    }
  }

  private async send(
    spec: RequestSpec,
    url: string,
    body: string | undefined,
    authHeader: string | undefined,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = {
      accept: `${SCIM_MEDIA_TYPE}, application/json;q=0.9`,
      'user-agent': this.options.userAgent,
    };
    if (authHeader) headers.authorization = authHeader;
    if (body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE;
    if (spec.ifMatch) headers['if-match'] = spec.ifMatch;
    if (spec.minimal) headers.prefer = 'return=minimal';
    this.requestCount++;
    return this.options.transport({
      method: spec.method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      timeoutMs: this.options.timeoutMs,
    });
  }

  private log(
    spec: RequestSpec,
    status: number | undefined,
    started: number,
    attempt: number,
    error?: ScimErrorKind,
  ): void {
    const logger = this.options.logger;
    if (!logger) return;
    const entry: RequestLogEntry = {
      method: spec.method,
      path: spec.path,
      ms: Math.round(performance.now() - started),
      attempt,
    };
    if (status !== undefined) entry.status = status;
    if (error) entry.error = error;
    try {
      logger(entry);
    } catch {
      // A failing logger must not fail the request.
    }
  }

  private parse<T>(res: TransportResponse, spec: RequestSpec, attempt: number): T | undefined {
    if (!res.body || res.status === 204) return undefined;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new ScimError({
        kind: 'invalid',
        method: spec.method,
        path: spec.path,
        status: res.status,
        attempts: attempt,
        hint: 'The server answered with something other than JSON: check that the base URL points at the SCIM API (e.g. https://<team>.<realm>.celonis.cloud/scim/v2), not at a web page.',
      });
    }
  }

  private errorFrom(
    res: TransportResponse,
    spec: RequestSpec,
    attempt: number,
    retryAfterMs: number | undefined,
  ): ScimError {
    let scimType: string | undefined;
    let detail: string | undefined;
    try {
      const parsed = JSON.parse(res.body) as {
        scimType?: unknown;
        detail?: unknown;
        error?: unknown;
        message?: unknown;
      };
      if (typeof parsed.scimType === 'string') scimType = parsed.scimType;
      const d = parsed.detail ?? parsed.message ?? parsed.error;
      if (typeof d === 'string') detail = d;
    } catch {
      // Not JSON (an HTML error page): keep only the status.
    }
    if (detail) detail = redact(detail, this.options.auth.secrets()).slice(0, 500);
    const looksLikeWrongUrl = res.status === 404 && !/^\s*[{[]/.test(res.body);
    return new ScimError({
      kind: kindForStatus(res.status, scimType),
      method: spec.method,
      path: spec.path,
      status: res.status,
      scimType,
      detail,
      attempts: attempt,
      retryAfterMs,
      hint: looksLikeWrongUrl
        ? `The server has no SCIM endpoint at ${new URL(this.options.baseUrl).pathname}${spec.path}: check the base URL (for Celonis: https://<team>.<realm>.celonis.cloud/scim/v2) and that SCIM is enabled for the team.`
        : undefined,
    });
  }
}
