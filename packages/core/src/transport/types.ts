/**
 * The transport contract: plain strings in and out, lower-case response header names. Small on
 * purpose, so that a host (the n8n node) can pass one built on its own HTTP helpers.
 */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/**
 * Thrown by transports for failures without an HTTP response. `sent` says whether the request
 * may have reached the server: `false` when the connection was never made (safe to resend any
 * request), `'unknown'` when it dropped after writing started (a write may have been applied).
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
    readonly kind: 'network' | 'timeout',
    readonly sent: false | 'unknown',
  ) {
    super(message);
  }

  /**
   * Anything a transport caught (undici's errors, a host helper's), as a TransportError that
   * keeps only the code: a transport throws this, never the original, which may reference the
   * request and its headers.
   */
  static from(e: unknown): TransportError {
    return classifyTransportError(e);
  }
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
]);

/** Classifies anything a transport threw (undici's errors, or a host helper's) without keeping it. */
export function classifyTransportError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as { code?: unknown; name?: unknown; cause?: unknown; message?: unknown };
  const cause = (err?.cause ?? {}) as { code?: unknown; name?: unknown };
  const code = String(
    (typeof err?.code === 'string' && err.code) ||
      (typeof cause.code === 'string' && cause.code) ||
      (typeof err?.name === 'string' && err.name !== 'Error' && err.name) ||
      'ECONNRESET',
  );
  const isTimeout =
    TIMEOUT_CODES.has(code) || code === 'TimeoutError' || err?.name === 'TimeoutError';
  const sent: false | 'unknown' = NOT_SENT_CODES.has(code) ? false : 'unknown';
  return new TransportError(
    isTimeout ? `request timed out (${code})` : `connection failed (${code})`,
    code,
    isTimeout ? 'timeout' : 'network',
    sent,
  );
}
