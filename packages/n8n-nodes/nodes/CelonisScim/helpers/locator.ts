import type { ScimClient } from '@celonis-scim/core';
import {
  NodeOperationError,
  type IExecuteFunctions,
  type INodeProperties,
  type INodeParameterResourceLocator,
} from 'n8n-workflow';

export function userLocator(name = 'user', displayName = 'User'): INodeProperties {
  return {
    displayName,
    name,
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        typeOptions: { searchListMethod: 'searchUsers', searchable: true },
      },
      {
        displayName: 'By ID',
        name: 'id',
        type: 'string',
        placeholder: 'e.g. 2819c223-7f76-453a-919d-413861904646',
      },
      {
        displayName: 'By userName',
        name: 'userName',
        type: 'string',
        placeholder: 'e.g. jane.doe@example.com',
      },
    ],
  };
}

export function groupLocator(name = 'group', displayName = 'Group'): INodeProperties {
  return {
    displayName,
    name,
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        typeOptions: { searchListMethod: 'searchGroups', searchable: true },
      },
      {
        displayName: 'By ID',
        name: 'id',
        type: 'string',
        placeholder: 'e.g. e9e30dba-f08f-4109-8486-d5c6a331660a',
      },
      {
        displayName: 'By Display Name',
        name: 'displayName',
        type: 'string',
        placeholder: 'e.g. Analysts',
      },
    ],
  };
}

function locatorValue(ctx: IExecuteFunctions, param: string, i: number) {
  const raw = ctx.getNodeParameter(param, i) as INodeParameterResourceLocator | string;
  const locator = typeof raw === 'string' ? { mode: 'id', value: raw } : raw;
  const value = String(locator.value ?? '').trim();
  if (!value)
    throw new NodeOperationError(ctx.getNode(), `No ${param} given`, {
      itemIndex: i,
      description: `Choose the ${param} from the list, or enter its ID or name.`,
    });
  return { mode: String(locator.mode), value };
}

/** The id of the user a locator points at; a userName is looked up in the team. */
export async function resolveUserId(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  param = 'user',
): Promise<string> {
  const { mode, value } = locatorValue(ctx, param, i);
  if (mode !== 'userName') return value;
  const user = await client.users.getByUserName(value);
  if (!user?.id)
    throw new NodeOperationError(ctx.getNode(), `No user with userName "${value}" in this team`, {
      itemIndex: i,
      description:
        'Check the spelling (userName is usually the e-mail address), or create the user first with Create or Upsert.',
    });
  return user.id;
}

/** The id of the group a locator points at; a display name is looked up in the team. */
export async function resolveGroupId(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  param = 'group',
): Promise<string> {
  const { mode, value } = locatorValue(ctx, param, i);
  if (mode !== 'displayName') return value;
  const group = await client.groups.getByDisplayName(value);
  if (!group?.id)
    throw new NodeOperationError(ctx.getNode(), `No group named "${value}" in this team`, {
      itemIndex: i,
      description: 'Check the spelling of the display name, or create the group first.',
    });
  return group.id;
}
