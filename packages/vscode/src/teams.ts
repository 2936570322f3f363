import * as vscode from 'vscode';
import {
  baseUrlProblem,
  CELONIS_SCIM_SCOPE,
  celonisUrls,
  TeamUrlError,
  createScimClient,
  type AuthConfig,
  type ScimClient,
} from '@celonis-scim/core/node';
import type { RequestLog } from './log.js';
import { VERSION } from './version.js';

/** Celonis: OAuth client, API key or application key. Another server: OAuth client or a token. */
export type AuthKind = 'oauth2' | 'apiKey' | 'appKey' | 'bearer';

/** A Celonis team, or any other SCIM 2.0 server. */
export type Provider = 'celonis' | 'other';

/** The ways each provider authenticates, in the order they are offered. */
export const AUTH_KINDS: Record<Provider, readonly AuthKind[]> = {
  celonis: ['oauth2', 'apiKey', 'appKey'],
  other: ['oauth2', 'bearer'],
};

/** What is kept in global state about a team: everything but the secret. */
export interface TeamRecord {
  name: string;
  scimBaseUrl: string;
  /** The OAuth token URL; empty for a static token. */
  tokenUrl: string;
  authType: AuthKind;
  /** OAuth client id (not a secret); absent for keys. */
  clientId?: string;
  /** Absent on Celonis teams (and on every record stored before other servers were offered). */
  provider?: 'other';
  /** OAuth scope of another server (Celonis teams use its SCIM scope); absent for none. */
  scope?: string;
}

export interface TeamInput {
  /** Celonis (default): the team URL as in the browser, or its SCIM base URL. Other: the SCIM base URL. */
  url: string;
  name?: string;
  /** Default `celonis`. */
  provider?: Provider;
  authType: AuthKind;
  clientId?: string;
  /** OAuth token URL of another server (Celonis' follows from the team URL). */
  tokenUrl?: string;
  /** OAuth scope of another server, space-separated; empty for none. */
  scope?: string;
  /** Client secret, API key, application key or bearer token. */
  secret: string;
}

const STATE_KEY = 'celonisScim.teams';
const secretKey = (name: string): string => `celonisScim.secret.${name}`;

/** A URI authority: lower-case letters, digits, dots and dashes. */
const NAME_RE = /^[a-z0-9][a-z0-9.-]{0,62}$/;

export function validateTeamName(name: string): string | undefined {
  if (!NAME_RE.test(name))
    return 'Use lower-case letters, digits, dots and dashes (it becomes part of scim:// document URIs).';
  return undefined;
}

/** A short name for the team: the first path segment (sandbox) or the host's first labels. */
export function defaultTeamName(url: string): string {
  const { teamUrl } = celonisUrls(url);
  const u = new URL(teamUrl);
  const seg = u.pathname.split('/').filter(Boolean).pop();
  const raw = seg ?? u.hostname.replace(/\.celonis\.cloud$/i, '');
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 63) || 'team'
  );
}

const URL_PROBLEMS = {
  notUrl: 'is not a full URL',
  scheme: 'must start with https:// (or http:// for a local server)',
  credentials: 'must not contain a user or password (the credentials are asked for separately)',
  query: 'must not have a query (?...) or fragment (#...)',
} as const;

/** What is wrong with a plain URL of another SCIM server (base or token URL), or undefined. */
export function validateServerUrl(url: string, what: string, example: string): string | undefined {
  if (!url.trim()) return `Enter the ${what}, e.g. ${example}`;
  const problem = baseUrlProblem(url.trim());
  return problem ? `The ${what} ${URL_PROBLEMS[problem]}, e.g. ${example}` : undefined;
}

/** How the extension names itself to a server: the version is package.json's. */
export const USER_AGENT = `celonis-scim-vscode/${VERSION}`;

export const BASE_URL_EXAMPLE = 'https://idp.example.com/scim/v2';
export const TOKEN_URL_EXAMPLE = 'https://idp.example.com/oauth2/token';

/** A short name for a team of another server: its host name. */
export function defaultServerName(url: string): string {
  try {
    const host = new URL(url.trim()).hostname.toLowerCase();
    return (
      host
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '')
        .slice(0, 63) || 'scim'
    );
  } catch {
    return 'scim';
  }
}

export function validateTeamUrl(url: string): string | undefined {
  if (!url.trim()) return 'Enter the team URL, e.g. https://acme.eu-1.celonis.cloud';
  try {
    celonisUrls(url);
    return undefined;
  } catch (e) {
    if (e instanceof TeamUrlError) return e.detail;
    throw e;
  }
}

/** Connected teams: records in global state, secrets in SecretStorage, one client per team. */
export class TeamStore implements vscode.Disposable {
  private readonly clients = new Map<string, ScimClient>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: RequestLog,
    private readonly timeoutMs: () => number = () => 30_000,
  ) {}

  list(): TeamRecord[] {
    return [...(this.memento.get<TeamRecord[]>(STATE_KEY) ?? [])];
  }

  get(name: string): TeamRecord | undefined {
    return this.list().find((t) => t.name === name);
  }

  /** Builds the record a TeamInput describes (throws a readable error on bad input). */
  static recordFor(input: TeamInput): TeamRecord {
    if (input.provider === 'other') return otherRecord(input);
    if (!AUTH_KINDS.celonis.includes(input.authType))
      throw new Error(
        `A Celonis team connects with an OAuth client, an API key or an application key, not "${input.authType}".`,
      );
    const urlError = validateTeamUrl(input.url);
    if (urlError) throw new Error(urlError);
    if (!input.secret) throw new Error('The secret (client secret, API key or app key) is empty.');
    if (input.authType === 'oauth2' && !input.clientId)
      throw new Error('OAuth client credentials need a client id.');
    const name = input.name ?? defaultTeamName(input.url);
    const nameError = validateTeamName(name);
    if (nameError) throw new Error(`Team name "${name}": ${nameError}`);
    const urls = celonisUrls(input.url);
    return {
      name,
      scimBaseUrl: urls.scimBaseUrl,
      tokenUrl: urls.tokenUrl,
      authType: input.authType,
      ...(input.authType === 'oauth2' && input.clientId ? { clientId: input.clientId } : {}),
    };
  }

  /** A client for a record and secret that are not stored yet (to test a connection first). */
  createClient(record: TeamRecord, secret: string): ScimClient {
    return createScimClient({
      baseUrl: record.scimBaseUrl,
      auth: authConfig(record, secret),
      timeoutMs: this.timeoutMs(),
      userAgent: USER_AGENT,
      logger: (e) => this.log.request(record.name, e),
    });
  }

  async add(record: TeamRecord, secret: string, client?: ScimClient): Promise<void> {
    await this.secrets.store(secretKey(record.name), secret);
    const others = this.list().filter((t) => t.name !== record.name);
    await this.memento.update(STATE_KEY, [...others, record]);
    await this.dropClient(record.name);
    if (client) this.clients.set(record.name, client);
    this.changed.fire();
  }

  async remove(name: string): Promise<void> {
    await this.secrets.delete(secretKey(name));
    await this.memento.update(
      STATE_KEY,
      this.list().filter((t) => t.name !== name),
    );
    await this.dropClient(name);
    this.changed.fire();
  }

  async client(name: string): Promise<ScimClient> {
    const cached = this.clients.get(name);
    if (cached) return cached;
    const record = this.get(name);
    if (!record) throw new Error(`Team "${name}" is not connected. Run "Connect Team..." first.`);
    const secret = await this.secrets.get(secretKey(name));
    if (!secret)
      throw new Error(
        `The secret of team "${name}" is missing from the secret storage. Disconnect and connect it again.`,
      );
    const client = this.createClient(record, secret);
    this.clients.set(name, client);
    return client;
  }

  private async dropClient(name: string): Promise<void> {
    const c = this.clients.get(name);
    this.clients.delete(name);
    await c?.close();
  }

  dispose(): void {
    for (const c of this.clients.values()) void c.close();
    this.clients.clear();
    this.changed.dispose();
  }
}

/** The record of another SCIM server: its base URL as given, its own token URL and scope. */
function otherRecord(input: TeamInput): TeamRecord {
  if (!AUTH_KINDS.other.includes(input.authType))
    throw new Error(
      `Another SCIM server connects with OAuth client credentials or a bearer token, not "${input.authType}".`,
    );
  const urlError = validateServerUrl(input.url, 'SCIM base URL', BASE_URL_EXAMPLE);
  if (urlError) throw new Error(urlError);
  if (!input.secret)
    throw new Error(
      input.authType === 'bearer' ? 'The bearer token is empty.' : 'The client secret is empty.',
    );
  const oauth = input.authType === 'oauth2';
  if (oauth) {
    const tokenError = validateServerUrl(input.tokenUrl ?? '', 'token URL', TOKEN_URL_EXAMPLE);
    if (tokenError) throw new Error(tokenError);
    if (!input.clientId?.trim()) throw new Error('OAuth client credentials need a client id.');
  }
  const name = input.name ?? defaultServerName(input.url);
  const nameError = validateTeamName(name);
  if (nameError) throw new Error(`Team name "${name}": ${nameError}`);
  const scope = input.scope?.trim();
  return {
    name,
    provider: 'other',
    scimBaseUrl: new URL(input.url.trim()).toString().replace(/\/+$/, ''),
    tokenUrl: oauth ? new URL((input.tokenUrl ?? '').trim()).toString() : '',
    authType: input.authType,
    ...(oauth ? { clientId: (input.clientId ?? '').trim() } : {}),
    ...(oauth && scope ? { scope } : {}),
  };
}

function authConfig(record: TeamRecord, secret: string): AuthConfig {
  switch (record.authType) {
    case 'oauth2':
      return {
        type: 'oauth2',
        tokenUrl: record.tokenUrl,
        clientId: record.clientId ?? '',
        clientSecret: secret,
        // Celonis teams (and records from before other servers) use Celonis' SCIM scope.
        scope: record.provider === 'other' ? record.scope : CELONIS_SCIM_SCOPE,
      };
    case 'bearer':
      return { type: 'bearer', token: secret };
    case 'apiKey':
      return { type: 'apiKey', apiKey: secret };
    case 'appKey':
      return { type: 'appKey', appKey: secret };
  }
}
