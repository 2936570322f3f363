import {
  mapBounded,
  ScimError,
  type ChangeEvent,
  type ScimClient,
  type ScimGroup,
  type ScimUser,
} from '@celonis-scim/core';

/** The current users and groups the events of one poll refer to. */
export interface Details {
  users: Map<string, ScimUser>;
  groups: Map<string, ScimGroup>;
}

/**
 * Above this many ids, one listing of the team is cheaper than a GET per id (a page holds up to
 * 100 resources on most servers, and a bulk import can touch thousands of users at once).
 */
const ONE_BY_ONE_LIMIT = 25;
const CONCURRENCY = 4;

/** The ids whose current resource an event item shows; deleted resources have none. */
function wanted(events: readonly ChangeEvent[]): { users: Set<string>; groups: Set<string> } {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const e of events) {
    if (e.type === 'member.added' || e.type === 'member.removed') {
      groups.add(e.groupId);
      if (e.cause !== 'user.deleted') users.add(e.userId);
    } else if (e.type === 'group.created' || e.type === 'group.updated') groups.add(e.id);
    else if (e.type !== 'group.deleted' && e.type !== 'user.deleted') users.add(e.id);
  }
  return { users, groups };
}

async function fetchSome<T extends { id?: string }>(
  ids: ReadonlySet<string>,
  one: (id: string) => Promise<T>,
  all: () => AsyncIterable<T>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  if (ids.size > ONE_BY_ONE_LIMIT) {
    for await (const r of all()) if (r.id && ids.has(r.id)) found.set(r.id, r);
    return found;
  }
  const failures = await mapBounded([...ids], CONCURRENCY, async (id) => {
    try {
      found.set(id, await one(id));
      return undefined;
    } catch (e) {
      // Gone since the snapshot: the item keeps what the snapshot knew.
      return e instanceof ScimError && e.kind === 'notFound' ? undefined : e;
    }
  });
  const failure = failures.find((f) => f !== undefined);
  if (failure !== undefined) throw failure;
  return found;
}

export async function fetchDetails(
  client: ScimClient,
  events: readonly ChangeEvent[],
): Promise<Details> {
  const ids = wanted(events);
  const noMembers = { excludedAttributes: 'members' };
  return {
    users: await fetchSome(
      ids.users,
      (id) => client.users.get(id),
      () => client.users.list({}),
    ),
    groups: await fetchSome(
      ids.groups,
      (id) => client.groups.get(id, noMembers),
      () => client.groups.list(noMembers),
    ),
  };
}
