import { bulkItemError, bulkStatus, chunkOperations, sendBulk } from '../bulk.js';
import { ScimError } from '../errors.js';
import { quote } from '../filter-gate.js';
import { idProblem } from '../ids.js';
import {
  SCHEMA_GROUP,
  SCHEMA_PATCH_OP,
  type BulkOperation,
  type GroupMember,
  type PatchOperation,
  type PatchRequest,
  type ScimGroup,
} from '../types/index.js';
import { ResourceClient, type ClientContext } from './base.js';

/** PATCH batches (of `batchSize` members each) carried by one /Bulk request. */
const MEMBER_BATCHES_PER_BULK = 10;

export interface MemberBatchOptions {
  /** Members per PATCH request. Default 100. */
  batchSize?: number | undefined;
  /**
   * Send the PATCH batches inside /Bulk requests when the server offers bulk (fewer round
   * trips for large changes). Default true; member changes are safe to resend either way.
   */
  bulk?: boolean | undefined;
}

export interface MemberChangeResult {
  /** Member ids sent (after removing duplicates). */
  changed: number;
  /** PATCH (or PUT) requests made. */
  requests: number;
}

export class GroupsClient extends ResourceClient<ScimGroup> {
  constructor(ctx: ClientContext) {
    super(ctx, '/Groups', SCHEMA_GROUP, 'displayName');
  }

  /**
   * The group's path and the member ids without duplicates, all checked before anything is sent:
   * a member id goes into a PATCH body or value filter, and must be an id as much as the group's.
   */
  private memberChange(
    groupId: string,
    userIds: readonly string[],
  ): { path: string; ids: string[] } {
    const path = this.pathOf(groupId, 'PATCH', 'the group id');
    const iterable = userIds as unknown;
    if (
      typeof iterable !== 'object' ||
      iterable === null ||
      typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function'
    )
      throw this.invalid(
        'PATCH',
        path,
        'the member ids are not a list',
        'Pass an array of user ids.',
      );
    const ids = new Set<string>();
    for (const id of userIds) {
      const problem = idProblem(id, 'a member id');
      if (problem)
        throw this.invalid('PATCH', `${this.endpoint}/{id}`, problem.detail, problem.hint);
      ids.add(id);
    }
    return { path, ids: [...ids] };
  }

  getByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
    if (typeof displayName !== 'string' || !displayName.trim())
      throw this.invalid(
        'GET',
        '/Groups',
        'displayName is empty',
        'Pass the displayName of the group to look up.',
      );
    return this.findOne(`displayName eq ${quote(displayName)}`, {
      excludedAttributes: 'members',
      wholeIfRefused: true,
    });
  }

  /** The members of a group, one by one (SCIM returns them with the group, in one response). */
  async *members(groupId: string): AsyncGenerator<GroupMember, void, undefined> {
    const group = await this.get(groupId, { attributes: 'members', wholeIfRefused: true });
    for (const m of group.members ?? []) yield m;
  }

  /**
   * Adds users to a group, `batchSize` per PATCH (10,000 members take 100 requests). Re-adding
   * a member is harmless on most servers, so these requests are retried like idempotent ones;
   * some servers list a member added twice twice, so where the members are not known yet,
   * `addAbsentMembers` reads them first. Servers without PATCH get one read-modify-write PUT,
   * guarded by If-Match where they support ETags.
   */
  async addMembers(
    groupId: string,
    userIds: readonly string[],
    options: MemberBatchOptions = {},
  ): Promise<MemberChangeResult> {
    const { ids } = this.memberChange(groupId, userIds);
    if (ids.length === 0) return { changed: 0, requests: 0 };
    if (!(await this.capabilities()).patch) {
      await this.modify(groupId, (g) => {
        const have = new Set((g.members ?? []).map((m) => m.value));
        return {
          ...g,
          members: [
            ...(g.members ?? []),
            ...ids.filter((id) => !have.has(id)).map((value) => ({ value })),
          ],
        };
      });
      return { changed: ids.length, requests: 1 };
    }
    return this.inBatches(groupId, ids, options, (batch) => [
      { op: 'add', path: 'members', value: batch.map((value) => ({ value })) },
    ]);
  }

  /**
   * Adds the users that are not members yet: the group's members are read first and members
   * already there are not sent again. RFC 7644 3.5.2.1 says a server SHOULD NOT list a member
   * twice, but some append a member added again as a second copy.
   */
  async addAbsentMembers(
    groupId: string,
    userIds: readonly string[],
    options: MemberBatchOptions = {},
  ): Promise<MemberChangeResult & { present: number }> {
    const { ids } = this.memberChange(groupId, userIds);
    if (ids.length === 0) return { changed: 0, requests: 0, present: 0 };
    const current = new Set<string>();
    for await (const m of this.members(groupId)) current.add(m.value);
    const absent = ids.filter((id) => !current.has(id));
    const done = await this.addMembers(groupId, absent, options);
    return { ...done, present: ids.length - absent.length };
  }

  /** Removes users from a group, `batchSize` per PATCH; ids that are not members are ignored by the server. */
  async removeMembers(
    groupId: string,
    userIds: readonly string[],
    options: MemberBatchOptions = {},
  ): Promise<MemberChangeResult> {
    const { ids } = this.memberChange(groupId, userIds);
    if (ids.length === 0) return { changed: 0, requests: 0 };
    if (!(await this.capabilities()).patch) {
      const drop = new Set(ids);
      await this.modify(groupId, (g) => ({
        ...g,
        members: (g.members ?? []).filter((m) => !drop.has(m.value)),
      }));
      return { changed: ids.length, requests: 1 };
    }
    return this.inBatches(groupId, ids, options, (batch) =>
      batch.map((id) => ({ op: 'remove' as const, path: `members[value eq ${quote(id)}]` })),
    );
  }

  /**
   * Makes the member list exactly `userIds`, sending only the differences: members already
   * there are never sent again, and a member the group lists more than once (a server that
   * appends a member added twice) is collapsed to one entry.
   */
  async replaceMembers(
    groupId: string,
    userIds: readonly string[],
    options: MemberBatchOptions = {},
  ): Promise<{ added: number; removed: number; collapsed: number }> {
    const wanted = new Set(this.memberChange(groupId, userIds).ids);
    const copies = new Map<string, number>();
    for await (const m of this.members(groupId))
      copies.set(m.value, (copies.get(m.value) ?? 0) + 1);
    const add = [...wanted].filter((id) => !copies.has(id));
    const remove = [...copies.keys()].filter((id) => !wanted.has(id));
    const twice = [...copies].filter(([id, n]) => n > 1 && wanted.has(id)).map(([id]) => id);
    await this.removeMembers(groupId, remove, options);
    await this.collapseMembers(groupId, twice, options);
    await this.addMembers(groupId, add, options);
    return { added: add.length, removed: remove.length, collapsed: twice.length };
  }

  /**
   * Leaves one entry of each member listed more than once: every copy removed and one added in
   * the same PATCH, so the member is never out of the group (and sending it again is harmless).
   */
  private async collapseMembers(
    groupId: string,
    ids: string[],
    options: MemberBatchOptions,
  ): Promise<void> {
    if (ids.length === 0) return;
    if (!(await this.capabilities()).patch) {
      await this.modify(groupId, (g) => {
        const seen = new Set<string>();
        const members = (g.members ?? []).filter((m) => !seen.has(m.value) && seen.add(m.value));
        return { ...g, members };
      });
      return;
    }
    await this.inBatches(groupId, ids, options, (batch) =>
      batch.flatMap((id) => [
        { op: 'remove' as const, path: `members[value eq ${quote(id)}]` },
        { op: 'add' as const, path: 'members', value: [{ value: id }] },
      ]),
    );
  }

  private async inBatches(
    groupId: string,
    ids: string[],
    options: MemberBatchOptions,
    toOps: (batch: string[]) => PatchOperation[],
  ): Promise<MemberChangeResult> {
    const size = options.batchSize ?? 100;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`batchSize must be a whole number >= 1, got ${size}`);
    const path = this.pathOf(groupId, 'PATCH');
    const bodies: PatchRequest[] = [];
    for (let i = 0; i < ids.length; i += size)
      bodies.push({ schemas: [SCHEMA_PATCH_OP], Operations: toOps(ids.slice(i, i + size)) });
    const caps = await this.capabilities();
    let requests = 0;
    let sent = 0;
    if (bodies.length > 1 && options.bulk !== false && caps.bulk.supported) {
      ({ requests, sent } = await this.patchViaBulk(path, bodies));
    }
    for (const body of bodies.slice(sent)) {
      await this.send({
        method: 'PATCH',
        path,
        // The answer would repeat the whole member list; only the status matters here. Asked
        // for by header, never by `excludedAttributes` on the write (see RequestSpec.query).
        minimal: true,
        body,
        idempotent: true,
      });
      requests++;
    }
    return { changed: ids.length, requests };
  }

  /**
   * Sends member PATCHes through /Bulk, a few batches per request: one request carrying every
   * batch of a large group can outlast the request timeout, and its failure would cost the
   * whole group again. Returns the requests made and how many batches were applied; when a
   * bulk request fails in a way that plain PATCHes may get past, the caller sends the rest
   * one by one (member changes are safe to resend).
   */
  private async patchViaBulk(
    path: string,
    bodies: PatchRequest[],
  ): Promise<{ requests: number; sent: number }> {
    const caps = await this.capabilities();
    let requests = 0;
    let sent = 0;
    while (sent < bodies.length) {
      const chunk = bodies.slice(sent, sent + MEMBER_BATCHES_PER_BULK);
      const ops: BulkOperation[] = chunk.map((data) => ({ method: 'PATCH', path, data }));
      let response;
      try {
        response = await sendBulk(this.ctx.http, this.ctx.discovery, ops);
      } catch (e) {
        if (e instanceof ScimError && ['auth', 'forbidden', 'notFound'].includes(e.kind)) throw e;
        return { requests, sent };
      }
      const failed = response.Operations.find((r) => {
        const status = bulkStatus(r);
        return status < 200 || status >= 300;
      });
      if (failed) throw bulkItemError({ ...failed, location: failed.location ?? path });
      requests += chunkOperations(ops, caps.bulk.maxOperations, caps.bulk.maxPayloadSize).length;
      sent += chunk.length;
    }
    return { requests, sent };
  }
}
