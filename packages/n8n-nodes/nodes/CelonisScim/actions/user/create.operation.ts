import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { readNewUser, simplifyUser, userFieldOptions } from '../../helpers/userFields';
import { simplifyToggle } from '../../helpers/options';
import type { Operation } from '../types';

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
    return [
      this.getNodeParameter('simplify', i, true) ? simplifyUser(user) : (user as IDataObject),
    ];
  },
};
