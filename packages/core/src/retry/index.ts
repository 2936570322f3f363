/**
 * When to retry and how long to wait. A request is retried only where a repeat cannot apply a
 * write twice: the server said it did not process it (429/503), the connection was never made,
 * or the request is idempotent (GET, PUT, DELETE, PATCH guarded by If-Match, member changes).
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number | undefined;
  /** Base of the exponential backoff. Default 200 ms. */
  baseDelayMs?: number | undefined;
  /** Upper bound of one computed backoff delay. Default 20 s. */
  maxDelayMs?: number | undefined;
  /** Total time one request may spend waiting between attempts. Default 60 s. */
  budgetMs?: number | undefined;
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budgetMs: number;
}

export function resolveRetry(opts: RetryOptions | false | undefined): RetryPolicy {
  if (opts === false) return { retries: 0, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 };
  return {
    retries: opts?.retries ?? 4,
    baseDelayMs: opts?.baseDelayMs ?? 200,
    maxDelayMs: opts?.maxDelayMs ?? 20_000,
    budgetMs: opts?.budgetMs ?? 60_000,
  };
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base * 2^attempt)). */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Parses Retry-After: delta seconds or an HTTP date. Returns milliseconds, or undefined. */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export type Outcome =
  { type: 'response'; status: number } | { type: 'error'; sent: false | 'unknown' };

/**
 * Whether an attempt that ended with `outcome` may be repeated. `idempotent` is true for
 * GET/PUT/DELETE, PATCH with If-Match, and requests the caller marked safe to repeat.
 */
export function isRetryable(outcome: Outcome, idempotent: boolean): boolean {
  if (outcome.type === 'response') {
    if (outcome.status === 429 || outcome.status === 503) return true;
    return idempotent && (outcome.status === 502 || outcome.status === 504);
  }
  if (outcome.sent === false) return true;
  return idempotent;
}

export function isIdempotentMethod(method: string, hasIfMatch: boolean): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'PUT' || m === 'DELETE') return true;
  return m === 'PATCH' && hasIfMatch;
}
