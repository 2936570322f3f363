import {
  NodeOperationError,
  updateDisplayOptions,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';
import { resolveUserId, userLocator } from '../../helpers/locator';
import type { Operation } from '../types';
import { needsCurrent, patchOperations } from '../../helpers/mapping';
import { withManager } from '../../helpers/parameters';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';
import { userFieldOptions } from '../../helpers/fieldOptions';
import {
  patchWithSchema,
  readSchemaValues,
  schemaFieldsProperty,
} from '../../helpers/schemaFields';

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
        displayName: 'New Username',
        name: 'newUserName',
        type: 'string',
        default: '',
        description: 'A new userName for the user',
      },
    ],
  },
  schemaFieldsProperty('update'),
  ...outputProperties('user'),
];

const nothingToUpdate = (ctx: IExecuteFunctions, i: number) =>
  new NodeOperationError(ctx.getNode(), 'No fields to update', {
    itemIndex: i,
    description: 'Add at least one field under "Update Fields" or "Schema Attributes".',
  });

/** Changes only the chosen fields, as one SCIM PATCH request. */
export const update: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['update'] } },
    properties,
  ),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const given = { ...(this.getNodeParameter('updateFields', i, {}) as IDataObject) };
    const newUserName = String(given.newUserName ?? '').trim();
    delete given.newUserName;
    const { values } = await readSchemaValues(this, client, i, 'update');
    const wanted =
      Object.keys(given).some((k) => k !== 'managerIdType') ||
      newUserName !== '' ||
      values.length > 0;
    if (!wanted) throw nothingToUpdate(this, i);
    const id = await resolveUserId(this, client, i);
    const fields = await withManager(this, client, i, given);
    // A work e-mail, phone number or address part is merged into the current list: read it.
    const typed = values.some((v) => v.placement.kind === 'typed');
    const current = needsCurrent(fields) || typed ? await client.users.get(id) : undefined;
    const ops = patchWithSchema(this, i, patchOperations(fields, current), values, current);
    if (newUserName) ops.push({ op: 'replace', path: 'userName', value: newUserName });
    if (ops.length === 0) {
      if (current) return [shapeOutput(output, 'user', current)];
      throw nothingToUpdate(this, i);
    }
    const user = await client.users.patch(id, ops);
    return [shapeOutput(output, 'user', user)];
  },
};
