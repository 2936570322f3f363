import type { ScimClient } from '@celonis-scim/core';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { parseList } from '../actions/group/members';

/**
 * The groups an item names in `param` (display names, or ids where "Identify Groups By" says
 * so), every unknown name reported at once: looked up before anything is written, so a typo
 * in one group changes nothing. `required` refuses an empty list.
 */
export async function groupsNamed(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  param: string,
  required: boolean,
): Promise<Array<{ id: string; displayName: string }>> {
  const values = parseList(ctx.getNodeParameter(param, i, ''));
  if (values.length === 0) {
    if (!required) return [];
    throw new NodeOperationError(ctx.getNode(), 'No groups given', {
      itemIndex: i,
      description: 'Enter at least one group display name or ID under "Groups".',
    });
  }
  if ((ctx.getNodeParameter('groupIdType', i, 'displayName') as string) === 'id')
    return values.map((id) => ({ id, displayName: id }));
  const found: Array<{ id: string; displayName: string }> = [];
  const missing: string[] = [];
  for (const name of values) {
    const g = await client.groups.getByDisplayName(name);
    if (g?.id) found.push({ id: g.id, displayName: g.displayName });
    else missing.push(name);
  }
  if (missing.length)
    throw new NodeOperationError(
      ctx.getNode(),
      `No group named ${missing.map((m) => JSON.stringify(m)).join(', ')} in this team`,
      {
        itemIndex: i,
        description: 'Create the groups first (Group > Create), or fix the spelling.',
      },
    );
  return found;
}

/** Adds the user to the groups, one PATCH each (re-adding a member is harmless). */
export async function joinGroups(
  client: ScimClient,
  userId: string,
  groups: ReadonlyArray<{ id: string }>,
): Promise<void> {
  for (const g of groups) await client.groups.addMembers(g.id, [userId]);
}
