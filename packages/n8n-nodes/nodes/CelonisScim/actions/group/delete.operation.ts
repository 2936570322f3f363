import { updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';

export const deleteGroup: Operation = {
  description: updateDisplayOptions({ show: { resource: ['group'], operation: ['delete'] } }, [
    groupLocator(),
  ]),
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    await client.groups.delete(id);
    return [{ id, deleted: true }];
  },
};
