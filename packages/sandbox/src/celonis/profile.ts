import { HttpError, notFound } from '../errors.js';
import type { Auth } from '../auth.js';
import type { Reply } from '../http.js';
import type { Row, Store } from '../store.js';
import type { JsonObject, ResourceType, TeamConfig } from '../types.js';
import { ReplyError } from './errors.js';
import { Invitations } from './invitations.js';
import { Licence, seatOf } from './licence.js';
import type { CredentialKind } from './options.js';
import { RateLimiter } from './ratelimit.js';
import { prepareUser } from './users.js';

const json = (status: number, body: unknown): Reply => ({
  status,
  body,
  contentType: 'application/json',
});

const KIND_NAMES: Record<CredentialKind, string> = {
  oauth: 'OAuth client',
  apiKey: 'API key',
  appKey: 'application key',
};

/**
 * The run-time state of the Celonis profile shared by every team of a sandbox: rate-limit
 * windows, recorded invitations, the licence counter, and the requests told to fail with 500.
 */
export class CelonisProfile {
  readonly limiter: RateLimiter;
  readonly invitations = new Invitations();
  private readonly licence: Licence;
  private readonly failNext = new Set<string>();

  constructor(store: Store, now?: () => number) {
    this.limiter = new RateLimiter(now);
    this.licence = new Licence(store);
  }

  /**
   * Authenticates a SCIM request. The RFC profile answers as before; the Celonis profile answers
   * a missing or malformed header in Celonis' words, then 403 (empty) when SCIM is off for the
   * team, then 401 when the principal lacks the User Provisioning permission.
   */
  admit(auth: Auth, team: TeamConfig, authorization: string | undefined): void {
    if (team.profile !== 'celonis') {
      auth.check(team, authorization);
      return;
    }
    if (!authorization?.trim()) throw new ReplyError(json(401, { error: 'Unauthorized' }));
    if (!/^(Bearer|AppKey) \S/.test(authorization))
      throw new HttpError(
        401,
        undefined,
        'The Authorization header must start with "Bearer " or "AppKey ", followed by the token or key.',
      );
    const kind = auth.check(team, authorization);
    if (!team.scimEnabled) throw new ReplyError({ status: 403 });
    if (!team.userProvisioningPermission.includes(kind))
      throw new HttpError(
        401,
        undefined,
        `The ${KIND_NAMES[kind]} lacks the User Provisioning permission of team ${team.name}: check whether your API key or application key has sufficient permissions (Admin & Settings > Permissions > User Provisioning).`,
      );
  }

  /** Throws an unexpected (non-HTTP) error when a test asked the team's next request to fail. */
  maybeFail(team: TeamConfig): void {
    if (this.failNext.delete(team.name))
      throw new Error(`Internal error requested for team ${team.name} (/_sandbox/internal-error).`);
  }

  /**
   * The Celonis user rules and the licence, run inside the write's transaction before the row
   * is stored; returns what to do once it is (record an invitation).
   */
  prepare(
    team: TeamConfig,
    type: ResourceType,
    doc: JsonObject,
    prev: Row | undefined,
  ): ((row: Row) => void) | undefined {
    if (team.profile !== 'celonis' || type !== 'User') return undefined;
    const next = prepareUser(team, doc, prev);
    this.licence.check(team, prev?.id ?? '', prev && seatOf(prev.data), next);
    return next.invite ? (row) => this.invitations.record(team.name, row) : undefined;
  }

  /** `/_sandbox/invitations` and `/_sandbox/internal-error`; undefined for other paths. */
  control(
    method: string,
    what: string,
    url: URL,
    teams: Map<string, TeamConfig>,
  ): Reply | undefined {
    if (what !== 'invitations' && what !== 'internal-error') return undefined;
    const name = url.searchParams.get('team') ?? undefined;
    if (name !== undefined && !teams.has(name))
      throw notFound(
        `Unknown team ${JSON.stringify(name)}; teams: ${[...teams.keys()].join(', ')}.`,
      );
    if (what === 'invitations' && method === 'GET')
      return json(200, { invitations: this.invitations.list(name) });
    if (what === 'invitations' && method === 'DELETE') {
      this.invitations.clear(name);
      return { status: 204 };
    }
    if (what === 'internal-error' && method === 'POST') {
      if (name === undefined)
        throw new HttpError(
          400,
          'invalidValue',
          'Name the team: /_sandbox/internal-error?team=acme.',
        );
      this.failNext.add(name);
      return { status: 204 };
    }
    return undefined;
  }
}
