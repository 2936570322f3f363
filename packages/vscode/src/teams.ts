import * as vscode from 'vscode';
import {
  CELONIS_SCIM_SCOPE,
  celonisUrls,
  createScimClient,
  type AuthConfig,
  type ScimClient,
} from '@celonis-scim/core/node';
import type { RequestLog } from './log.js';

export type AuthKind = 'oauth2' | 'apiKey' | 'appKey';

/** What is kept in global state about a team: everything but the secret. */
export interface TeamRecord {
  name: string;
  scimBaseUrl: string;
  tokenUrl: string;
  authType: AuthKind;
  /** OAuth client id (not a secret); absent for keys. */
  clientId?: string;
}

export interface TeamInput {
  /** The team URL as in the browser, or its SCIM base URL. */
  url: string;
  name?: string;
  authType: AuthKind;
  clientId?: string;
  /** Client secret, API key or application key. */
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

export function validateTeamUrl(url: string): string | undefined {
  if (!url.trim()) return 'Enter the team URL, e.g. https://acme.eu-1.celonis.cloud';
  try {
    celonisUrls(url);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^celonisUrls: /, '') : String(e);
  }
}

/**
 * The SCIM base URL and token URL of what the user typed. A Celonis team URL (or its
 * `/scim/v2`) gets Celonis' paths; a URL whose path ends in `/scim` or `/scim/v<n>` (another
 * SCIM 2.0 provider, e.g. https://idp.example.com/api/scim) is taken as the base URL as it is,
 * instead of having `/scim/v2` appended to it.
 */
export function urlsFor(url: string): { scimBaseUrl: string; tokenUrl: string } {
  const urls = celonisUrls(url);
  const given = new URL(
    /^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`,
  );
  const path = given.pathname.replace(/\/+$/, '');
  if (/\/scim(\/v\d+)?$/i.test(path) && !/\/scim\/v2$/i.test(path))
    return { scimBaseUrl: `${given.origin}${path}`, tokenUrl: urls.tokenUrl };
  return { scimBaseUrl: urls.scimBaseUrl, tokenUrl: urls.tokenUrl };
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
    const urlError = validateTeamUrl(input.url);
    if (urlError) throw new Error(urlError);
    if (!input.secret) throw new Error('The secret (client secret, API key or app key) is empty.');
    if (input.authType === 'oauth2' && !input.clientId)
      throw new Error('OAuth client credentials need a client id.');
    const name = input.name ?? defaultTeamName(input.url);
    const nameError = validateTeamName(name);
    if (nameError) throw new Error(`Team name "${name}": ${nameError}`);
    const urls = urlsFor(input.url);
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
      userAgent: 'celonis-scim-vscode/0.1.0',
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

function authConfig(record: TeamRecord, secret: string): AuthConfig {
  switch (record.authType) {
    case 'oauth2':
      return {
        type: 'oauth2',
        tokenUrl: record.tokenUrl,
        clientId: record.clientId ?? '',
        clientSecret: secret,
        scope: CELONIS_SCIM_SCOPE,
      };
    case 'apiKey':
      return { type: 'apiKey', apiKey: secret };
    case 'appKey':
      return { type: 'appKey', appKey: secret };
  }
}
