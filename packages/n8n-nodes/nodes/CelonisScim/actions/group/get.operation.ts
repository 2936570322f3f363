import { updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { simplifyToggle } from '../../helpers/options';
import { simplified, simplifyGroup } from '../../../../shared/simplify';

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
    simplifyToggle('group'),
  ]),
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const withMembers = this.getNodeParameter('includeMembers', i, true) as boolean;
    const group = await client.groups.get(id, withMembers ? {} : { excludedAttributes: 'members' });
    return [simplified(this, i, group, simplifyGroup)];
  },
};
