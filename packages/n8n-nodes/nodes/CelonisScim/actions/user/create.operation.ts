import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { readNewUser } from '../../helpers/parameters';
import { simplified, simplifyUser } from '../../../../shared/simplify';
import { userFieldOptions } from '../../helpers/fieldOptions';
import { simplifyToggle } from '../../helpers/options';

export const userNameField: INodeProperties = {
  displayName: 'userName',
  name: 'userName',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'e.g. jane.doe@example.com',
  description: 'The unique login name of the user in the team, usually the e-mail address',
};

const properties: INodeProperties[] = [
  userNameField,
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: userFieldOptions,
  },
  simplifyToggle('user'),
];

export const create: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['create'] } },
    properties,
  ),
  async execute(client, i) {
    const user = await client.users.create(readNewUser(this, i).user);
    return [simplified(this, i, user, simplifyUser)];
  },
};
