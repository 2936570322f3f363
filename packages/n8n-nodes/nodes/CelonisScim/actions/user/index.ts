import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { activate, deactivate } from './setActive.operation';
import { create } from './create.operation';
import { deleteUser } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getGroups } from './getGroups.operation';
import { addToGroup, removeFromGroup } from './groupMembership.operation';
import { offboard } from './offboard.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

export const userOperations: Record<string, Operation> = {
  create,
  upsert,
  get,
  getAll,
  update,
  activate,
  deactivate,
  delete: deleteUser,
  getGroups,
  addToGroup,
  removeFromGroup,
  offboard,
};

export const userDescription: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['user'] } },
    default: 'upsert',
    options: [
      {
        name: 'Activate',
        value: 'activate',
        description: 'Let a user sign in again',
        action: 'Activate user',
      },
      {
        name: 'Add to Group',
        value: 'addToGroup',
        description: 'Add a user to one or more groups',
        action: 'Add user to groups',
      },
      { name: 'Create', value: 'create', description: 'Create a user', action: 'Create user' },
      {
        name: 'Create or Update',
        value: 'upsert',
        description: 'Create a new record, or update the current one if it already exists (upsert)',
        action: 'Create or update user',
      },
      {
        name: 'Deactivate',
        value: 'deactivate',
        description: 'Stop a user from signing in, keeping the account',
        action: 'Deactivate user',
      },
      { name: 'Delete', value: 'delete', description: 'Delete a user', action: 'Delete user' },
      { name: 'Get', value: 'get', description: 'Get a user', action: 'Get user' },
      {
        name: 'Get Groups',
        value: 'getGroups',
        description: 'Get the groups a user belongs to',
        action: 'Get groups of user',
      },
      {
        name: 'Get Many',
        value: 'getAll',
        description: 'Get many users, optionally filtered',
        action: 'Get many users',
      },
      {
        name: 'Offboard',
        value: 'offboard',
        description: 'Remove a user from every group and deactivate them, in one step',
        action: 'Offboard user',
      },
      {
        name: 'Remove From Group',
        value: 'removeFromGroup',
        description: 'Remove a user from one or more groups',
        action: 'Remove user from groups',
      },
      {
        name: 'Update',
        value: 'update',
        description: 'Change chosen fields of a user',
        action: 'Update user',
      },
    ],
  },
  ...Object.values(userOperations).flatMap((op) => op.description),
];
