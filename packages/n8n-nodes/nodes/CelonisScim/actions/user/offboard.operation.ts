import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';

const properties: INodeProperties[] = [
  userLocator(),
  {
    displayName: 'Remove From Groups',
    name: 'removeFromGroups',
    type: 'boolean',
    default: true,
    description: 'Whether to remove the user from every group of the team',
  },
  {
    displayName: 'Deactivate',
    name: 'deactivateUser',
    type: 'boolean',
    default: true,
    description: 'Whether to deactivate the user (they can no longer sign in; nothing is deleted)',
  },
];

/**
 * The HR offboarding step. Groups go first: a user deactivated but still in a group would keep
 * showing up in group-based access reviews.
 */
export const offboard: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['offboard'] } },
    properties,
  ),
  async execute(client, i) {
    const id = await resolveUserId(this, client, i);
    const removedFrom: Array<{ id: string; displayName: string }> = [];
    if (this.getNodeParameter('removeFromGroups', i, true) as boolean) {
      for (const group of await client.users.groupsOf(id)) {
        if (!group.id) continue;
        await client.groups.removeMembers(group.id, [id]);
        removedFrom.push({ id: group.id, displayName: group.displayName });
      }
    }
    let active: boolean | undefined;
    let userName: string | undefined;
    if (this.getNodeParameter('deactivateUser', i, true) as boolean) {
      const user = await client.users.deactivate(id);
      active = user.active ?? false;
      userName = user.userName;
    }
    return [
      {
        id,
        ...(userName !== undefined ? { userName } : {}),
        ...(active !== undefined ? { active } : {}),
        removedFromGroups: removedFrom,
        groupsRemoved: removedFrom.length,
      },
    ];
  },
};
