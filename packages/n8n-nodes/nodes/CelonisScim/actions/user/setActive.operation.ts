import { updateDisplayOptions, type IDataObject } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import { simplifyToggle } from '../../helpers/options';
import { simplifyUser } from '../../helpers/userFields';
import type { Operation } from '../types';

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
      return [
        this.getNodeParameter('simplify', i, true) ? simplifyUser(user) : (user as IDataObject),
      ];
    },
  };
}

export const activate = setActive(true);
export const deactivate = setActive(false);
