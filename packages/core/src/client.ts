import {
  createAuthProvider,
  type AuthConfig,
  type AuthProvider,
  type TokenCache,
} from './auth/index.js';
import { sendBulk, type BulkOptions } from './bulk.js';
import { baseUrlProblem, shownUrl } from './urls.js';
import { Discovery, type ServerCapabilities } from './discovery.js';
import { HttpClient, loggedTransport, type Logger } from './http.js';
import { Notes } from './notes.js';
import { GroupsClient } from './resources/groups.js';
import { UsersClient } from './resources/users.js';
import { resolveRetry, type RetryOptions } from './retry/index.js';
import { resender, type Resend } from './retry/resend.js';
import type { Transport } from './transport/types.js';
import type { BulkOperation, BulkResponse } from './types/index.js';
import { VERSION } from './version.js';

export interface ScimClientOptions {
  /** The SCIM base URL, e.g. celonisUrls(teamUrl).scimBaseUrl. */
  baseUrl: string;
  auth: AuthConfig;
  /**
   * How requests travel. This entry imports no HTTP library: the host passes one (the n8n node
   * builds it on n8n's request helpers); `@celonis-scim/core/node` passes undici by default.
   */
  transport: Transport;
  /** Per request. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Retry budget; `false` turns retries off. */
  retry?: RetryOptions | false | undefined;
  /** Requests in flight at once across the client. Default 8. */
  concurrency?: number | undefined;
  /**
   * How the client waits between retries. Passed by the host (n8n Cloud forbids timers in
   * community nodes); `@celonis-scim/core/node` defaults it to setTimeout.
   */
  sleep: (ms: number) => Promise<void>;
  userAgent?: string | undefined;
  /** Called once per HTTP attempt with method, path, status, ms, attempt (never headers). */
  logger?: Logger | undefined;
  /**
   * OAuth tokens shared with the other clients of this process that use the same OAuth client;
   * without it each client asks for its own token.
   */
  tokenCache?: TokenCache | undefined;
  /** Random source for backoff jitter, in [0, 1). Default Math.random. */
  random?: (() => number) | undefined;
  /**
   * Called once per thing the client learned about the server and worked around (an attribute
   * list it refuses, a member filter that fails), with a sentence saying what and how.
   */
  onNote?: ((note: string) => void) | undefined;
}

export interface ScimClient {
  readonly baseUrl: string;
  readonly users: UsersClient;
  readonly groups: GroupsClient;
  /** The server's capabilities, fetched once and cached. */
  discover(): Promise<ServerCapabilities>;
  /** Sends RFC 7644 bulk operations, chunked to the server's limits. */
  bulk(operations: readonly BulkOperation[], options?: BulkOptions): Promise<BulkResponse>;
  /** HTTP attempts made so far (SCIM requests; token requests not included). */
  requestCount(): number;
  /**
   * Sends a write again after a transient failure, with this client's retry policy and sleep,
   * after asking whether it landed (see retry/resend.ts). The sync engine's writes use it, so
   * that every write has one stated worst case of attempts.
   */
  resend: Resend;
  /** What this client learned about the server and worked around so far, oldest first. */
  notes(): string[];
  /** Closes the default transport's connections (no-op with a transport passed in). */
  close(): Promise<void>;
}

function normaliseBaseUrl(baseUrl: string): string {
  const shown = shownUrl(String(baseUrl));
  const example = 'e.g. https://acme.eu-1.celonis.cloud/scim/v2';
  switch (baseUrlProblem(baseUrl)) {
    case 'notUrl':
      throw new TypeError(
        `baseUrl "${shown}" is not an absolute URL: pass the SCIM base URL, ${example} (celonisUrls(teamUrl).scimBaseUrl).`,
      );
    case 'scheme':
      throw new TypeError(`baseUrl "${shown}" must be an https:// (or http://) URL, ${example}.`);
    case 'credentials':
      throw new TypeError(
        `baseUrl must not contain credentials (user:password@ before the host): pass the bare SCIM base URL, ${example}, and the credentials in \`auth\`.`,
      );
    case 'query':
      throw new TypeError(`baseUrl "${shown}" must not carry a query or fragment.`);
    case undefined:
      return new URL(baseUrl).toString().replace(/\/+$/, '');
  }
}

export function createScimClient(options: ScimClientOptions): ScimClient {
  if (!options || typeof options !== 'object')
    throw new TypeError('createScimClient needs an options object: { baseUrl, auth }');
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  if (!options.auth)
    throw new TypeError(
      'createScimClient needs auth: { type: "oauth2" | "apiKey" | "appKey" | "bearer", ... }',
    );
  const transport = options.transport;
  if (typeof transport !== 'function')
    throw new TypeError(
      'createScimClient from @celonis-scim/core needs a `transport`: pass one, or import createScimClient from "@celonis-scim/core/node", which defaults to the undici transport.',
    );
  if (typeof options.sleep !== 'function')
    throw new TypeError(
      'createScimClient from @celonis-scim/core needs a `sleep` (how to wait between retries): pass one, or import createScimClient from "@celonis-scim/core/node", which waits with a timer.',
    );
  const timeoutMs = options.timeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? `celonis-scim-core/${VERSION}`;
  const logger = options.logger;
  // Token requests go through the same transport and are logged the same way.
  const authTransport = logger ? loggedTransport(transport, logger) : transport;
  const auth: AuthProvider = createAuthProvider(options.auth, authTransport, {
    timeoutMs,
    userAgent,
    cache: options.tokenCache,
  });
  const retry = resolveRetry(options.retry);
  const sleep = options.sleep;
  const http = new HttpClient({
    baseUrl,
    auth,
    transport,
    timeoutMs,
    retry,
    sleep,
    userAgent,
    logger,
    concurrency: options.concurrency ?? 8,
    ...(options.random ? { random: options.random } : {}),
  });
  const discovery = new Discovery(http);
  const resend = resender(retry, sleep, options.random);
  const notes = new Notes(options.onNote);
  const ctx = { http, discovery, resend, notes };
  const groups = new GroupsClient(ctx);
  const users = new UsersClient(ctx, () => groups);
  return {
    baseUrl,
    users,
    groups,
    discover: () => discovery.get(),
    bulk: (operations, bulkOptions) => sendBulk(http, discovery, operations, bulkOptions),
    requestCount: () => http.requestCount,
    resend,
    notes: () => notes.list(),
    close: async () => {},
  };
}
