import {
  NodeConnectionTypes,
  type IDataObject,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import { diff, parseFingerprints, takeState } from '../../shared/changes';
import { clientForNode } from '../../shared/context';
import { toNodeError } from '../../shared/errors';
import { EVENT_OPTIONS, eventItem, isChangeType, sampleChanges } from './events';

export class CelonisScimTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Celonis SCIM Trigger',
    name: 'celonisScimTrigger',
    icon: { light: 'file:../../icons/celonis.svg', dark: 'file:../../icons/celonis.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description:
      'Starts the workflow when users or groups of a Celonis team change (created, updated, deactivated, deleted, members added or removed)',
    defaults: { name: 'Celonis SCIM Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'celonisScimApi', required: true }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: ['user.created', 'user.updated', 'user.deactivated'],
        options: EVENT_OPTIONS,
        description: 'The changes that start the workflow; each change is emitted once',
      },
      {
        displayName:
          'The first poll after activation records the current state and emits nothing; every later poll emits the changes since the previous one.',
        name: 'notice',
        type: 'notice',
        default: '',
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const events = (this.getNodeParameter('events', []) as string[]).filter(isChangeType);
    const staticData = this.getWorkflowStaticData('node') as IDataObject;
    const manual = this.getMode() === 'manual';
    let state;
    try {
      state = await takeState(await clientForNode(this));
    } catch (e) {
      throw toNodeError(this.getNode(), e, 0);
    }
    const before = parseFingerprints(staticData.fingerprints);
    const changes = before ? diff(before, state.fingerprints) : [];
    // Only the compact fingerprints persist; n8n saves static data after a poll that returns.
    if (!manual || !before) staticData.fingerprints = state.fingerprints as unknown as IDataObject;
    const wanted = new Set(events);
    let chosen = changes.filter((c) => wanted.has(c.type));
    if (manual && chosen.length === 0) chosen = sampleChanges(state, events, 10);
    if (chosen.length === 0) return null;
    const at = new Date().toISOString();
    return [this.helpers.returnJsonArray(chosen.map((c) => eventItem(c, state, at)))];
  }
}
