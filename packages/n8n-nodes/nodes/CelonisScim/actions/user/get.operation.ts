import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { userLocator, resolveUserId } from '../../helpers/locator';
import type { Operation } from '../types';
import { ONLY_V1 } from '../../helpers/versions';
import { attributesOption } from '../../helpers/options';
import { readOptions } from '../../helpers/parameters';
import { outputProperties, shapeOutput } from '../../helpers/output';

const properties: INodeProperties[] = [
  userLocator(),
  ...outputProperties('user'),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    // Version 1.1 names the fields under Output: Selected Fields.
    displayOptions: { show: ONLY_V1 },
    options: [attributesOption],
  },
];

export const get: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['get'] } },
    properties,
  ),
  async execute(client, i) {
    const { output, get: options } = readOptions(this, i);
    const id = await resolveUserId(this, client, i);
    const user = await client.users.get(id, options);
    return [shapeOutput(output, 'user', user)];
  },
};
