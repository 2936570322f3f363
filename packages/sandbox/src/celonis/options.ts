/**
 * Team options of the Celonis profile: the behaviour Celonis publishes for its team-scoped SCIM
 * API (see the package README, "Celonis profile"), and the budgets and switches a Celonis team
 * has. Kept apart from the RFC team options so that the profile stays in one folder.
 */

/** How a request authenticated: OAuth access token, API key (Bearer) or application key. */
export type CredentialKind = 'oauth' | 'apiKey' | 'appKey';

/** Seats of the team licence, counted over active users. */
export interface LicenceOptions {
  /** Active users the team may have in all. */
  seats?: number;
  /** Active users per role, e.g. `{ ANALYST: 2 }`; roles not listed are limited by `seats` only. */
  perRole?: Record<string, number>;
}

export interface CelonisTeamOptions {
  /**
   * `rfc` (default): the plain RFC 7643/7644 server. `celonis`: acts out what Celonis publishes
   * about its SCIM API (Celonis error bodies, the Celonis user extension, no PATCH on users,
   * invitations, licence, Bulk that stops at the first failure).
   */
  profile?: 'rfc' | 'celonis';
  /** Most SCIM requests per second for the team (off when absent). Celonis' example: 20. */
  rateLimitPerSecond?: number;
  /** Most SCIM requests per UTC day for the team (off when absent). Celonis' example: 6000. */
  rateLimitPerDay?: number;
  /** Celonis profile: SCIM switched on for the team (default true); false answers 403, empty. */
  scimEnabled?: boolean;
  /**
   * Celonis profile: whether the principal holds the User Provisioning permission (default
   * true). False: every valid credential of the team gets 401; a list names the credential
   * kinds that hold it (e.g. `['oauth', 'apiKey']`: an application key without permissions).
   */
  userProvisioningPermission?: boolean | CredentialKind[];
  /** Celonis profile: the seats of the team licence (unlimited when absent). */
  licence?: LicenceOptions;
  /**
   * Celonis profile: the values of the user's `role`, listed as canonicalValues in /Schemas.
   * Default `['MEMBER', 'ANALYST', 'ADMIN']` (MEMBER and ANALYST are published; ADMIN is the
   * profile's assumption).
   */
  roles?: string[];
}

/** The same options resolved, as every request reads them. */
export interface CelonisTeamConfig {
  profile: 'rfc' | 'celonis';
  rateLimitPerSecond: number | undefined;
  rateLimitPerDay: number | undefined;
  scimEnabled: boolean;
  userProvisioningPermission: CredentialKind[];
  licence: { seats: number | undefined; perRole: Record<string, number> };
  roles: string[];
}

export const DEFAULT_ROLES = ['MEMBER', 'ANALYST', 'ADMIN'];
const KINDS: CredentialKind[] = ['oauth', 'apiKey', 'appKey'];

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function count(team: string, name: string, v: unknown, min = 0): number | undefined {
  if (v === undefined) return undefined;
  if (!isCount(v) || v < min)
    throw new Error(
      `Team ${team}: ${name} must be a whole number of at least ${min}, got ${JSON.stringify(v)}.`,
    );
  return v;
}

function roles(team: string, given: string[] | undefined): string[] {
  if (given === undefined) return [...DEFAULT_ROLES];
  if (!Array.isArray(given) || given.length === 0 || !given.every((r) => /^[A-Z][A-Z_]*$/.test(r)))
    throw new Error(
      `Team ${team}: roles must be a non-empty list of upper-case names such as ["MEMBER", "ANALYST"], got ${JSON.stringify(given)}.`,
    );
  if (!given.includes('MEMBER'))
    throw new Error(
      `Team ${team}: roles must include MEMBER, the role a user gets by default (Celonis).`,
    );
  return [...new Set(given)];
}

function licence(team: string, l: LicenceOptions | undefined, known: string[]) {
  const perRole: Record<string, number> = {};
  for (const [role, n] of Object.entries(l?.perRole ?? {})) {
    if (!known.includes(role))
      throw new Error(
        `Team ${team}: licence.perRole names role ${JSON.stringify(role)}, which is not one of the team's roles (${known.join(', ')}).`,
      );
    perRole[role] = count(team, `licence.perRole.${role}`, n)!;
  }
  return { seats: count(team, 'licence.seats', l?.seats), perRole };
}

function permission(team: string, p: boolean | CredentialKind[] | undefined): CredentialKind[] {
  if (p === undefined || p === true) return [...KINDS];
  if (p === false) return [];
  if (!Array.isArray(p) || !p.every((k) => KINDS.includes(k)))
    throw new Error(
      `Team ${team}: userProvisioningPermission must be true, false or a list of ${KINDS.join(', ')}; got ${JSON.stringify(p)}.`,
    );
  return [...p];
}

/** Resolves and checks the profile options of one team; throws an Error naming the bad one. */
export function celonisTeamConfig(t: CelonisTeamOptions & { name: string }): CelonisTeamConfig {
  const profile = t.profile ?? 'rfc';
  if (profile !== 'rfc' && profile !== 'celonis')
    throw new Error(
      `Team ${t.name}: profile must be "rfc" or "celonis", got ${JSON.stringify(profile)}.`,
    );
  const celonisOnly = (
    ['scimEnabled', 'userProvisioningPermission', 'licence', 'roles'] as const
  ).filter((k) => t[k] !== undefined);
  if (profile !== 'celonis' && celonisOnly.length > 0)
    throw new Error(
      `Team ${t.name}: ${celonisOnly.join(', ')} belong(s) to the Celonis profile; add profile: "celonis".`,
    );
  const known = roles(t.name, t.roles);
  return {
    profile,
    rateLimitPerSecond: count(t.name, 'rateLimitPerSecond', t.rateLimitPerSecond, 1),
    rateLimitPerDay: count(t.name, 'rateLimitPerDay', t.rateLimitPerDay, 1),
    scimEnabled: t.scimEnabled ?? true,
    userProvisioningPermission: permission(t.name, t.userProvisioningPermission),
    licence: licence(t.name, t.licence, known),
    roles: known,
  };
}
