import type { AuthProvider } from './auth/types.js';
import { brokenText } from './body-check.js';
import { Semaphore } from './concurrency.js';
import { ScimError, kindForStatus, redact } from './errors.js';
import { urlComponentProblem } from './ids.js';
import {
  authorized,
  classified,
  limited,
  logged,
  retrying,
  sending,
  type Call,
  type Logger,
} from './pipeline.js';
import { isIdempotentMethod, type RetryPolicy } from './retry/index.js';
import type { Transport, TransportResponse } from './transport/types.js';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

export { loggedTransport, type Logger, type RequestLogEntry } from './pipeline.js';

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

export class HttpClient {
  /** HTTP attempts made (not counting token requests). */
  requestCount = 0;
  private readonly pipeline: (call: Omit<Call, 'attempt'>) => Promise<TransportResponse>;

  constructor(readonly options: HttpOptions) {
    const o = options;
    const send = sending(o.transport, o.timeoutMs, () => this.requestCount++);
    this.pipeline = retrying(
      o.retry,
      o.sleep,
      o.random,
    )(
      classified((res, call, retryAfterMs) =>
        this.errorFrom(res, call.method, call.path, call.attempt, retryAfterMs),
      )(limited(new Semaphore(o.concurrency))(authorized(o.auth)(logged(o.logger)(send)))),
    );
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

  /** Checks the request, sends it through the pipeline and reads the answer. */
  async request<T>(spec: RequestSpec): Promise<HttpResult<T>> {
    if (spec.method !== 'GET' && Object.values(spec.query ?? {}).some((v) => v !== undefined))
      throw new Error(
        `${spec.method} ${spec.path}: writes carry no query parameters (a server may apply them to what it stores); this is a defect of the caller.`,
      );
    const broken = spec.body === undefined ? undefined : brokenText(spec.body);
    if (broken)
      throw new ScimError({ kind: 'invalid', method: spec.method, path: spec.path, ...broken });
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const url = this.url(spec.path, spec.query, spec.method);
    const headers: Record<string, string> = {
      accept: `${SCIM_MEDIA_TYPE}, application/json;q=0.9`,
      'user-agent': this.options.userAgent,
    };
    if (body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE;
    if (spec.ifMatch) headers['if-match'] = spec.ifMatch;
    if (spec.minimal) headers.prefer = 'return=minimal';
    const request = { tokenRenewed: false };
    const res = await this.pipeline({
      method: spec.method,
      path: spec.path,
      url,
      headers,
      body,
      idempotent: spec.idempotent ?? isIdempotentMethod(spec.method, !!spec.ifMatch),
      request,
    });
    return { status: res.status, headers: res.headers, data: this.parse<T>(res, spec) };
  }

  private parse<T>(res: TransportResponse, spec: RequestSpec): T | undefined {
    if (!res.body || res.status === 204) return undefined;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new ScimError({
        kind: 'invalid',
        method: spec.method,
        path: spec.path,
        status: res.status,
        hint: 'The server answered with something other than JSON: check that the base URL points at the SCIM API (e.g. https://<team>.<realm>.celonis.cloud/scim/v2), not at a web page.',
      });
    }
  }

  private errorFrom(
    res: TransportResponse,
    method: string,
    path: string,
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
      method,
      path,
      status: res.status,
      scimType,
      detail,
      attempts: attempt,
      retryAfterMs,
      hint: looksLikeWrongUrl
        ? `The server has no SCIM endpoint at ${new URL(this.options.baseUrl).pathname}${path}: check the base URL (for Celonis: https://<team>.<realm>.celonis.cloud/scim/v2) and that SCIM is enabled for the team.`
        : undefined,
    });
  }
}
