import { quoteFilterValue, ScimError, type GroupMember, type ScimClient } from '@celonis-scim/core';
import { updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { limitFields, take } from '../../helpers/options';
import { readLimit } from '../../helpers/parameters';

/**
 * The first `limit` members without reading the whole group, where the server filters users by
 * group: one list request of at most `limit` users. Each answer is checked (the users must say
 * they are in the group), so a server that ignores the filter is never taken at its word;
 * undefined means "read the group instead".
 */
async function firstMembers(
  client: ScimClient,
  groupId: string,
  limit: number,
): Promise<GroupMember[] | undefined> {
  if (!(await client.discover()).filter) return undefined;
  // A server that cannot filter users by group says so with 400 (or 501): read the group then.
  const page = await client.users
    .listPage({
      filter: `groups.value eq ${quoteFilterValue(groupId)}`,
      count: limit,
      attributes: ['userName', 'displayName', 'groups'],
    })
    .catch((e: unknown) =>
      e instanceof ScimError && (e.kind === 'invalid' || e.status === 501)
        ? undefined
        : Promise.reject(e),
    );
  if (!page) return undefined;
  const users = page.Resources ?? [];
  const confirmed = users.every((u) => (u.groups ?? []).some((g) => g.value === groupId));
  if (!confirmed || (users.length < limit && (page.totalResults ?? users.length) > users.length))
    return undefined;
  return users.map((u) => ({
    value: u.id as string,
    display: u.displayName ?? u.userName,
    type: 'User',
  }));
}

/** One output item per member. */
export const getMembers: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['getMembers'] } }, [
    groupLocator(),
    ...limitFields('group', 'getMembers'),
  ]),
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const limit = readLimit(this, i);
    const members =
      (limit !== undefined ? await firstMembers(client, id, limit) : undefined) ??
      (await take(client.groups.members(id), limit));
    return members.map((m) => ({
      groupId: id,
      id: m.value,
      ...(m.display !== undefined ? { display: m.display } : {}),
      ...(m.type !== undefined ? { type: m.type } : {}),
    }));
  },
};
