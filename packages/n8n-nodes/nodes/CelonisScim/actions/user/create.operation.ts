import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { groupsNamed, joinGroups } from '../../helpers/groups';
import { buildUser } from '../../helpers/mapping';
import { readNewUser, withManager } from '../../helpers/parameters';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';
import { userFieldOptions } from '../../helpers/fieldOptions';
import {
  newUserWithSchema,
  readSchemaValues,
  schemaFieldsProperty,
} from '../../helpers/schemaFields';

export const userNameField: INodeProperties = {
  displayName: 'Username',
  name: 'userName',
  type: 'string',
  required: true,
  default: '',
  placeholder: 'e.g. jane.doe@example.com',
  description: 'The unique login name of the user in the team, usually the e-mail address',
};

/** The groups a new or updated user joins in the same step (onboarding in one node). */
export function addToGroupsField(operation: string): INodeProperties {
  return {
    displayName: 'Add to Groups',
    name: 'addToGroups',
    type: 'string',
    default: '',
    placeholder: 'e.g. Finance Analysts, Controllers',
    description:
      'Display names of groups (comma-separated, or an expression returning a list) the user joins; all are looked up before the user is written',
    displayOptions: { show: { resource: ['user'], operation: [operation] } },
  };
}

export const groupsOut = (groups: ReadonlyArray<{ id: string; displayName: string }>) =>
  groups.length > 0 ? { addedToGroups: groups.map((g) => g.displayName) } : {};

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
  schemaFieldsProperty('create'),
  addToGroupsField('create'),
  ...outputProperties('user'),
];

export const create: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['user'], operation: ['create'] } },
    properties,
  ),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const { userName, fields } = readNewUser(this, i);
    const schema = await readSchemaValues(this, client, i, 'create');
    // Every lookup before the write: an unknown manager or group creates nothing.
    const resolved = await withManager(this, client, i, fields);
    const groups = await groupsNamed(this, client, i, 'addToGroups', false);
    const body = newUserWithSchema(this, i, buildUser(userName, resolved), schema);
    const user = await client.users.create(body);
    await joinGroups(client, user.id as string, groups);
    return [{ ...shapeOutput(output, 'user', user), ...groupsOut(groups) }];
  },
};
