import { updateDisplayOptions } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';

function setActive(active: boolean): Operation {
  const operation = active ? 'activate' : 'deactivate';
  return {
    description: updateDisplayOptions({ show: { resource: ['user'], operation: [operation] } }, [
      userLocator(),
      ...outputProperties('user'),
    ]),
    async execute(client, i) {
      // Read first: a bad Output is refused before anything is sent.
      const output = readOutput(this, i);
      const id = await resolveUserId(this, client, i);
      const user = active ? await client.users.activate(id) : await client.users.deactivate(id);
      return [shapeOutput(output, 'user', user)];
    },
  };
}

export const activate = setActive(true);
export const deactivate = setActive(false);
