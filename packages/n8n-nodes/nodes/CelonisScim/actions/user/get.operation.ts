import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { userLocator, resolveUserId } from '../../helpers/locator';
import { attributesOption, readOptions, simplifyToggle } from '../../helpers/options';
import { simplifyUser } from '../../helpers/userFields';
import type { Operation } from '../types';

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
    return [simplify ? simplifyUser(user) : (user as IDataObject)];
  },
};
