import type { GroupRule, MatchKey, SyncOptions, SyncScope } from '@celonis-scim/core';
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';

const show = (operation: string[]) => ({ show: { resource: ['team'], operation } });

/** Match keys in the order they are tried; the node offers a choice, not an order. */
const KEY_ORDER: MatchKey[] = ['externalId', 'employeeNumber', 'userName', 'email'];

export const syncOptionFields: INodeProperties[] = [
  {
    displayName: 'Match On',
    name: 'matchOn',
    type: 'multiOptions',
    displayOptions: show(['syncUsers']),
    default: ['externalId', 'userName'],
    required: true,
    description:
      'How an input item finds its user in the team, tried in this order: External ID, Employee Number, Username, Primary Email. An item that matches two users, or two items that match one user, stop the plan.',
    options: [
      { name: 'External ID', value: 'externalId' },
      { name: 'Employee Number', value: 'employeeNumber' },
      { name: 'Username', value: 'userName' },
      { name: 'Primary Email', value: 'email' },
    ],
  },
  {
    displayName: 'Group Rules',
    name: 'groupRules',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    displayOptions: show(['syncUsers']),
    default: {},
    placeholder: 'Add Rule',
    description:
      'Put users in groups from their attributes, as identity providers do. Groups no rule names are left alone.',
    options: [
      {
        name: 'rule',
        displayName: 'Rule',
        values: [
          {
            displayName: 'Group',
            name: 'group',
            type: 'string',
            default: '',
            placeholder: 'e.g. Finance Analysts',
            description: 'Display name of the group; created when missing',
          },
          {
            displayName: 'Users Where',
            name: 'filter',
            type: 'string',
            default: '',
            placeholder: 'e.g. department eq "Finance"',
            hint: 'SCIM filter syntax (RFC 7644 3.4.2.2) over the input fields',
          },
        ],
      },
    ],
  },
  {
    displayName: 'Options',
    name: 'syncOptions',
    type: 'collection',
    placeholder: 'Add Option',
    displayOptions: show(['syncUsers']),
    default: {},
    options: [
      {
        displayName: 'Accept Empty Input',
        name: 'force',
        type: 'boolean',
        default: false,
        description:
          'Whether to plan even when the input is empty or much smaller than the team (which would deactivate almost everyone)',
      },
      {
        displayName: 'Allow Unsafe Plan',
        name: 'allowUnsafe',
        type: 'boolean',
        default: false,
        description:
          'Whether Apply may apply a plan that exceeds Max Removals or Max Removal Percent',
      },
      {
        displayName: 'Max Removal Percent',
        name: 'maxRemovalPercent',
        type: 'number',
        typeOptions: { minValue: 0, maxValue: 100 },
        default: 10,
        description:
          'More deactivations and deletions than this share of the users in scope mark the plan unsafe',
      },
      {
        displayName: 'Max Removals',
        name: 'maxRemovals',
        type: 'number',
        typeOptions: { minValue: 0 },
        default: 50,
        description: 'More deactivations and deletions than this mark the plan unsafe',
      },
      {
        displayName: 'Protected Users',
        name: 'protect',
        type: 'string',
        default: '',
        placeholder: 'e.g. admin@acme.com, svc-etl@acme.com',
        description:
          'Usernames, IDs or external IDs (comma-separated) that are never deactivated, deleted or removed from groups',
      },
      {
        displayName: 'Scope',
        name: 'scope',
        type: 'options',
        default: 'all',
        description: 'Which users of the team the sync may change or deactivate',
        options: [
          { name: 'All Users', value: 'all' },
          { name: 'Users With an External ID', value: 'externalId' },
          { name: 'Members of a Group', value: 'group' },
          { name: 'Users This Sync Created', value: 'created' },
        ],
      },
      {
        displayName: 'Scope Group',
        name: 'scopeGroup',
        type: 'string',
        default: '',
        description:
          'For the scopes "Members of a Group" and "Users This Sync Created": the display name of the group (new users are added to it)',
      },
      {
        displayName: 'Users Missing From Input',
        name: 'missing',
        type: 'options',
        default: 'deactivate',
        options: [
          { name: 'Deactivate', value: 'deactivate' },
          { name: 'Delete', value: 'delete' },
          { name: 'Leave Alone', value: 'leave' },
        ],
      },
    ],
  },
];

/** The sync options of the node, checked before anything is read from the team. */
export function readSyncOptions(ctx: IExecuteFunctions): SyncOptions & { allowUnsafe: boolean } {
  const chosen = ctx.getNodeParameter('matchOn', 0, []) as string[];
  const match = KEY_ORDER.filter((k) => chosen.includes(k));
  if (match.length === 0)
    throw new NodeOperationError(ctx.getNode(), 'Choose at least one key under "Match On"', {
      description:
        'External ID or Employee Number are the safest: they do not change when a person is renamed.',
    });
  const o = ctx.getNodeParameter('syncOptions', 0, {}) as IDataObject;
  const scopeGroup = String(o.scopeGroup ?? '').trim();
  const kind = String(o.scope ?? 'all');
  if ((kind === 'group' || kind === 'created') && !scopeGroup)
    throw new NodeOperationError(ctx.getNode(), 'The chosen scope needs a Scope Group', {
      description: 'Add the option "Scope Group" with the display name of the group.',
    });
  const scope: SyncScope =
    kind === 'group' || kind === 'created'
      ? { kind, group: scopeGroup }
      : { kind: kind === 'externalId' ? 'externalId' : 'all' };
  const rules = (
    ((ctx.getNodeParameter('groupRules', 0, {}) as IDataObject).rule as
      IDataObject[] | undefined) ?? []
  ).map((r, n): GroupRule => {
    const group = String(r.group ?? '').trim();
    const filter = String(r.filter ?? '').trim();
    if (!group || !filter)
      throw new NodeOperationError(
        ctx.getNode(),
        `Group rule ${n + 1} needs a group and a filter`,
        {
          description: 'Example: group "Finance Analysts", users where department eq "Finance".',
        },
      );
    return { group, filter };
  });
  const protect = String(o.protect ?? '')
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    match,
    scope,
    missing: (o.missing as SyncOptions['missing']) ?? 'deactivate',
    protect,
    limits: {
      maxRemovals: typeof o.maxRemovals === 'number' ? o.maxRemovals : 50,
      maxRemovalPercent: typeof o.maxRemovalPercent === 'number' ? o.maxRemovalPercent : 10,
    },
    rules,
    force: o.force === true,
    allowUnsafe: o.allowUnsafe === true,
  };
}
