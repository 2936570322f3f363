import {
  NodeOperationError,
  updateDisplayOptions,
  type IDataObject,
  type INodeProperties,
} from 'n8n-workflow';
import type { Operation } from '../types';
import { kindOf } from '../../helpers/parameters';
import { outputProperties, readOutput, shapeOutput } from '../../helpers/output';

const properties: INodeProperties[] = [
  {
    displayName: 'Display Name',
    name: 'displayName',
    type: 'string',
    required: true,
    default: '',
    description: 'The name of the group, unique in the team',
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: [
      {
        displayName: 'External ID',
        name: 'externalId',
        type: 'string',
        default: '',
        description: 'The ID of the group in your directory',
      },
    ],
  },
  ...outputProperties('group'),
];

export const create: Operation = {
  description: updateDisplayOptions(
    { show: { resource: ['group'], operation: ['create'] } },
    properties,
  ),
  async execute(client, i) {
    // Read first: a bad Output is refused before anything is sent.
    const output = readOutput(this, i);
    const raw: unknown = this.getNodeParameter('displayName', i);
    // An expression may hand this field a number or a list.
    if (typeof raw !== 'string')
      throw new NodeOperationError(this.getNode(), `displayName must be text, not ${kindOf(raw)}`, {
        itemIndex: i,
        description: 'Map a text value to Display Name, e.g. {{ $json.name }}.',
      });
    const displayName = raw.trim();
    const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
    const group = await client.groups.create({
      displayName,
      ...(fields.externalId ? { externalId: String(fields.externalId) } : {}),
    });
    return [shapeOutput(output, 'group', group)];
  },
};
