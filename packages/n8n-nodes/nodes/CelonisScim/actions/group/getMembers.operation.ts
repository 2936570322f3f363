import { updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { limitFields, take } from '../../helpers/options';
import { readLimit } from '../../helpers/parameters';

/** One output item per member. */
export const getMembers: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['getMembers'] } }, [
    groupLocator(),
    ...limitFields('group', 'getMembers'),
  ]),
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const members = await take(client.groups.members(id), readLimit(this, i));
    return members.map((m) => ({
      groupId: id,
      id: m.value,
      ...(m.display !== undefined ? { display: m.display } : {}),
      ...(m.type !== undefined ? { type: m.type } : {}),
    }));
  },
};
