import { updateDisplayOptions } from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';

/** One output item per group the user belongs to. */
export const getGroups: Operation = {
  description: updateDisplayOptions({ show: { resource: ['user'], operation: ['getGroups'] } }, [
    userLocator(),
    ...outputProperties('groups'),
  ]),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const id = await resolveUserId(this, client, i);
    const groups = await client.users.groupsOf(id);
    return groups.map((g) => shapeOutput(output, 'group', g));
  },
};
