import {
  NodeOperationError,
  updateDisplayOptions,
  type IDataObject,
  type INodeProperties,
} from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { simplifyToggle } from '../../helpers/options';
import { patchOperations } from '../../helpers/mapping';
import { simplified, simplifyUser } from '../../../../shared/simplify';
import { userFieldOptions } from '../../helpers/fieldOptions';

const properties: INodeProperties[] = [
  userLocator(),
  {
    displayName: 'Update Fields',
    name: 'updateFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: [
      ...userFieldOptions,
      {
        displayName: 'userName',
        name: 'newUserName',
        type: 'string',
        default: '',
        description: 'A new userName for the user',
      },
    ],
  },
  simplifyToggle('user'),
];

/** Changes only the chosen fields, as one SCIM PATCH request. */
export const update: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['update'] } },
    properties,
  ),
  async execute(client, i) {
    const fields = { ...(this.getNodeParameter('updateFields', i, {}) as IDataObject) };
    const newUserName = String(fields.newUserName ?? '').trim();
    delete fields.newUserName;
    const ops = patchOperations(fields);
    if (newUserName) ops.push({ op: 'replace', path: 'userName', value: newUserName });
    if (ops.length === 0)
      throw new NodeOperationError(this.getNode(), 'No fields to update', {
        itemIndex: i,
        description: 'Add at least one field under "Update Fields".',
      });
    const id = await resolveUserId(this, client, i);
    const user = await client.users.patch(id, ops);
    return [simplified(this, i, user, simplifyUser)];
  },
};
