import { updateDisplayOptions } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { simplifyToggle } from '../../helpers/options';
import { simplified, simplifyUser } from '../../../../shared/simplify';

function setActive(active: boolean): Operation {
  const operation = active ? 'activate' : 'deactivate';
  return {
    description: updateDisplayOptions({ show: { resource: ['user'], operation: [operation] } }, [
      userLocator(),
      simplifyToggle('user'),
    ]),
    async execute(client, i) {
      const id = await resolveUserId(this, client, i);
      const user = active ? await client.users.activate(id) : await client.users.deactivate(id);
      return [simplified(this, i, user, simplifyUser)];
    },
  };
}

export const activate = setActive(true);
export const deactivate = setActive(false);
