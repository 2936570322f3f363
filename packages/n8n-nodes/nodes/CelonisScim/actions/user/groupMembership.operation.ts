import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { groupsNamed } from '../../helpers/groups';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';

function groupFields(operation: string, verb: string): INodeProperties[] {
  return [
    userLocator(),
    {
      displayName: 'Identify Groups By',
      name: 'groupIdType',
      type: 'options',
      default: 'displayName',
      options: [
        { name: 'Display Name', value: 'displayName' },
        { name: 'ID', value: 'id' },
      ],
      displayOptions: { show: { resource: ['user'], operation: [operation] } },
    },
    {
      displayName: 'Groups',
      name: 'groups',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'e.g. Finance Analysts, Controllers',
      description: `The groups to ${verb}: a comma- or line-separated list, or an expression returning an array`,
      displayOptions: { show: { resource: ['user'], operation: [operation] } },
    },
  ];
}

function membership(operation: 'addToGroup' | 'removeFromGroup'): Operation {
  const adding = operation === 'addToGroup';
  return {
    description: updateDisplayOptions(
      { show: { resource: ['user'], operation: [operation] } },
      groupFields(operation, adding ? 'add the user to' : 'remove the user from'),
    ),
    async execute(client, i) {
      // Both looked up before anything is written: a typo in one group changes nothing.
      const id = await resolveUserId(this, client, i);
      const groups = await groupsNamed(this, client, i, 'groups', true);
      for (const g of groups)
        await (adding
          ? client.groups.addMembers(g.id, [id])
          : client.groups.removeMembers(g.id, [id]));
      return [{ id, [adding ? 'addedTo' : 'removedFrom']: groups, groups: groups.length }];
    },
  };
}

export const addToGroup = membership('addToGroup');
export const removeFromGroup = membership('removeFromGroup');
