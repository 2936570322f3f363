import { applyPlan, planSync, SyncError, type ScimClient, type SyncPlan } from '@celonis-scim/core';
import {
  NodeOperationError,
  updateDisplayOptions,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
} from 'n8n-workflow';
import { toNodeError } from '../../../../shared/errors';
import type { BatchOperation } from '../types';
import { desiredFromItems, itemError } from './desired';
import { readSyncOptions, syncOptionFields } from './options';
import { planItems, reportItems } from './output';

const properties: INodeProperties[] = [
  {
    displayName:
      'All input items together are the desired state of the team: one item per person. Users in scope that no item names are handled as "Users Missing From Input" says.',
    name: 'syncNotice',
    type: 'notice',
    default: '',
  },
  {
    displayName: 'Mode',
    name: 'mode',
    type: 'options',
    default: 'preview',
    options: [
      {
        name: 'Preview',
        value: 'preview',
        description: 'Output the plan (one item per change and a summary); change nothing',
      },
      {
        name: 'Apply',
        value: 'apply',
        description: 'Plan and apply in one step; an unsafe plan is refused unless allowed',
      },
    ],
  },
  {
    displayName: 'Fields',
    name: 'fields',
    type: 'resourceMapper',
    noDataExpression: true,
    default: { mappingMode: 'defineBelow', value: null },
    required: true,
    typeOptions: {
      loadOptionsDependsOn: ['resource', 'operation'],
      resourceMapper: {
        resourceMapperMethod: 'getUserFields',
        mode: 'map',
        fieldWords: { singular: 'attribute', plural: 'attributes' },
        addAllFields: false,
        supportAutoMap: true,
        noFieldsError: 'The team offers no user attributes: check the credential and the team.',
      },
    },
    description: 'The user attributes of the team (from its schemas), filled from each input item',
  },
  {
    displayName: 'Groups',
    name: 'groups',
    type: 'string',
    default: '',
    placeholder: 'e.g. {{ $json.teams }}',
    description:
      'Display names of the groups this person should be in, separated by | or commas. Only the groups named here or by a rule are changed.',
  },
  ...syncOptionFields,
];

/** Throws (or, with continue-on-fail, returns as items) the problems that stop a plan. */
function refuse(
  ctx: IExecuteFunctions,
  errors: Array<{ index: number; error: NodeOperationError }>,
): INodeExecutionData[] {
  if (!ctx.continueOnFail()) throw errors[0]!.error;
  return errors.map(({ index, error }) => ({
    json: { error: error.message, description: error.description ?? null },
    pairedItem: { item: index },
  }));
}

function planProblems(ctx: IExecuteFunctions, plan: SyncPlan, count: number) {
  const out: Array<{ index: number; error: NodeOperationError }> = [];
  for (const issue of plan.errors) {
    const rows = issue.rows.map((r) => r.row - 1).filter((i) => i >= 0 && i < count);
    for (const index of rows.length > 0 ? rows : [0])
      out.push({
        index,
        error: new NodeOperationError(ctx.getNode(), `Item ${index + 1}: ${issue.message}`, {
          itemIndex: index,
          description:
            'Each person must have one item, and each item must find at most one user: fix the keys (see "Match On") in the input. Nothing was changed.',
        }),
      });
  }
  return out;
}

/** Plans the team against all input items; applies the plan in Apply mode. */
export const syncUsers: BatchOperation = {
  batch: true,
  description: updateDisplayOptions(
    { show: { resource: ['team'], operation: ['syncUsers'] } },
    properties,
  ),
  async executeAll(client: ScimClient, count: number) {
    const options = readSyncOptions(this);
    const mode = this.getNodeParameter('mode', 0, 'preview') as string;
    const caps = await client.discover();
    const { desired, errors } = desiredFromItems(this, count, caps.schemas);
    if (errors.length > 0) return refuse(this, errors);
    let plan: SyncPlan;
    try {
      plan = await planSync(client, desired, options);
    } catch (e) {
      if (e instanceof SyncError && e.code === 'input' && e.row !== undefined)
        return refuse(this, [{ index: e.row - 1, error: itemError(this, e, e.row - 1) }]);
      if (e instanceof SyncError)
        throw new NodeOperationError(this.getNode(), e.message, {
          description:
            e.code === 'emptySource'
              ? 'Turn on "Accept Empty Input" under Options only if the team should really lose its users.'
              : 'Nothing was changed: fix the options and run again.',
        });
      throw toNodeError(this.getNode(), e, 0);
    }
    const problems = planProblems(this, plan, count);
    if (problems.length > 0) return refuse(this, problems);
    if (mode !== 'apply') return planItems(plan, count);
    if (!plan.safety.safe && !options.allowUnsafe)
      throw new NodeOperationError(
        this.getNode(),
        `The plan is unsafe: ${plan.safety.problems.join('; ')}`,
        {
          description:
            'Nothing was changed. Run in Preview mode and review the plan, then raise the limits or turn on "Allow Unsafe Plan".',
        },
      );
    const report = await applyPlan(client, plan, { allowUnsafe: options.allowUnsafe });
    return reportItems(plan, report, count);
  },
};
