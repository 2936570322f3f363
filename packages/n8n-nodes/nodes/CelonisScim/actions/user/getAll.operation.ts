import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { quoteFilterValue } from '@celonis-scim/core';
import type { Operation } from '../types';
import { ONLY_V1 } from '../../helpers/versions';
import { attributesOption, limitFields, take } from '../../helpers/options';
import { readLimit, readOptions } from '../../helpers/parameters';
import { outputProperties, shapeOutput } from '../../helpers/output';
import { readSort, sortProperty } from '../../helpers/sort';

const properties: INodeProperties[] = [
  ...limitFields('user', 'getAll'),
  {
    displayName: 'Filter By',
    name: 'filterType',
    type: 'options',
    default: 'fields',
    options: [
      { name: 'Fields', value: 'fields', description: 'Match users on chosen fields' },
      {
        name: 'SCIM Filter',
        value: 'raw',
        description: 'Write a SCIM filter expression (RFC 7644), checked before it is sent',
      },
    ],
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show: { filterType: ['fields'] } },
    options: [
      {
        displayName: 'Active',
        name: 'active',
        type: 'boolean',
        default: true,
        description: 'Whether to return only active (or only inactive) users',
      },
      {
        displayName: 'Display Name Contains',
        name: 'displayName',
        type: 'string',
        default: '',
      },
      {
        displayName: 'Email',
        name: 'email',
        type: 'string',
        placeholder: 'name@email.com',
        default: '',
      },
      { displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
      { displayName: 'Username Starts With', name: 'userName', type: 'string', default: '' },
    ],
  },
  {
    displayName: 'SCIM Filter',
    name: 'filter',
    type: 'string',
    default: '',
    placeholder: 'e.g. userName sw "j" and active eq true',
    hint: 'SCIM filter syntax: <a href="https://datatracker.ietf.org/doc/html/rfc7644#section-3.4.2.2">RFC 7644 §3.4.2.2</a>',
    displayOptions: { show: { filterType: ['raw'] } },
  },
  sortProperty('users', 'name.familyName'),
  ...outputProperties('users'),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    // Version 1.1 names the fields under Output: Selected Fields.
    displayOptions: { show: ONLY_V1 },
    options: [attributesOption],
  },
];

function fieldsFilter(filters: IDataObject): string | undefined {
  const parts: string[] = [];
  const q = (v: unknown) => quoteFilterValue(String(v));
  if (filters.userName) parts.push(`userName sw ${q(filters.userName)}`);
  if (filters.email) parts.push(`emails.value eq ${q(filters.email)}`);
  if (filters.displayName) parts.push(`displayName co ${q(filters.displayName)}`);
  if (filters.externalId) parts.push(`externalId eq ${q(filters.externalId)}`);
  if (typeof filters.active === 'boolean') parts.push(`active eq ${filters.active}`);
  return parts.length ? parts.join(' and ') : undefined;
}

export const getAll: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['getAll'] } },
    properties,
  ),
  async execute(client, i) {
    const filterType = this.getNodeParameter('filterType', i, 'fields') as string;
    let filter: string | undefined;
    if (filterType === 'raw') {
      filter = (this.getNodeParameter('filter', i, '') as string).trim() || undefined;
    } else {
      filter = fieldsFilter(this.getNodeParameter('filters', i, {}) as IDataObject);
    }
    const limit = readLimit(this, i);
    const { output, get: options } = readOptions(this, i);
    const sort = await readSort(this, client, i);
    const users = await take(
      client.users.list({
        ...options,
        ...sort,
        ...(filter ? { filter } : {}),
        ...(limit !== undefined ? { pageSize: Math.min(limit, 100) } : {}),
      }),
      limit,
    );
    return users.map((u) => shapeOutput(output, 'user', u));
  },
};
