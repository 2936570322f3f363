import type { ScimClient } from '@celonis-scim/core';
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';

// The Sort option of Get Many (users and groups): SCIM's sortBy / sortOrder, sent only to a
// server whose ServiceProviderConfig says it sorts (another one would ignore it silently).

export function sortProperty(what: string, example: string): INodeProperties {
  return {
    displayName: 'Sort',
    name: 'sort',
    type: 'collection',
    placeholder: 'Add Sort Field',
    default: {},
    options: [
      {
        displayName: 'Sort By',
        name: 'sortBy',
        type: 'string',
        default: '',
        placeholder: `e.g. ${example}`,
        description: `The attribute the server sorts the ${what} by (needs a server that supports sorting)`,
      },
      {
        displayName: 'Sort Order',
        name: 'sortOrder',
        type: 'options',
        default: 'ascending',
        options: [
          { name: 'Ascending', value: 'ascending' },
          { name: 'Descending', value: 'descending' },
        ],
      },
    ],
  };
}

/**
 * The sort of item `i`, checked before anything is listed: a server that does not sort (per its
 * ServiceProviderConfig) is an error saying so, never an unsorted answer taken as sorted.
 */
export async function readSort(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
): Promise<{ sortBy?: string; sortOrder?: 'ascending' | 'descending' }> {
  const sort = ctx.getNodeParameter('sort', i, {}) as IDataObject;
  const sortBy = typeof sort.sortBy === 'string' ? sort.sortBy.trim() : '';
  if (!sortBy) return {};
  if (!/^(urn:[\w.:-]+:)?[A-Za-z][\w$-]*(\.[A-Za-z][\w$-]*)?$/.test(sortBy))
    throw new NodeOperationError(ctx.getNode(), `Sort By "${sortBy}" is not an attribute name`, {
      itemIndex: i,
      description: 'Enter one attribute, e.g. userName or name.familyName.',
    });
  if (!(await client.discover()).sort)
    throw new NodeOperationError(ctx.getNode(), 'This SCIM server does not support sorting', {
      itemIndex: i,
      description:
        'Its ServiceProviderConfig says sort is not supported: remove "Sort By", or sort the items with n8n\'s Sort node.',
    });
  return { sortBy, sortOrder: sort.sortOrder === 'descending' ? 'descending' : 'ascending' };
}
