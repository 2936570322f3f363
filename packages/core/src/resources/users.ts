import { TYPE_READ_ONLY_ATTRIBUTES } from '../attributes.js';
import { bulkItemError, bulkStatus, sendBulk } from '../bulk.js';
import { mapBounded, Semaphore, withPermit } from '../concurrency.js';
import { ScimError, isTransient } from '../errors.js';
import { filterRefused, quote } from '../filter-gate.js';
import { SCHEMA_USER, type ScimGroup, type ScimUser } from '../types/index.js';
import { ResourceClient, type ClientContext } from './base.js';
import type { GroupsClient } from './groups.js';

export interface ProvisionProgress {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
}

export type ProvisionResult =
  | { index: number; userName: string; ok: true; user: ScimUser }
  | { index: number; userName: string; ok: false; error: ScimError };

export interface ProvisionOptions {
  /** Requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  onProgress?: ((progress: ProvisionProgress) => void) | undefined;
  /** Use /Bulk when the server offers it. Default true. */
  bulk?: boolean | undefined;
}

export class UsersClient extends ResourceClient<ScimUser> {
  constructor(
    ctx: ClientContext,
    private readonly groupsClient: () => GroupsClient,
  ) {
    super(ctx, '/Users', SCHEMA_USER, 'userName');
  }

  /** Drops what is read-only on a User (`groups`: memberships change on the Group). */
  protected override withSchemas(user: ScimUser): ScimUser {
    const rest: Record<string, unknown> = { ...user };
    for (const name of TYPE_READ_ONLY_ATTRIBUTES.User) delete rest[name];
    return super.withSchemas(rest as ScimUser);
  }

  getByUserName(userName: string): Promise<ScimUser | undefined> {
    if (typeof userName !== 'string' || !userName.trim())
      throw this.invalid(
        'GET',
        '/Users',
        'userName is empty',
        'Pass the userName to look up (usually the e-mail address).',
      );
    return this.findOne(`userName eq ${quote(userName)}`);
  }

  activate(id: string): Promise<ScimUser> {
    return this.setActive(id, true);
  }

  deactivate(id: string): Promise<ScimUser> {
    return this.setActive(id, false);
  }

  /**
   * The first half of offboarding: takes the user out of every group of the team, then reads
   * the user's groups again. `remaining` is checked, not assumed: a server that misread the
   * removal must not let a face report "offboarded" while access remains (each face says so in
   * its own words and deactivates nothing then).
   */
  async leaveAllGroups(userId: string): Promise<{ removed: ScimGroup[]; remaining: ScimGroup[] }> {
    const removed = (await this.groupsOf(userId)).filter((g) => typeof g.id === 'string');
    for (const group of removed) await this.groupsClient().removeMembers(group.id!, [userId]);
    const remaining = (await this.groupsOf(userId)).filter((g) => typeof g.id === 'string');
    return { removed, remaining };
  }

  private async setActive(id: string, active: boolean): Promise<ScimUser> {
    this.pathOf(id, 'PATCH');
    if ((await this.capabilities()).patch)
      return this.patch(id, [{ op: 'replace', path: 'active', value: active }], {
        idempotent: true,
      });
    return this.modify(id, (u) => ({ ...u, active }));
  }

  /**
   * The groups a user belongs to in this team: Groups filtered by `members[value eq "<id>"]`.
   * When the server rejects that filter (some do as soon as one group is empty) or does not
   * filter at all, the user's read-only `groups` attribute answers if it names any group;
   * otherwise the groups are paged through and their members compared here. An absent
   * `groups` attribute is never read as "no groups": some servers do not fill it at all. A
   * server error on that filter (one server fails it while any group is empty) takes the same
   * way, with a note: the filter is a shortcut, the groups themselves still answer.
   */
  async groupsOf(userId: string): Promise<ScimGroup[]> {
    this.pathOf(userId, 'GET');
    const groups = this.groupsClient();
    // Once the filter failed, this client goes the long way at once (no retries of a 500 first).
    if ((await this.capabilities()).filter && !this.ctx.notes.has(MEMBER_FILTER_FAILED)) {
      const filter = `members[value eq ${quote(userId)}]`;
      try {
        const found: ScimGroup[] = [];
        for await (const g of groups.list({
          filter,
          excludedAttributes: 'members',
          wholeIfRefused: true,
        }))
          found.push(g);
        return found.map(withoutMembers);
      } catch (e) {
        if (!filterRefused(e) && !memberFilterFailed(e)) throw e;
        if (memberFilterFailed(e))
          this.ctx.notes.add(
            MEMBER_FILTER_FAILED,
            `The server failed the filter ${filter} (HTTP ${e.status}${e.detail ? `: ${e.detail}` : ''}); groupsOf reads the groups themselves instead.`,
          );
      }
    }
    const user = await this.get(userId, { attributes: 'groups', wholeIfRefused: true });
    const refs = (user.groups ?? []).filter((g) => typeof g.value === 'string');
    if (refs.length > 0)
      return (
        await Promise.all(
          refs.map((g) =>
            groups.get(g.value as string, { excludedAttributes: 'members', wholeIfRefused: true }),
          ),
        )
      ).map(withoutMembers);
    const found: ScimGroup[] = [];
    for await (const g of groups.list()) {
      if ((g.members ?? []).some((m) => m.value === userId)) found.push(withoutMembers(g));
    }
    return found;
  }

  /**
   * Creates many users with bounded concurrency (through /Bulk where the server offers it),
   * reporting progress and one result per input, in input order. Nothing is dropped: a user
   * that failed has `ok: false` and the error.
   */
  async provision(
    users: readonly ScimUser[],
    options: ProvisionOptions = {},
  ): Promise<ProvisionResult[]> {
    users.forEach((u) => this.checkNew(u));
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw this.invalid(
        'POST',
        '/Users',
        `concurrency must be a whole number >= 1, got ${String(concurrency)}`,
        'Pass the number of requests to keep in flight at once (default 4), or leave it out.',
      );
    const progress: ProvisionProgress = { done: 0, total: users.length, succeeded: 0, failed: 0 };
    const results = new Array<ProvisionResult>(users.length);
    const settle = (r: ProvisionResult) => {
      results[r.index] = r;
      progress.done++;
      if (r.ok) progress.succeeded++;
      else progress.failed++;
      options.onProgress?.({ ...progress });
    };
    const one = async (index: number, lookupFirst = false) => {
      const user = users[index] as ScimUser;
      try {
        const existing = lookupFirst ? await this.getByUserName(user.userName) : undefined;
        settle({
          index,
          userName: user.userName,
          ok: true,
          user: existing ?? (await this.create(user)),
        });
      } catch (e) {
        settle({ index, userName: user.userName, ok: false, error: asScimError(e) });
      }
    };
    const caps = await this.capabilities();
    if (options.bulk === false || !caps.bulk.supported || users.length < 2) {
      await mapBounded(
        users.map((_, i) => i),
        concurrency,
        (i) => one(i),
      );
      return results;
    }
    const size = Math.max(1, Math.min(caps.bulk.maxOperations, 100));
    const chunks: number[][] = [];
    for (let i = 0; i < users.length; i += size)
      chunks.push(Array.from({ length: Math.min(size, users.length - i) }, (_, k) => i + k));
    // One budget for the whole call: a /Bulk request, or one user's lookup and create, holds a
    // permit, so a chunk falling back to single requests while another chunk's /Bulk is in flight
    // still keeps `concurrency` requests at most in flight.
    const permits = new Semaphore(concurrency);
    const fallback = (indexes: number[]) =>
      mapBounded(indexes, concurrency, (i) => withPermit(permits, () => one(i, true)));
    await mapBounded(chunks, Math.max(1, Math.min(concurrency, 2)), (chunk) =>
      this.provisionChunk(users, chunk, settle, permits, fallback),
    );
    return results;
  }

  private async provisionChunk(
    users: readonly ScimUser[],
    chunk: number[],
    settle: (r: ProvisionResult) => void,
    permits: Semaphore,
    fallback: (indexes: number[]) => Promise<unknown>,
  ): Promise<void> {
    let response;
    try {
      response = await withPermit(permits, () =>
        sendBulk(
          this.ctx.http,
          this.ctx.discovery,
          chunk.map((i) => ({
            method: 'POST' as const,
            path: '/Users',
            bulkId: `u${i}`,
            data: this.withSchemas(users[i] as ScimUser),
          })),
        ),
      );
    } catch (e) {
      const error = asScimError(e);
      const transient = error.ambiguous || isTransient(error.kind);
      if (!transient) {
        for (const i of chunk)
          settle({ index: i, userName: (users[i] as ScimUser).userName, ok: false, error });
        return;
      }
      // The request may have been applied in part: look each user up before creating it. Each
      // user is handled by one task only, so lookups and creates of different users may overlap.
      await fallback(chunk);
      return;
    }
    const byBulkId = new Map(response.Operations.map((r) => [r.bulkId, r]));
    // An operation the response leaves out may or may not have been applied: look it up too.
    const unreported: number[] = [];
    for (const i of chunk) {
      const user = users[i] as ScimUser;
      const r = byBulkId.get(`u${i}`);
      if (!r) {
        unreported.push(i);
        continue;
      }
      const status = bulkStatus(r);
      if (status >= 200 && status < 300) {
        const created = (r.response && typeof r.response === 'object' ? r.response : undefined) as
          ScimUser | undefined;
        const id = created?.id ?? r.location?.split('/').pop();
        settle({
          index: i,
          userName: user.userName,
          ok: true,
          user: created ?? { ...user, ...(id ? { id } : {}) },
        });
        continue;
      }
      const error = bulkItemError(r);
      // An operation that failed transiently is sent again on its own, looked up first.
      if (isTransient(error.kind)) unreported.push(i);
      else settle({ index: i, userName: user.userName, ok: false, error });
    }
    if (unreported.length > 0) await fallback(unreported);
  }
}

const MEMBER_FILTER_FAILED = 'member-filter-failed';

/** A group as groupsOf returns it: members left out, also where the server sent them. */
function withoutMembers(g: ScimGroup): ScimGroup {
  const { members: _members, ...rest } = g;
  return rest as ScimGroup;
}

/** A 5xx to the member filter, after the client's retries: the server cannot evaluate it. */
function memberFilterFailed(e: unknown): e is ScimError {
  return e instanceof ScimError && e.kind === 'server' && e.status !== undefined;
}

function asScimError(e: unknown): ScimError {
  if (e instanceof ScimError) return e;
  return new ScimError({
    kind: 'unknown',
    method: 'POST',
    path: '/Users',
    detail: e instanceof Error ? e.message : String(e),
  });
}
