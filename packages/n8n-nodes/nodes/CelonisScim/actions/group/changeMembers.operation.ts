import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { groupLocator, resolveGroupId } from '../../helpers/locator';
import type { Operation } from '../types';
import { memberFields, memberIds } from './members';

const batchSize: INodeProperties = {
  displayName: 'Batch Size',
  name: 'batchSize',
  type: 'number',
  typeOptions: { minValue: 1, maxValue: 1000 },
  default: 100,
  description: 'Members per PATCH request',
};

function show(operation: string, props: INodeProperties[]): INodeProperties[] {
  return updateDisplayOptions({ show: { resource: ['group'], operation: [operation] } }, props);
}

export const addMembers: Operation = {
  description: [
    ...show('addMembers', [groupLocator()]),
    ...memberFields('addMembers', 'add'),
    ...show('addMembers', [batchSize]),
  ],
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const ids = await memberIds(this, client, i);
    const batch = this.getNodeParameter('batchSize', i, 100) as number;
    const result = await client.groups.addMembers(id, ids, { batchSize: batch });
    return [{ groupId: id, added: result.changed, requests: result.requests, userIds: ids }];
  },
};

export const removeMembers: Operation = {
  description: [
    ...show('removeMembers', [groupLocator()]),
    ...memberFields('removeMembers', 'remove'),
    ...show('removeMembers', [batchSize]),
  ],
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const ids = await memberIds(this, client, i);
    const batch = this.getNodeParameter('batchSize', i, 100) as number;
    const result = await client.groups.removeMembers(id, ids, { batchSize: batch });
    return [{ groupId: id, removed: result.changed, requests: result.requests, userIds: ids }];
  },
};

/** Group sync: makes the member list exactly the given users, sending only the differences. */
export const setMembers: Operation = {
  description: [
    ...show('setMembers', [groupLocator()]),
    ...memberFields('setMembers', 'keep as the only members'),
    ...show('setMembers', [batchSize]),
  ],
  async execute(client, i) {
    const id = await resolveGroupId(this, client, i);
    const ids = await memberIds(this, client, i, true);
    const batch = this.getNodeParameter('batchSize', i, 100) as number;
    const result = await client.groups.replaceMembers(id, ids, { batchSize: batch });
    return [{ groupId: id, ...result, memberCount: ids.length }];
  },
};
