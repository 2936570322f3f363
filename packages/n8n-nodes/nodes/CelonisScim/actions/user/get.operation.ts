import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { userLocator, resolveUserId } from '../../helpers/locator';
import type { Operation } from '../types';
import { attributesOption, simplifyToggle } from '../../helpers/options';
import { readOptions } from '../../helpers/parameters';
import { outputOf, simplifyUser } from '../../../../shared/simplify';

const properties: INodeProperties[] = [
  userLocator(),
  simplifyToggle('user'),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [attributesOption],
  },
];

export const get: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['get'] } },
    properties,
  ),
  async execute(client, i) {
    const id = await resolveUserId(this, client, i);
    const { simplify, get: options } = readOptions(this, i);
    const user = await client.users.get(id, options);
    return [outputOf(simplify, user, simplifyUser)];
  },
};
