/**
 * One error class for everything the client can fail with. `kind` tells a program what went
 * wrong; `hint` tells a person what to do about it. Nothing here ever carries a credential:
 * request headers are never stored, and text that came back from a server is scrubbed of the
 * secrets the client knows about before it lands in `detail` or `message`.
 */
export type ScimErrorKind =
  | 'network'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'preconditionFailed'
  | 'rateLimited'
  | 'invalid'
  | 'server'
  | 'unknown';

export interface ScimErrorInit {
  kind: ScimErrorKind;
  method: string;
  path: string;
  status?: number | undefined;
  scimType?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
  /** Transport error code such as ECONNRESET or ENOTFOUND. */
  code?: string | undefined;
  /** Number of attempts made (1 when the request was not retried). */
  attempts?: number | undefined;
  /** True when a write may or may not have been applied by the server (dropped connection). */
  ambiguous?: boolean | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class ScimError extends Error {
  override readonly name = 'ScimError';
  readonly kind: ScimErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly scimType: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string;
  readonly code: string | undefined;
  readonly attempts: number;
  readonly ambiguous: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: ScimErrorInit) {
    const hint = init.hint ?? hintFor(init);
    super(formatMessage(init, hint), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.scimType = init.scimType;
    this.detail = init.detail;
    this.hint = hint;
    this.code = init.code;
    this.attempts = init.attempts ?? 1;
    this.ambiguous = init.ambiguous ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      scimType: this.scimType,
      detail: this.detail,
      hint: this.hint,
      code: this.code,
      attempts: this.attempts,
      ambiguous: this.ambiguous,
    };
  }
}

export function isScimError(e: unknown): e is ScimError {
  return e instanceof ScimError;
}

function formatMessage(init: ScimErrorInit, hint: string): string {
  const what = init.status !== undefined ? `HTTP ${init.status}` : (init.code ?? init.kind);
  const scimType = init.scimType ? ` (${init.scimType})` : '';
  const detail = init.detail ? `: ${init.detail}` : '';
  return `${init.method} ${init.path} failed with ${what}${scimType}${detail}. ${hint}`;
}

const TRANSIENT: ReadonlySet<ScimErrorKind> = new Set([
  'network',
  'timeout',
  'rateLimited',
  'server',
]);

/**
 * The kinds of failure that may pass if the same request is sent again later. Whether it may
 * be sent again (a write could apply twice) is the retry policy's question, not this one.
 */
export function isTransient(kind: ScimErrorKind): boolean {
  return TRANSIENT.has(kind);
}

export function kindForStatus(status: number, scimType?: string): ScimErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 412) return 'preconditionFailed';
  if (status === 429) return 'rateLimited';
  if (status === 400 || status === 413 || status === 422 || scimType) return 'invalid';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid';
  return 'unknown';
}

function hintFor(init: ScimErrorInit): string {
  switch (init.kind) {
    case 'auth':
      return 'The token was refused: check the client id/secret or API key and that it belongs to this team.';
    case 'forbidden':
      return 'The principal lacks the User Provisioning permission / scope user-provisioning.scim: grant it in the team (Admin & Settings) and try again.';
    case 'notFound':
      return init.path.includes('/Users/') || init.path.includes('/Groups/')
        ? 'No resource with this id exists in this team: it may have been deleted, or the id belongs to another team.'
        : 'The URL was not found: check the SCIM base URL (for Celonis: https://<team>.<realm>.celonis.cloud/scim/v2) and that SCIM is enabled for the team.';
    case 'conflict':
      return init.scimType === 'uniqueness' || !init.scimType
        ? init.path.includes('Groups')
          ? 'A group with this displayName already exists in this team.'
          : 'A user with this userName already exists in this team.'
        : 'The request conflicts with the current state of the resource: reload it and retry.';
    case 'preconditionFailed':
      return 'The resource changed since you read it: reload and retry.';
    case 'rateLimited':
      return 'The server is rate limiting requests: slow down (lower concurrency) or allow more retries.';
    case 'invalid':
      if (init.scimType === 'invalidFilter')
        return `The server rejected the filter${init.detail ? ` (${init.detail})` : ''}: check the attribute names and the quoting of values.`;
      if (init.scimType === 'mutability')
        return 'The request tries to change a read-only attribute: leave it out.';
      if (init.scimType === 'invalidPath')
        return 'A PATCH path does not name an attribute the server knows: check its spelling.';
      return 'The server rejected the request as invalid: check the attributes against the schema (client.discover().schemas).';
    case 'server':
      return 'The server failed: retry later; if it persists, contact the service provider.';
    case 'timeout':
      return 'The request timed out: the server may be slow or unreachable; raise timeoutMs or retry.';
    case 'network':
      if (init.ambiguous)
        return 'The connection dropped after the request was sent: the change may or may not have been applied. Read the resource to check before repeating it.';
      if (init.code === 'ENOTFOUND' || init.code === 'EAI_AGAIN')
        return 'The host name could not be resolved: check the URL (for Celonis: https://<team>.<realm>.celonis.cloud).';
      if (init.code === 'ECONNREFUSED')
        return 'The connection was refused: check the URL and port, and any proxy settings.';
      if (init.code?.startsWith('CERT') || init.code?.includes('SELF_SIGNED'))
        return 'The TLS certificate was not accepted: install the issuing CA (NODE_EXTRA_CA_CERTS) rather than turning verification off.';
      return 'The connection failed: check the network, the URL and any proxy settings (HTTPS_PROXY/NO_PROXY).';
    default:
      return 'Unexpected response from the server.';
  }
}

/** Replaces every occurrence of each secret (and of `Authorization` header values) in a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out.replace(
    /(authorization["']?\s*[:=]\s*["']?)(bearer|appkey|basic)?\s*[^\s"',}]+/gi,
    '$1[redacted]',
  );
}
