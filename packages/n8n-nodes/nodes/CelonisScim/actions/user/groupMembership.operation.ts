import type { ScimClient } from '@celonis-scim/core';
import {
  NodeOperationError,
  updateDisplayOptions,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';
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

/** The ids of the groups the item names; every unknown name is reported at once. */
async function groupIds(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
): Promise<Array<{ id: string; displayName: string }>> {
  const raw = ctx.getNodeParameter('groups', i, '') as unknown;
  const values = [
    ...new Set(
      (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\n,;]/))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  if (values.length === 0)
    throw new NodeOperationError(ctx.getNode(), 'No groups given', {
      itemIndex: i,
      description: 'Enter at least one group display name or ID under "Groups".',
    });
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
      const groups = await groupIds(this, client, i);
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
