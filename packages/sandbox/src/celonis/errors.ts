import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { HttpError } from '../errors.js';
import type { Reply } from '../http.js';

/**
 * An answer that is not an error document at all: Celonis' 403 with an empty body for a
 * switched-off API, its `{"error": "Unauthorized"}` for a missing token.
 */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/**
 * `errorCode` per status. Celonis publishes ADMIN_ACCESS_ERROR (403), ADMIN_FATAL_ERROR (500)
 * and LIMIT_RATE_EXCEEDED (429); the others are this profile's choice (README, assumptions).
 */
const ERROR_CODES: Record<number, string> = {
  400: 'ADMIN_VALIDATION_ERROR',
  401: 'ADMIN_AUTHENTICATION_ERROR',
  403: 'ADMIN_ACCESS_ERROR',
  404: 'ADMIN_NOT_FOUND_ERROR',
  405: 'ADMIN_METHOD_NOT_ALLOWED',
  409: 'ADMIN_CONFLICT_ERROR',
  412: 'ADMIN_CONFLICT_ERROR',
  413: 'ADMIN_VALIDATION_ERROR',
  429: 'LIMIT_RATE_EXCEEDED',
  501: 'ADMIN_NOT_SUPPORTED',
};

/** Celonis' common error body: title, status, detail, errorCode. */
export function celonisBody(status: number, detail: string) {
  return {
    title: status === 429 ? 'Rate limit exceeded' : (STATUS_CODES[status] ?? 'Error'),
    status,
    detail,
    errorCode: ERROR_CODES[status] ?? (status >= 500 ? 'ADMIN_FATAL_ERROR' : 'ADMIN_ERROR'),
  };
}

const SUPPORT_ID = /Celonis Support ID: ([0-9a-f-]{36})/;

/** The support ID of a Celonis 500 answer, so the sandbox log can name it beside the stack. */
export function supportIdOf(reply: Reply): string | undefined {
  const detail = (reply.body as { detail?: unknown } | undefined)?.detail;
  return typeof detail === 'string' ? SUPPORT_ID.exec(detail)?.[1] : undefined;
}

/** Any error as the Celonis profile answers it. */
export function celonisErrorReply(e: unknown): Reply {
  if (e instanceof ReplyError) return e.reply;
  if (!(e instanceof HttpError)) {
    const detail = `An unexpected error occurred. Please contact Celonis Support and give the Celonis Support ID: ${randomUUID()}`;
    return { status: 500, body: celonisBody(500, detail), contentType: 'application/json' };
  }
  // Celonis documents duplicate user names among the 400 causes, where RFC 7644 says 409.
  const status = e.scimType === 'uniqueness' ? 400 : e.status;
  return {
    status,
    body: celonisBody(status, e.message),
    headers: e.headers,
    contentType: 'application/json',
  };
}
