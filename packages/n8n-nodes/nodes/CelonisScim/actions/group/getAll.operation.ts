import { updateDisplayOptions } from 'n8n-workflow';
import { quoteFilterValue } from '@celonis-scim/core';
import type { Operation } from '../types';
import { limitFields, take } from '../../helpers/options';
import { readLimit } from '../../helpers/parameters';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';
import { readSort, sortProperty } from '../../helpers/sort';

export const getAll: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['getAll'] } }, [
    ...limitFields('group', 'getAll'),
    {
      displayName: 'Display Name Starts With',
      name: 'nameStartsWith',
      type: 'string',
      default: '',
    },
    {
      displayName: 'SCIM Filter',
      name: 'filter',
      type: 'string',
      default: '',
      placeholder: 'e.g. displayName eq "Analysts"',
      hint: 'SCIM filter syntax: <a href="https://datatracker.ietf.org/doc/html/rfc7644#section-3.4.2.2">RFC 7644 §3.4.2.2</a>',
      description: 'A SCIM filter expression, checked before it is sent; overrides the name filter',
    },
    {
      displayName: 'Include Members',
      name: 'includeMembers',
      type: 'boolean',
      default: false,
      description: 'Whether to return the member lists too',
    },
    sortProperty('groups', 'displayName'),
    ...outputProperties('groups'),
  ]),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const raw = (this.getNodeParameter('filter', i, '') as string).trim();
    const prefix = (this.getNodeParameter('nameStartsWith', i, '') as string).trim();
    const filter = raw || (prefix ? `displayName sw ${quoteFilterValue(prefix)}` : undefined);
    const withMembers = this.getNodeParameter('includeMembers', i, false) as boolean;
    const limit = readLimit(this, i);
    const sort = await readSort(this, client, i);
    const groups = await take(
      client.groups.list({
        ...sort,
        ...(filter ? { filter } : {}),
        ...(withMembers ? {} : { excludedAttributes: 'members' }),
        ...(limit !== undefined ? { pageSize: Math.min(limit, 100) } : {}),
      }),
      limit,
    );
    return groups.map((g) => shapeOutput(output, 'group', g));
  },
};
