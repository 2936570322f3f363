import { updateDisplayOptions } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { simplifyToggle } from '../../helpers/options';
import { outputOf, simplifyGroup } from '../../../../shared/simplify';

/** One output item per group the user belongs to. */
export const getGroups: Operation = {
  description: updateDisplayOptions({ show: { resource: ['user'], operation: ['getGroups'] } }, [
    userLocator(),
    simplifyToggle('groups'),
  ]),
  async execute(client, i) {
    const id = await resolveUserId(this, client, i);
    const groups = await client.users.groupsOf(id);
    const simplify = this.getNodeParameter('simplify', i, true) as boolean;
    return groups.map((g) => outputOf(simplify, g, simplifyGroup));
  },
};
