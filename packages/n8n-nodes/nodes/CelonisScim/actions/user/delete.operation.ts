import { updateDisplayOptions } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';

export const deleteUser: Operation = {
  description: updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, [
    userLocator(),
  ]),
  async execute(client, i) {
    const id = await resolveUserId(this, client, i);
    await client.users.delete(id);
    return [{ id, deleted: true }];
  },
};
