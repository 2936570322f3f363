import type { INodeProperties } from 'n8n-workflow';

// The node's shared parameter definitions (Simplify, Attributes to Return, Return All / Limit).

export function simplifyToggle(what: string): INodeProperties {
  return {
    displayName: 'Simplify',
    name: 'simplify',
    type: 'boolean',
    default: true,
    description: `Whether to return a simplified version of the response instead of the raw data (the ${what} as flat fields)`,
  };
}

export const attributesOption: INodeProperties = {
  displayName: 'Attributes to Return',
  name: 'attributes',
  type: 'string',
  default: '',
  placeholder: 'e.g. userName,name.givenName,emails',
  description:
    'Comma-separated SCIM attribute names; the server returns only these (and the ID). Leave empty for all.',
};

export const limitFields = (resource: string, operation: string): INodeProperties[] => [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
    displayOptions: { show: { resource: [resource], operation: [operation] } },
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
  },
];

/** Collects up to `limit` items (all with `limit` undefined) from an async iterable. */
export async function take<T>(items: AsyncIterable<T>, limit: number | undefined): Promise<T[]> {
  const out: T[] = [];
  if (limit !== undefined && limit <= 0) return out;
  for await (const item of items) {
    out.push(item);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}
