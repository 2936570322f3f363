import type { ScimClient } from '../client.js';
import { ScimError } from '../errors.js';
import { SCHEMA_ENTERPRISE_USER, type ScimGroup, type ScimUser } from '../types/index.js';
import { encodeUser, groupHash, hash53, userHash } from './fingerprint.js';
import { SNAPSHOT_VERSION, type Snapshot, type SnapshotGroup } from './types.js';

/** What a user fingerprint covers by default: what people and provisioning rules look at. */
export const DEFAULT_USER_ATTRIBUTES: readonly string[] = [
  'userName',
  'externalId',
  'name',
  'displayName',
  'nickName',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'emails',
  'phoneNumbers',
  'addresses',
  'roles',
  'entitlements',
  SCHEMA_ENTERPRISE_USER,
];
export const DEFAULT_GROUP_ATTRIBUTES: readonly string[] = ['displayName', 'externalId', 'members'];

export interface SnapshotOptions {
  /** A snapshot taken earlier with the same options; enables the incremental mode. */
  previous?: Snapshot | undefined;
  /**
   * `auto` (default): incremental when `previous` is given and the server filters on
   * `meta.lastModified`, full otherwise. `full` always lists everything. `incremental` fails
   * when the server cannot do it.
   */
  mode?: 'auto' | 'full' | 'incremental' | undefined;
  /** Keep each userName (and group displayName) so deleted ones can be named. Default true. */
  names?: boolean | undefined;
  /** Attributes requested and fingerprinted; `active` is always added. */
  userAttributes?: readonly string[] | undefined;
  groupAttributes?: readonly string[] | undefined;
  /** Items per list request (capped by the server). */
  pageSize?: number | undefined;
  /**
   * How far the next incremental snapshot looks back before this one started, to cover
   * clock differences between this machine and the server. Default 5 minutes.
   */
  overlapMs?: number | undefined;
  /** Clock, for tests. */
  now?: (() => Date) | undefined;
}

interface Resolved {
  names: boolean;
  userAttributes: string[];
  groupAttributes: string[];
  pageSize: number | undefined;
  cfg: string;
}

function resolve(options: SnapshotOptions): Resolved {
  const names = options.names ?? true;
  const userAttributes = [
    ...new Set([...(options.userAttributes ?? DEFAULT_USER_ATTRIBUTES), 'active', 'userName']),
  ];
  const groupAttributes = [
    ...new Set([
      ...(options.groupAttributes ?? DEFAULT_GROUP_ATTRIBUTES),
      'displayName',
      'members',
    ]),
  ];
  const cfg = hash53(
    JSON.stringify([names, [...userAttributes].sort(), [...groupAttributes].sort()]),
  );
  return { names, userAttributes, groupAttributes, pageSize: options.pageSize, cfg };
}

/** Collects the largest `meta.lastModified` seen, compared as instants. */
class Latest {
  ms = Number.NEGATIVE_INFINITY;
  missing = false;
  see(resource: { meta?: { lastModified?: string } }): void {
    const t = Date.parse(resource.meta?.lastModified ?? '');
    if (Number.isNaN(t)) this.missing = true;
    else if (t > this.ms) this.ms = t;
  }
}

function userEntry(user: ScimUser, r: Resolved): string {
  return encodeUser(user.active !== false, userHash(user), r.names ? user.userName : undefined);
}

function groupEntry(group: ScimGroup, r: Resolved): SnapshotGroup {
  const m = [
    ...new Set((group.members ?? []).map((x) => x.value).filter((v) => typeof v === 'string')),
  ];
  m.sort();
  return {
    h: groupHash(group),
    ...(r.names && group.displayName ? { n: group.displayName } : {}),
    m,
  };
}

function listOptions(r: Resolved, attributes: string[], filter?: string) {
  return {
    // `meta` whole, not `meta.lastModified`: some servers refuse a sub-attribute of meta in
    // `attributes` (400), and meta is a few fields; the fingerprint ignores it either way.
    attributes: [...attributes, 'meta'],
    ...(filter === undefined ? {} : { filter }),
    ...(r.pageSize === undefined ? {} : { pageSize: r.pageSize }),
  };
}

/**
 * A full or incremental fingerprint of the team behind `client`. See docs/changes.md for what
 * the modes cost and what they assume.
 */
export async function snapshot(
  client: ScimClient,
  options: SnapshotOptions = {},
): Promise<Snapshot> {
  checkOptions(options);
  const r = resolve(options);
  const now = options.now ?? (() => new Date());
  const started = now();
  const previous = options.previous;
  const mode = options.mode ?? 'auto';
  let incremental = false;
  if (mode !== 'full' && previous) {
    const why = cannotIncrement(previous, r) ?? (await serverCannotIncrement(client));
    if (why && mode === 'incremental')
      throw new Error(
        `snapshot: an incremental snapshot is not possible: ${why}. Use mode "auto" or "full".`,
      );
    incremental = !why;
  } else if (mode === 'incremental')
    throw new Error(
      'snapshot: mode "incremental" needs `previous`, a snapshot taken earlier with the same options.',
    );
  const latest = new Latest();
  const body =
    incremental && previous
      ? await takeIncremental(client, previous, r, latest)
      : await takeFull(client, r, latest);
  const wm = watermark(started, latest, options.overlapMs ?? 300_000);
  return {
    v: SNAPSHOT_VERSION,
    cfg: r.cfg,
    at: started.toISOString(),
    mode: incremental ? 'incremental' : 'full',
    ...(wm === undefined ? {} : { wm }),
    ...body,
  };
}

function checkOptions(options: SnapshotOptions): void {
  const { mode, overlapMs, pageSize } = options;
  if (mode !== undefined && !['auto', 'full', 'incremental'].includes(mode))
    throw new TypeError(
      `snapshot: mode must be "auto", "full" or "incremental", got ${JSON.stringify(mode)}.`,
    );
  if (overlapMs !== undefined && !(Number.isFinite(overlapMs) && overlapMs >= 0))
    throw new RangeError(
      `snapshot: overlapMs must be a number of milliseconds >= 0, got ${overlapMs}.`,
    );
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1))
    throw new RangeError(`snapshot: pageSize must be a whole number >= 1, got ${pageSize}.`);
}

/**
 * The earlier of (start - overlap) and the newest change seen: anything changed after this
 * snapshot read it carries a later timestamp, as long as the server's clock is within
 * `overlapMs` of ours. Starting earlier only re-reads a few unchanged resources.
 */
function watermark(started: Date, latest: Latest, overlapMs: number): string | undefined {
  if (latest.missing) return undefined;
  const from = Math.min(started.getTime() - overlapMs, latest.ms);
  return Number.isFinite(from)
    ? new Date(from).toISOString()
    : new Date(started.getTime() - overlapMs).toISOString();
}

function cannotIncrement(previous: Snapshot, r: Resolved): string | undefined {
  if (previous.v !== SNAPSHOT_VERSION) return 'the previous snapshot is from another version';
  if (previous.cfg !== r.cfg) return 'the previous snapshot was taken with other attributes';
  if (!previous.wm)
    return 'the previous snapshot has no watermark (the server returned no meta.lastModified)';
  return undefined;
}

/**
 * Asks whether the server really filters on meta.lastModified: a filter no resource can match
 * must return nothing. A server that rejects the filter, or ignores it, gets full snapshots.
 */
async function serverCannotIncrement(client: ScimClient): Promise<string | undefined> {
  const caps = await client.discover();
  if (!caps.filter) return 'the server does not support filtering';
  try {
    for (const resource of [client.users, client.groups]) {
      const page = await resource.listPage({
        filter: 'meta.lastModified gt "9999-12-31T23:59:59Z"',
        attributes: 'id',
        count: 1,
      });
      if ((page.Resources ?? []).length > 0 || (page.totalResults ?? 0) > 0)
        return `the server ignores a filter on meta.lastModified (${resource.endpoint})`;
    }
  } catch (e) {
    if (e instanceof ScimError && e.kind === 'invalid')
      return `the server rejects a filter on meta.lastModified (${e.detail ?? e.message})`;
    throw e;
  }
  return undefined;
}

async function takeFull(
  client: ScimClient,
  r: Resolved,
  latest: Latest,
): Promise<Pick<Snapshot, 'users' | 'groups'>> {
  const users = new Map<string, string>();
  for await (const u of client.users.list(listOptions(r, r.userAttributes)))
    if (u.id) {
      latest.see(u);
      users.set(u.id, userEntry(u, r));
    }
  const groups = new Map<string, SnapshotGroup>();
  for await (const g of client.groups.list(listOptions(r, r.groupAttributes)))
    if (g.id) {
      latest.see(g);
      groups.set(g.id, groupEntry(g, r));
    }
  return { users: Object.fromEntries(users), groups: Object.fromEntries(groups) };
}

async function allIds(list: AsyncIterable<{ id?: string }>): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const x of list) if (x.id) ids.add(x.id);
  return ids;
}

/**
 * Changed resources (lastModified >= watermark) with their attributes, plus every id with
 * `attributes=id` to find deletions. `ge` rather than `gt`: a write in the same clock tick as
 * the watermark must not be missed; re-reading an unchanged resource costs nothing.
 */
async function takeIncremental(
  client: ScimClient,
  previous: Snapshot,
  r: Resolved,
  latest: Latest,
): Promise<Pick<Snapshot, 'users' | 'groups'>> {
  const since = `meta.lastModified ge ${JSON.stringify(previous.wm)}`;
  const changedUsers = new Map<string, string>();
  for await (const u of client.users.list(listOptions(r, r.userAttributes, since)))
    if (u.id) {
      latest.see(u);
      changedUsers.set(u.id, userEntry(u, r));
    }
  const userIds = await allIds(client.users.list({ attributes: 'id', ...pageSizeOf(r) }));
  const users = new Map<string, string>();
  for (const id of userIds) {
    const entry =
      changedUsers.get(id) ?? (Object.hasOwn(previous.users, id) ? previous.users[id] : undefined);
    // Created after the changed-users listing and before the id listing: read it now.
    users.set(
      id,
      entry ?? userEntry(await client.users.get(id, { attributes: r.userAttributes }), r),
    );
  }
  const changedGroups = new Map<string, SnapshotGroup>();
  for await (const g of client.groups.list(listOptions(r, r.groupAttributes, since)))
    if (g.id) {
      latest.see(g);
      changedGroups.set(g.id, groupEntry(g, r));
    }
  const groupIds = await allIds(client.groups.list({ attributes: 'id', ...pageSizeOf(r) }));
  const groups = new Map<string, SnapshotGroup>();
  for (const id of groupIds) {
    const fresh = changedGroups.get(id);
    if (fresh) {
      groups.set(id, fresh);
      continue;
    }
    const prior = Object.hasOwn(previous.groups, id) ? previous.groups[id] : undefined;
    if (!prior) {
      groups.set(id, groupEntry(await client.groups.get(id, { attributes: r.groupAttributes }), r));
      continue;
    }
    // Deleting a user ends its memberships without every server touching the group's
    // lastModified; members that are neither users nor groups any more are dropped here.
    groups.set(id, { ...prior, m: prior.m.filter((m) => userIds.has(m) || groupIds.has(m)) });
  }
  return { users: Object.fromEntries(users), groups: Object.fromEntries(groups) };
}

function pageSizeOf(r: Resolved): { pageSize?: number } {
  return r.pageSize === undefined ? {} : { pageSize: r.pageSize };
}
