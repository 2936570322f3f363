import { updateDisplayOptions, type IDataObject } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import { simplifyToggle } from '../../helpers/options';
import { simplifyGroup } from '../../helpers/userFields';
import type { Operation } from '../types';

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
    return groups.map((g) => (simplify ? simplifyGroup(g) : (g as IDataObject)));
  },
};
