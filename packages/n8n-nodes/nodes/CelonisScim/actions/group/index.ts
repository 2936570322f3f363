import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { FROM_V1_1, ONLY_V1 } from '../../helpers/versions';
import { addMembers, removeMembers, setMembers } from './changeMembers.operation';
import { create } from './create.operation';
import { deleteGroup } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getMembers } from './getMembers.operation';
import { update } from './update.operation';

export const groupOperations: Record<string, Operation> = {
  create,
  get,
  getAll,
  update,
  delete: deleteGroup,
  getMembers,
  addMembers,
  removeMembers,
  setMembers,
};

const groupOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  default: 'getAll',
  options: [
    {
      name: 'Add Members',
      value: 'addMembers',
      description: 'Add users to a group (many per item, batched)',
      action: 'Add members to group',
    },
    { name: 'Create', value: 'create', description: 'Create a group', action: 'Create group' },
    { name: 'Delete', value: 'delete', description: 'Delete a group', action: 'Delete group' },
    { name: 'Get', value: 'get', description: 'Get a group', action: 'Get group' },
    {
      name: 'Get Many',
      value: 'getAll',
      description: 'Get many groups',
      action: 'Get many groups',
    },
    {
      name: 'Get Members',
      value: 'getMembers',
      description: 'Get the members of a group',
      action: 'Get members of group',
    },
    {
      name: 'Remove Members',
      value: 'removeMembers',
      description: 'Remove users from a group (many per item, batched)',
      action: 'Remove members from group',
    },
    {
      name: 'Set Members',
      value: 'setMembers',
      description: 'Make the member list exactly the given users (group sync)',
      action: 'Set members of group',
    },
    {
      name: 'Update',
      value: 'update',
      description: 'Rename a group or change its external ID',
      action: 'Update group',
    },
  ],
};

/**
 * The Operation list, once per version: version 1 opens on Add Members (saved workflows that
 * relied on that default keep doing it), 1.1 on Get Many, the read most workflows start with.
 */
export const groupDescription: INodeProperties[] = [
  {
    ...groupOperation,
    default: 'addMembers',
    displayOptions: { show: { resource: ['group'], ...ONLY_V1 } },
  },
  {
    ...groupOperation,
    displayOptions: { show: { resource: ['group'], ...FROM_V1_1 } },
  },
  ...Object.values(groupOperations).flatMap((op) => op.description),
];
