import { updateDisplayOptions, type IDataObject } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import { simplifyToggle } from '../../helpers/options';
import { simplifyGroup } from '../../helpers/userFields';
import type { Operation } from '../types';

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
    return [
      this.getNodeParameter('simplify', i, true) ? simplifyGroup(group) : (group as IDataObject),
    ];
  },
};
