import { ScimError, redact } from '../errors.js';
import { classifyTransportError, type Transport } from '../transport/types.js';
import { hasControlCharacter } from '../urls.js';
import type { CachedToken, TokenCache, TokenSlot } from './cache.js';
import type { AuthProvider, OAuth2ClientCredentials } from './types.js';

/**
 * OAuth 2.0 client credentials. The token is cached until shortly before it expires, and while
 * one token request is in flight every caller waits for that same request. With a shared
 * TokenCache, that state belongs to the OAuth client and every provider of it uses it.
 */
export class OAuth2Provider implements AuthProvider {
  private readonly slot: TokenSlot;
  /** Token requests this provider sent; handy in diagnostics and tests. */
  tokenRequests = 0;

  constructor(
    private readonly config: OAuth2ClientCredentials,
    private readonly transport: Transport,
    private readonly options: {
      timeoutMs?: number;
      userAgent?: string;
      now?: () => number;
      cache?: TokenCache | undefined;
    } = {},
  ) {
    validateConfig(config);
    this.slot = options.cache?.slot(config) ?? { seen: [] };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async header(): Promise<string> {
    const { slot } = this;
    const c = slot.cached;
    if (c && c.expiresAt > this.now()) return c.header;
    slot.inflight ??= this.fetchToken().finally(() => {
      slot.inflight = undefined;
    });
    return (await slot.inflight).header;
  }

  invalidate(refused: string | undefined): boolean {
    // Only drop the cache if it still holds the refused token: concurrent 401s refresh once.
    if (this.slot.cached && this.slot.cached.header === refused) this.slot.cached = undefined;
    return true;
  }

  secrets(): string[] {
    // The Basic credential is the secret in base64: a server echoing the header must not leak it.
    return [this.config.clientSecret, basicCredential(this.config), ...this.slot.seen];
  }

  private async fetchToken(): Promise<CachedToken> {
    const { config } = this;
    this.tokenRequests++;
    const issued = await requestClientCredentialsToken(config, this.transport, {
      ...this.options,
      secrets: this.secrets(),
    });
    this.slot.seen.push(issued.token);
    if (this.slot.seen.length > 8) this.slot.seen.shift();
    // A zero, negative or non-numeric lifetime would fetch a new token for every call: assume
    // the default instead; if the server really meant it, its 401 triggers one refresh.
    const ttl = issued.expiresInSeconds ?? 600;
    const skew = Math.min(config.expirySkewSeconds ?? 60, ttl / 2);
    const cached = {
      token: issued.token,
      header: issued.header,
      expiresAt: this.now() + (ttl - skew) * 1000,
    };
    this.slot.cached = cached;
    return cached;
  }
}

/** A token the endpoint issued. */
export interface IssuedToken {
  token: string;
  /** The Authorization header value (`Bearer <token>`, or the token type the server named). */
  header: string;
  /** The lifetime the server gave, when it gave a positive number. */
  expiresInSeconds: number | undefined;
}

/**
 * One client-credentials token request (RFC 6749 4.4), sent through `transport`. Failures are
 * ScimErrors whose kind and hint say what to fix (client id or secret, scope, token URL);
 * `secrets` are scrubbed from anything the server said. The client's OAuth2Provider and a host's
 * credential test (the n8n credential) both use it.
 */
export async function requestClientCredentialsToken(
  config: OAuth2ClientCredentials,
  transport: Transport,
  options: { timeoutMs?: number; userAgent?: string; secrets?: string[] } = {},
): Promise<IssuedToken> {
  validateConfig(config);
  const url = new URL(config.tokenUrl);
  const path = url.pathname;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (config.scope) form.set('scope', config.scope);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  if ((config.clientAuth ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${basicCredential(config)}`;
  } else {
    form.set('client_id', config.clientId);
    form.set('client_secret', config.clientSecret);
  }
  let res;
  try {
    res = await transport({
      method: 'POST',
      url: url.toString(),
      headers,
      body: form.toString(),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } catch (e) {
    const t = classifyTransportError(e);
    throw new ScimError({
      kind: t.kind,
      method: 'POST',
      path,
      code: t.code,
      hint:
        t.code === 'ENOTFOUND' || t.code === 'EAI_AGAIN'
          ? `The token URL's host ${url.hostname} could not be resolved: check the team URL (for Celonis: https://<team>.<realm>.celonis.cloud).`
          : undefined,
    });
  }
  const body = parseJson(res.body);
  const token = typeof body?.access_token === 'string' ? body.access_token : undefined;
  if (res.status >= 200 && res.status < 300 && token) {
    const given = Number(body?.expires_in);
    const type = typeof body?.token_type === 'string' ? body.token_type : 'Bearer';
    return {
      token,
      header: `${/^bearer$/i.test(type) ? 'Bearer' : type} ${token}`,
      expiresInSeconds: Number.isFinite(given) && given > 0 ? given : undefined,
    };
  }
  const secrets = [config.clientSecret, basicCredential(config), ...(options.secrets ?? [])];
  throw tokenError(res.status, body, path, url, config, secrets);
}

function tokenError(
  status: number,
  body: Record<string, unknown> | undefined,
  path: string,
  url: URL,
  config: OAuth2ClientCredentials,
  secrets: string[],
): ScimError {
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const description =
    typeof body?.error_description === 'string'
      ? redact(body.error_description, secrets)
      : undefined;
  const detail = code ? `${code}${description ? `: ${description}` : ''}` : undefined;
  const base = { method: 'POST', path, status, detail };
  if (code === 'invalid_client' || code === 'unauthorized_client' || status === 401)
    return new ScimError({
      ...base,
      kind: 'auth',
      hint: `The token endpoint refused the client credentials${code ? ` (${code})` : ''}: check the client id and secret of the OAuth client registered in this team (Admin & Settings > Applications) and the client authentication method (clientAuth: 'basic' or 'post').`,
    });
  if (code === 'invalid_scope')
    return new ScimError({
      ...base,
      kind: 'forbidden',
      hint: `The OAuth client may not request the scope "${config.scope ?? ''}": give it the scope user-provisioning.scim in the team's Applications settings, or fix the scope option.`,
    });
  if (status === 404 || status === 405 || body === undefined)
    return new ScimError({
      ...base,
      kind: status === 404 ? 'notFound' : 'invalid',
      hint: `${url.origin}${path} does not answer like an OAuth token endpoint (HTTP ${status}${body === undefined ? ', not JSON' : ''}): check the token URL; for Celonis it is https://<team>.<realm>.celonis.cloud/oauth2/token.`,
    });
  if (status === 429 || status >= 500)
    return new ScimError({ ...base, kind: status === 429 ? 'rateLimited' : 'server' });
  return new ScimError({
    ...base,
    kind: 'auth',
    hint: 'The token endpoint did not issue a token: check the OAuth client settings (grant type client_credentials).',
  });
}

function basicCredential(config: OAuth2ClientCredentials): string {
  // RFC 6749 2.3.1: id and secret are form-encoded before base64.
  const pair = `${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`;
  return Buffer.from(pair).toString('base64');
}

function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function validateConfig(c: OAuth2ClientCredentials): void {
  const missing = (['tokenUrl', 'clientId', 'clientSecret'] as const).filter(
    (k) => typeof c[k] !== 'string' || !c[k].trim(),
  );
  if (missing.length)
    throw new TypeError(`OAuth2 auth needs ${missing.join(', ')}: pass them in the auth option.`);
  const broken = (['clientId', 'clientSecret'] as const).filter((k) => hasControlCharacter(c[k]));
  if (broken.length)
    throw new TypeError(
      `OAuth2 ${broken.join(' and ')} ${broken.length > 1 ? 'contain' : 'contains'} a control character (a line break?): paste the value again without it.`,
    );
  try {
    new URL(c.tokenUrl);
  } catch {
    throw new TypeError(
      `OAuth2 tokenUrl "${c.tokenUrl}" is not an absolute URL: use e.g. https://<team>.<realm>.celonis.cloud/oauth2/token.`,
    );
  }
}
