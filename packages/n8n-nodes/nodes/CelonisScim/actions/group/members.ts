import type { ScimClient } from '@celonis-scim/core';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

export function memberFields(operation: string, verb: string): INodeProperties[] {
  return [
    {
      displayName: 'Identify Users By',
      name: 'memberIdType',
      type: 'options',
      default: 'userName',
      options: [
        { name: 'userName', value: 'userName' },
        { name: 'ID', value: 'id' },
      ],
      displayOptions: { show: { resource: ['group'], operation: [operation] } },
    },
    {
      displayName: 'Users',
      name: 'members',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'e.g. jane@example.com, joe@example.com',
      description: `The users to ${verb}: a comma- or line-separated list, or an expression returning an array. Sent in batches.`,
      displayOptions: { show: { resource: ['group'], operation: [operation] } },
    },
  ];
}

/** A comma-, semicolon- or line-separated list (or an array), trimmed, without duplicates. */
export function parseList(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\n,;]/);
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

/** The user ids named by the item's Users field; every unknown userName is reported at once. */
export async function memberIds(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  allowEmpty = false,
): Promise<string[]> {
  const values = parseList(ctx.getNodeParameter('members', i, ''));
  if (values.length === 0 && !allowEmpty)
    throw new NodeOperationError(ctx.getNode(), 'No users given', {
      itemIndex: i,
      description: 'Enter at least one userName or user ID under "Users".',
    });
  if ((ctx.getNodeParameter('memberIdType', i, 'userName') as string) === 'id') return values;
  const ids: string[] = [];
  const missing: string[] = [];
  for (const userName of values) {
    const user = await client.users.getByUserName(userName);
    if (user?.id) ids.push(user.id);
    else missing.push(userName);
  }
  if (missing.length)
    throw new NodeOperationError(
      ctx.getNode(),
      `No user with userName ${missing.map((m) => `"${m}"`).join(', ')} in this team`,
      {
        itemIndex: i,
        description: 'Create these users first (User > Upsert), or fix the spelling.',
      },
    );
  return ids;
}
