import type { PatchOperation } from '@celonis-scim/core';
import { NodeOperationError, updateDisplayOptions, type IDataObject } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';

/** Rename or change the external ID, as one PATCH. */
export const update: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['update'] } }, [
    groupLocator(),
    {
      displayName: 'Update Fields',
      name: 'updateFields',
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      options: [
        {
          displayName: 'Display Name',
          name: 'displayName',
          type: 'string',
          default: '',
          description: 'The new name of the group',
        },
        { displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
      ],
    },
    ...outputProperties('group'),
  ]),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
    const ops: PatchOperation[] = [];
    for (const key of ['displayName', 'externalId'])
      if (typeof fields[key] === 'string' && (fields[key] as string).trim())
        ops.push({ op: 'replace', path: key, value: (fields[key] as string).trim() });
    if (!ops.length)
      throw new NodeOperationError(this.getNode(), 'No fields to update', {
        itemIndex: i,
        description: 'Add a new Display Name or External ID under "Update Fields".',
      });
    const id = await resolveGroupId(this, client, i);
    await client.groups.patch(id, ops);
    const group = await client.groups.get(id, { excludedAttributes: 'members' });
    return [shapeOutput(output, 'group', group)];
  },
};
