import {
  diffSnapshots,
  snapshot,
  type ChangeEvent,
  type ScimClient,
  type Snapshot,
} from '@celonis-scim/core';
import {
  NodeConnectionTypes,
  type IDataObject,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import { authenticationProperty, nodeCredentials } from '../../shared/authentication';
import { clientForNode } from '../../shared/context';
import { toNodeError } from '../../shared/errors';
import { fetchDetails } from './details';
import { EVENT_OPTIONS, eventItem, isChangeType } from './events';
import { sampleEvents } from './samples';
import { storedSnapshot, storeSnapshot } from './state';

const SAMPLE_SIZE = 10;

interface TriggerOptions {
  rememberNames?: boolean;
  scan?: 'auto' | 'full';
}

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
    credentials: nodeCredentials,
    properties: [
      authenticationProperty,
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
          'The first poll after activation records the current state and emits nothing; every later poll emits the changes since the previous one. A manual run shows sample items built from the first users and groups of the team.',
        name: 'notice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add option',
        default: {},
        options: [
          {
            displayName: 'Remember Names',
            name: 'rememberNames',
            type: 'boolean',
            default: true,
            description:
              'Whether to keep each userName and group name in the stored state, so that deleted users and groups are still named in their events. Off keeps only IDs and hashes (about 55 bytes per user). Changing it starts a new baseline.',
          },
          {
            displayName: 'Scan',
            name: 'scan',
            type: 'options',
            default: 'auto',
            options: [
              {
                name: 'Changed Only When Possible',
                value: 'auto',
                description:
                  'Read only what changed since the last poll (meta.lastModified) when the server supports that filter, and every resource otherwise',
              },
              {
                name: 'Everything',
                value: 'full',
                description: 'Read every user and group on each poll',
              },
            ],
            description: 'How much each poll reads',
          },
        ],
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const types = (this.getNodeParameter('events', []) as string[]).filter(isChangeType);
    const options = this.getNodeParameter('options', {}) as TriggerOptions;
    const staticData = this.getWorkflowStaticData('node') as IDataObject;
    const manual = this.getMode() === 'manual';
    try {
      const client = await clientForNode(this);
      const previous = storedSnapshot(staticData);
      const current = await snapshot(client, {
        previous,
        mode: options.scan ?? 'auto',
        names: options.rememberNames ?? true,
      });
      const wanted = new Set<string>(types);
      let events = changesSince(previous, current).filter((e) => wanted.has(e.type));
      if (manual && events.length === 0) events = await sampleEvents(client, types, SAMPLE_SIZE);
      const items = await toItems(client, events);
      // Stored only once everything above succeeded: a failed poll is redone from the same
      // baseline, so its changes come out in the next poll instead of being lost.
      if (!manual || !previous) storeSnapshot(staticData, current);
      return items.length === 0 ? null : [this.helpers.returnJsonArray(items)];
    } catch (e) {
      throw toNodeError(this.getNode(), e, 0);
    }
  }
}

/** Nothing to report without a comparable baseline (first poll, or options changed). */
function changesSince(previous: Snapshot | undefined, current: Snapshot): ChangeEvent[] {
  return previous && previous.cfg === current.cfg ? diffSnapshots(previous, current) : [];
}

async function toItems(client: ScimClient, events: ChangeEvent[]): Promise<IDataObject[]> {
  if (events.length === 0) return [];
  const details = await fetchDetails(client, events);
  const at = new Date().toISOString();
  return events.map((e) => eventItem(e, details, at));
}
