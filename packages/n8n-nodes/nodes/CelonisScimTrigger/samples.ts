import type { ChangeEvent, ChangeEventType, ScimClient } from '@celonis-scim/core';

/**
 * For a manual run without changes: the first resources of the team shaped as the chosen events,
 * so that a builder sees the data the trigger will emit. Reads one page of each kind.
 */
export async function sampleEvents(
  client: ScimClient,
  types: readonly ChangeEventType[],
  max: number,
): Promise<ChangeEvent[]> {
  const wantsUsers = types.some((t) => t.startsWith('user.'));
  const wantsGroups = types.some((t) => !t.startsWith('user.'));
  const users = wantsUsers
    ? ((await client.users.listPage({ count: max, attributes: ['userName', 'active'] }))
        .Resources ?? [])
    : [];
  const groups = wantsGroups
    ? ((await client.groups.listPage({ count: max })).Resources ?? [])
    : [];
  const out: ChangeEvent[] = [];
  for (const type of types) {
    if (type === 'member.added' || type === 'member.removed') {
      const group = groups.find((g) => (g.members ?? []).length > 0);
      for (const m of (group?.members ?? []).slice(0, max))
        out.push({ type, id: group!.id!, groupId: group!.id!, userId: m.value });
    } else if (type.startsWith('group.')) {
      for (const g of groups)
        out.push({ type: type as 'group.created', id: g.id!, displayName: g.displayName });
    } else if (type === 'user.deleted') {
      for (const u of users) out.push({ type, id: u.id!, userName: u.userName });
    } else {
      for (const u of users)
        out.push({
          type: type as 'user.created',
          id: u.id!,
          userName: u.userName,
          active: u.active !== false,
        });
    }
  }
  return out.slice(0, max);
}
