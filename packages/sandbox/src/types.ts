import type { CelonisTeamConfig, CelonisTeamOptions } from './celonis/options.js';
import type { Invitation } from './celonis/invitations.js';

export type { CelonisTeamOptions, CredentialKind, LicenceOptions } from './celonis/options.js';
export type { Invitation } from './celonis/invitations.js';

/** Options of one team served by the sandbox (the profile's own: see CelonisTeamOptions). */
export interface TeamOptions extends CelonisTeamOptions {
  name: string;
  /** Server page cap advertised as filter.maxResults (default 100). */
  maxResults?: number;
  /** sortBy/sortOrder supported (default true). */
  sort?: boolean;
  /** meta.version, ETag and If-Match (default true). */
  etag?: boolean;
  /** PATCH supported (default true). */
  patch?: boolean;
  /** POST /Bulk supported (default true). */
  bulk?: boolean;
  /** `filter` on lists and .search supported (default true). */
  filter?: boolean;
  /**
   * Behave like a server that misreads RFC 7644 3.4.2.5 (default false): `attributes` and
   * `excludedAttributes` on a POST, PUT or PATCH shape what is stored, not only the response,
   * so `PATCH /Groups/{id}?excludedAttributes=members` writes the group back without members.
   * Seen in an independent SCIM server; clients are tested against it so they never lose data.
   */
  writeViewStored?: boolean;
  /** Users carry the read-only `groups` attribute (default true; some servers never fill it). */
  userGroups?: boolean;
  /**
   * Groups can be filtered on `members` (default true). False answers such a filter with 400
   * invalidFilter, as some servers do (one refuses it as soon as any group is empty).
   */
  memberFilter?: boolean;
  /**
   * `attributes`/`excludedAttributes` may name a sub-attribute of `meta` (default true). False
   * answers e.g. `attributes=meta.lastModified` with 400, as a server that wants `meta` whole does.
   */
  metaSubAttributes?: boolean;
  /**
   * A filter on group members is answered 500 while any group of the team has no members
   * (default false), as an independent server does: its member filter fails on the empty group.
   */
  memberFilterFailsOnEmptyGroup?: boolean;
  /**
   * Adding a member that is already in the group appends another copy of it (default false).
   * RFC 7644 3.5.2.1 says a server SHOULD NOT, but some do: the group then lists the member twice.
   */
  duplicateMembers?: boolean;
  /**
   * `attributes`/`excludedAttributes` may name an extension schema or one of its attributes
   * (default true). False answers e.g.
   * `attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber` with
   * 400 invalidValue, as SCIMMY 1.3.5 does once a user holds extension attributes (its words:
   * "Cannot read properties of undefined (reading 'includes')").
   */
  extensionAttributesParam?: boolean;
  /**
   * `attributes` naming a complex attribute whole (`attributes=name`) gets it as an empty object
   * (`"name": {}`), while its sub-attributes (`attributes=name.givenName`) come back filled
   * (default false), as a server seen in the field does.
   */
  emptyComplexUnderAttributes?: boolean;
  /**
   * Offer a custom User schema extension (`urn:celonis:scim:schemas:extension:sandbox:2.0:User`:
   * region, costObject, contractor, grade, startDate) in /Schemas and /ResourceTypes, with typed
   * values (default false: the URN is then refused as unknown).
   */
  customSchema?: boolean;
  /** The path users are served at, as /ResourceTypes says (default `/Users`), e.g. `/People`. */
  usersEndpoint?: string;
  /**
   * Cursor pagination (RFC 9865): `cursor` on lists and `nextCursor` in their answers, advertised
   * in ServiceProviderConfig `pagination` (default true). False: only index paging is offered.
   */
  cursor?: boolean;
  /** How long a cursor stays valid, in seconds (ServiceProviderConfig cursorTimeout, default 600). */
  cursorTimeoutSeconds?: number;
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  appKey?: string;
  /** Lifetime of issued OAuth tokens (default 3600). */
  tokenTtlSeconds?: number;
}

export interface SeedOptions {
  users?: number;
  groups?: number;
  seed?: number;
}

export interface FaultOptions {
  /** Added to every SCIM response, in milliseconds. */
  latencyMs?: number;
  /** Share (0..1) of SCIM requests answered 429 with Retry-After. */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share (0..1) of SCIM requests answered 503. */
  rate503?: number;
  /** Share (0..1) of writes whose connection is destroyed before the write is applied. */
  dropBeforeWrite?: number;
  /** Share (0..1) of writes whose connection is destroyed after the write is applied. */
  dropAfterWrite?: number;
  /** Seed of the PRNG that decides which requests fail. */
  seed?: number;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  teams?: TeamOptions[];
  seed?: SeedOptions | boolean;
  /** SQLite file; an in-memory database when absent. */
  dbFile?: string | undefined;
  faults?: FaultOptions;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of HTTP, e.g. from
   * `selfSignedCertificate()`, to test that clients verify TLS.
   */
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
  log?: boolean | ((line: string) => void);
  /** Called with progress lines while seeding large teams. */
  onProgress?: (line: string) => void;
  /**
   * Time a client has to send the request line and all headers, in ms (default 10000). A client
   * that is slower gets 408 and its connection is closed. At most `requestTimeoutMs`.
   */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request, body included, in ms (default 30000). */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open after a response, in ms (default 5000). */
  keepAliveTimeoutMs?: number;
  /** The rate limiter's clock in ms since the epoch (default Date.now); tests pass their own. */
  now?: () => number;
}

export interface TeamInfo {
  name: string;
  /** `rfc` or `celonis` (TeamOptions.profile). */
  profile: 'rfc' | 'celonis';
  teamUrl: string;
  scimBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  apiKey: string;
  appKey: string;
}

export interface FaultCounts {
  latency: number;
  rate429: number;
  rate503: number;
  dropBeforeWrite: number;
  dropAfterWrite: number;
}

export interface SandboxStats {
  requests: number;
  byStatus: Record<number, number>;
  /**
   * SCIM writes received (POST other than a .search, PUT, PATCH and DELETE under a team's
   * /scim/v2, a /Bulk request counting once as a POST), by method, whatever their answer: what
   * a test counts to show that nothing was written, independently of the client's own log.
   * Token requests and /_sandbox controls are not writes.
   */
  writes: Record<'POST' | 'PUT' | 'PATCH' | 'DELETE', number>;
  faultsInjected: FaultCounts;
}

export interface Sandbox {
  url: string;
  teams: Record<string, TeamInfo>;
  /** Merges `faults` into the current ones: options not given keep their value. */
  setFaults(faults: FaultOptions): void;
  /** Turns every fault off (latency too) and restarts the PRNG at the default seed. */
  clearFaults(): void;
  /** The HTTP timeouts in force, defaults filled in. */
  timeouts: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  stats(): SandboxStats;
  expireTokens(teamName?: string): void;
  /** Invitations the Celonis profile recorded (never sent), of one team or all. */
  invitations(teamName?: string): Invitation[];
  close(): Promise<void>;
}

/** A team with every option resolved. */
export interface TeamConfig extends CelonisTeamConfig {
  name: string;
  maxResults: number;
  sort: boolean;
  etag: boolean;
  patch: boolean;
  bulk: boolean;
  filter: boolean;
  writeViewStored: boolean;
  userGroups: boolean;
  memberFilter: boolean;
  metaSubAttributes: boolean;
  memberFilterFailsOnEmptyGroup: boolean;
  duplicateMembers: boolean;
  extensionAttributesParam: boolean;
  emptyComplexUnderAttributes: boolean;
  customSchema: boolean;
  usersEndpoint: string;
  cursor: boolean;
  cursorTimeoutSeconds: number;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  appKey: string;
  tokenTtlSeconds: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type ResourceType = 'User' | 'Group';
