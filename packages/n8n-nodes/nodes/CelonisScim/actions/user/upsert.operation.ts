import { ScimError, type ScimClient, type ScimUser } from '@celonis-scim/core';
import {
  NodeOperationError,
  updateDisplayOptions,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';
import type { Operation } from '../types';
import { addToGroupsField, groupsOut, userNameField } from './create.operation';
import { buildUser, patchOperations } from '../../helpers/mapping';
import { readNewUser, withManager } from '../../helpers/parameters';
import { findUserBy } from '../../helpers/locator';
import { groupsNamed, joinGroups } from '../../helpers/groups';
import { toNodeError } from '../../../../shared/errors';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';
import { userFieldOptions } from '../../helpers/fieldOptions';
import {
  newUserWithSchema,
  patchWithSchema,
  readSchemaValues,
  schemaFieldsProperty,
} from '../../helpers/schemaFields';

const properties: INodeProperties[] = [
  {
    ...userNameField,
    description:
      'The user to create or update. When the user exists (see Match On), only the fields that differ are changed.',
  },
  {
    displayName: 'Match On',
    name: 'matchOn',
    type: 'options',
    default: 'userName',
    options: [
      { name: 'Username', value: 'userName' },
      { name: 'External ID', value: 'externalId' },
      { name: 'Employee Number', value: 'employeeNumber' },
    ],
    description:
      'How the existing user is found. An HR system keys people by their ID: with External ID or Employee Number a changed e-mail renames the person instead of creating a second one (the field of that name must be set).',
  },
  {
    displayName: 'Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: userFieldOptions,
  },
  schemaFieldsProperty('upsert'),
  addToGroupsField('upsert'),
  ...outputProperties('user'),
];

/** The existing user by the chosen key, or undefined. */
async function existingUser(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  matchOn: string,
  userName: string,
  fields: IDataObject,
): Promise<ScimUser | undefined> {
  if (matchOn === 'userName') return client.users.getByUserName(userName);
  const key = typeof fields[matchOn] === 'string' ? (fields[matchOn] as string).trim() : '';
  if (!key)
    throw new NodeOperationError(ctx.getNode(), `Match On is ${matchOn}, but the item has none`, {
      itemIndex: i,
      description: `Set the field "${matchOn === 'externalId' ? 'External ID' : 'Employee Number'}" under Fields (it is how the person is found), or match on Username.`,
    });
  // The lookup reads only the id; the comparison needs the whole user.
  const found = await findUserBy(ctx, client, i, matchOn, key);
  return found?.id ? client.users.get(found.id) : undefined;
}

/** The HR onboarding step: creates the user, or brings an existing one up to date. */
export const upsert: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['upsert'] } },
    properties,
  ),
  async execute(client, i) {
    const { userName, fields: raw } = readNewUser(this, i);
    const matchOn = this.getNodeParameter('matchOn', i, 'userName') as string;
    const output = readOutput(this, i);
    // Checked as for a new user (the user may not exist yet); on an existing user, values
    // equal to the stored ones are left out of the PATCH.
    const schema = await readSchemaValues(this, client, i, 'create');
    // Every lookup before the write: an unknown manager or group changes nothing.
    const fields = await withManager(this, client, i, raw);
    const groups = await groupsNamed(this, client, i, 'addToGroups', false);
    const shape = (out: ScimUser, result: string): IDataObject => ({
      ...shapeOutput(output, 'user', out),
      upsertResult: result,
      ...groupsOut(groups),
    });
    const update = async (existing: ScimUser): Promise<IDataObject> => {
      const ops = patchWithSchema(
        this,
        i,
        patchOperations(fields, existing),
        schema.values,
        existing,
      );
      if (existing.userName.toLowerCase() !== userName.toLowerCase())
        ops.push({ op: 'replace', path: 'userName', value: userName });
      await joinGroups(client, existing.id as string, groups);
      if (ops.length === 0) return shape(existing, 'unchanged');
      return shape(await client.users.patch(existing.id as string, ops), 'updated');
    };
    const existing = await existingUser(this, client, i, matchOn, userName, fields);
    if (existing?.id) return [await update(existing)];
    try {
      const body = newUserWithSchema(this, i, buildUser(userName, fields), schema);
      const created = await client.users.create(body);
      await joinGroups(client, created.id as string, groups);
      return [shape(created, 'created')];
    } catch (e) {
      // Another execution created the same person a moment ago (two webhooks for one hire):
      // the uniqueness conflict becomes a read and an update, never a second user or a failure.
      if (!(e instanceof ScimError) || e.kind !== 'conflict')
        throw toNodeError(this.getNode(), e, i);
      const now =
        (await existingUser(this, client, i, matchOn, userName, fields)) ??
        (await client.users.getByUserName(userName));
      if (!now?.id) throw toNodeError(this.getNode(), e, i);
      return [await update(now)];
    }
  },
};
