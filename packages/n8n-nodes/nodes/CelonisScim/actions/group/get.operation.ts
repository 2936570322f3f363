import { updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';

export const get: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, [
    groupLocator(),
    {
      displayName: 'Include Members',
      name: 'includeMembers',
      type: 'boolean',
      default: true,
      description: 'Whether to return the member list (large groups make a large item)',
    },
    ...outputProperties('group'),
  ]),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const id = await resolveGroupId(this, client, i);
    const withMembers = this.getNodeParameter('includeMembers', i, true) as boolean;
    const group = await client.groups.get(id, withMembers ? {} : { excludedAttributes: 'members' });
    return [shapeOutput(output, 'group', group)];
  },
};
