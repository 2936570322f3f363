import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.js';
import { celonisTeamConfig, type CredentialKind } from './celonis/options.js';
import type { TeamConfig, TeamOptions } from './types.js';

export const SCOPE = 'user-provisioning.scim';

const derive = (name: string, kind: string) =>
  createHash('sha256').update(`celonis-scim-sandbox:${name}:${kind}`).digest('hex').slice(0, 24);

/** The environment variable that turns on the secret canary. */
export const CANARY_ENV = 'SCIM_SANDBOX_CANARY';

/**
 * The secret canary: a marker that every generated client secret, API key, application key and
 * issued access token carries, so a scan of logs and artifacts after a test run finds any of
 * them that leaked, tokens issued during the run included. Letters and digits only, so that it
 * reads the same URL-encoded and JSON-escaped; at least 6 characters, so that its base64 forms
 * are long enough not to occur by chance in binary files.
 */
export function canary(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[CANARY_ENV];
  if (value === undefined || value === '') return '';
  if (!/^[A-Za-z0-9]{6,40}$/.test(value)) {
    throw new Error(
      `${CANARY_ENV} must be 6 to 40 letters or digits (it becomes part of every secret and token), but it is ${value.length} characters long${/[^A-Za-z0-9]/.test(value) ? ' and holds other characters' : ''}: unset it or use a marker such as cnry7Qx2.`,
    );
  }
  return value;
}

/** `<prefix><canary>-` when the canary is on, so `acme-secret-` becomes `acme-secret-cnry7Qx2-`. */
const marked = (prefix: string) => {
  const c = canary();
  return c ? `${prefix}${c}-` : prefix;
};

/**
 * Fills in a team's defaults; credentials are derived from the team name so they survive
 * restarts, and carry the canary when it is set. Credentials given in the options are kept as
 * they are: the caller authenticates with them.
 */
function usersEndpointOf(t: TeamOptions): string {
  const path = t.usersEndpoint ?? '/Users';
  if (
    !/^\/[A-Za-z][A-Za-z0-9_-]*$/.test(path) ||
    /^\/(groups|bulk|schemas|resourcetypes|serviceproviderconfig)$/i.test(path)
  )
    throw new Error(
      `usersEndpoint ${JSON.stringify(path)} of team ${t.name} must be one path segment such as "/People", other than the other SCIM endpoints.`,
    );
  return path;
}

export function teamConfig(t: TeamOptions): TeamConfig {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(t.name) || t.name === '_sandbox') {
    throw new Error(
      `Team name ${JSON.stringify(t.name)} must be letters, digits, "-" or "_" (it is a URL segment).`,
    );
  }
  const timeout = t.cursorTimeoutSeconds;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1))
    throw new Error(
      `Team ${t.name}: cursorTimeoutSeconds must be a whole number of seconds, at least 1 (got ${JSON.stringify(timeout)}).`,
    );
  return {
    name: t.name,
    maxResults: t.maxResults ?? 100,
    sort: t.sort ?? true,
    etag: t.etag ?? true,
    patch: t.patch ?? true,
    bulk: t.bulk ?? true,
    filter: t.filter ?? true,
    writeViewStored: t.writeViewStored ?? false,
    userGroups: t.userGroups ?? true,
    memberFilter: t.memberFilter ?? true,
    metaSubAttributes: t.metaSubAttributes ?? true,
    memberFilterFailsOnEmptyGroup: t.memberFilterFailsOnEmptyGroup ?? false,
    duplicateMembers: t.duplicateMembers ?? false,
    extensionAttributesParam: t.extensionAttributesParam ?? true,
    emptyComplexUnderAttributes: t.emptyComplexUnderAttributes ?? false,
    customSchema: t.customSchema ?? false,
    usersEndpoint: usersEndpointOf(t),
    cursor: t.cursor ?? true,
    cursorTimeoutSeconds: t.cursorTimeoutSeconds ?? 600,
    clientId: t.clientId ?? `${t.name}-client`,
    clientSecret: t.clientSecret ?? `${marked(`${t.name}-secret-`)}${derive(t.name, 'secret')}`,
    apiKey: t.apiKey ?? `${marked(`${t.name}-api-`)}${derive(t.name, 'api')}`,
    appKey: t.appKey ?? `${marked(`${t.name}-app-`)}${derive(t.name, 'app')}`,
    tokenTtlSeconds: t.tokenTtlSeconds ?? 3600,
    ...celonisTeamConfig(t),
  };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface OAuthError {
  status: number;
  body: { error: string; error_description: string };
}

/** Issues and checks the OAuth tokens of every team (kept in memory only). */
export class Auth {
  private readonly tokens = new Map<string, { team: string; expires: number }>();
  /** Read once: every token of this sandbox carries the same canary (or none). */
  private readonly marker: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.marker = canary(env);
  }

  /** The client-credentials grant (RFC 6749 4.4) with client_secret_basic or client_secret_post. */
  token(team: TeamConfig, authorization: string | undefined, form: URLSearchParams) {
    const fail = (status: number, error: string, desc: string): { error: OAuthError } => ({
      error: { status, body: { error, error_description: desc } },
    });
    if (form.get('grant_type') !== 'client_credentials') {
      return fail(400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
    }
    let id = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const raw = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const i = raw.indexOf(':');
      if (i < 0) return fail(401, 'invalid_client', 'Malformed Basic credentials.');
      id = decodeURIComponent(raw.slice(0, i).replace(/\+/g, ' '));
      secret = decodeURIComponent(raw.slice(i + 1).replace(/\+/g, ' '));
    }
    if (id === undefined || secret === undefined) {
      return fail(
        401,
        'invalid_client',
        'Client authentication is required (Basic header or client_id/client_secret).',
      );
    }
    if (!same(id, team.clientId) || !same(secret, team.clientSecret)) {
      return fail(401, 'invalid_client', `Unknown client or wrong secret for team ${team.name}.`);
    }
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (!scopes.includes(SCOPE)) {
      return fail(400, 'invalid_scope', `scope must include ${SCOPE}.`);
    }
    const token = this.marker + randomBytes(24).toString('base64url');
    this.tokens.set(token, { team: team.name, expires: Date.now() + team.tokenTtlSeconds * 1000 });
    return {
      ok: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: team.tokenTtlSeconds,
        scope: SCOPE,
      },
    };
  }

  /** Throws 401 unless the Authorization header carries a credential of this team; says which kind. */
  check(team: TeamConfig, authorization: string | undefined): CredentialKind {
    const challenge = { 'WWW-Authenticate': `Bearer realm="${team.name}"` };
    const deny = (detail: string) => new HttpError(401, undefined, detail, challenge);
    if (!authorization)
      throw deny('Authorization header missing: use Bearer <token or API key> or AppKey <key>.');
    const m = /^(\S+)\s+(.+)$/.exec(authorization.trim());
    if (!m) throw deny('Malformed Authorization header.');
    const scheme = m[1]!.toLowerCase();
    const cred = m[2]!.trim();
    if (scheme === 'appkey') {
      if (same(cred, team.appKey)) return 'appKey';
      throw deny(`The application key is not valid for team ${team.name}.`);
    }
    if (scheme !== 'bearer') throw deny(`Unsupported scheme ${m[1]}: use Bearer or AppKey.`);
    if (same(cred, team.apiKey)) return 'apiKey';
    const t = this.tokens.get(cred);
    if (!t || t.team !== team.name)
      throw deny(`The bearer credential is not valid for team ${team.name}.`);
    if (t.expires <= Date.now()) throw deny('The access token has expired; request a new one.');
    return 'oauth';
  }

  expire(team?: string): void {
    for (const t of this.tokens.values()) if (team === undefined || t.team === team) t.expires = 0;
  }
}
