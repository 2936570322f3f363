import { updateDisplayOptions, type IDataObject, type INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { userNameField } from './create.operation';
import { patchOperations } from '../../helpers/mapping';
import { readNewUser } from '../../helpers/parameters';
import { simplifyUser } from '../../../../shared/simplify';
import { userFieldOptions } from '../../helpers/fieldOptions';
import { simplifyToggle } from '../../helpers/options';

const properties: INodeProperties[] = [
  {
    ...userNameField,
    description:
      'The user to create or update. When a user with this userName exists, only the fields that differ are changed.',
  },
  {
    displayName: 'Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: userFieldOptions,
  },
  simplifyToggle('user'),
];

/** The HR onboarding step: creates the user, or brings an existing one up to date. */
export const upsert: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['upsert'] } },
    properties,
  ),
  async execute(client, i) {
    const { userName, fields, user } = readNewUser(this, i);
    const simplify = this.getNodeParameter('simplify', i, true) as boolean;
    const shape = (out: IDataObject, result: string) => ({
      ...(simplify ? simplifyUser(out as never) : out),
      upsertResult: result,
    });
    const existing = await client.users.getByUserName(userName);
    if (!existing?.id) {
      const created = await client.users.create(user);
      return [shape(created as IDataObject, 'created')];
    }
    const ops = patchOperations(fields, existing);
    if (ops.length === 0) return [shape(existing as IDataObject, 'unchanged')];
    const updated = await client.users.patch(existing.id, ops);
    return [shape(updated as IDataObject, 'updated')];
  },
};
