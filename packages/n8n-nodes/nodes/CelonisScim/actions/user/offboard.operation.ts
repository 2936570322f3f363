import { NodeOperationError, updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
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
      const { removed, remaining: left } = await client.users.leaveAllGroups(id);
      for (const group of removed)
        removedFrom.push({ id: group.id!, displayName: group.displayName });
      if (left.length > 0)
        throw new NodeOperationError(
          this.getNode(),
          `The user is still a member of ${left.length} group(s) after removal: ${left
            .map((g) => g.displayName || g.id)
            .join(', ')}`,
          {
            itemIndex: i,
            description:
              'The server did not apply the removal. Nothing was deactivated; check the groups in the team and run the step again.',
          },
        );
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
