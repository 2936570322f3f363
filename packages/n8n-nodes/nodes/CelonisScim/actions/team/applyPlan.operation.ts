import { applyPlan, parsePlan, SyncError, type ScimClient } from '@celonis-scim/core';
import { NodeOperationError, updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { toNodeError } from '../../../../shared/errors';
import type { BatchOperation } from '../types';
import { reportItems } from './output';

const properties: INodeProperties[] = [
  {
    displayName: 'Plan',
    name: 'plan',
    type: 'string',
    typeOptions: { rows: 2 },
    default: '={{ $json.plan }}',
    required: true,
    description:
      'The "plan" of the summary item a Sync Users preview produced; after an approval step, an expression that reads it from the Preview node',
  },
  {
    displayName: 'Options',
    name: 'applyOptions',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Allow Unsafe Plan',
        name: 'allowUnsafe',
        type: 'boolean',
        default: false,
        description: 'Whether to apply a plan that exceeds its removal limits',
      },
      {
        displayName: 'Max Plan Age (Minutes)',
        name: 'maxAgeMinutes',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 1440,
        description: 'An older plan is refused: plan again',
      },
    ],
  },
];

const HINTS: Partial<Record<SyncError['code'], string>> = {
  checksum: 'Pass the plan exactly as the preview produced it; to change it, preview again.',
  planFormat: 'Pass the "plan" field of the summary item of a Sync Users preview.',
  wrongTeam:
    'The plan was made for another team: use the credential of that team, or preview again with this one.',
  stale: 'Preview again to plan against the team as it is now.',
  unsafe: 'Review the plan; turn on "Allow Unsafe Plan" to apply it anyway.',
  planErrors: 'Fix the input and preview again.',
};

/**
 * Applies a plan made by a preview earlier in the workflow (after an approval, say). Each
 * change carries the version it was planned against: a user changed since is reported as a
 * conflict and left alone.
 */
export const applyPlanOperation: BatchOperation = {
  batch: true,
  description: updateDisplayOptions(
    { show: { resource: ['team'], operation: ['applyPlan'] } },
    properties,
  ),
  async executeAll(client: ScimClient, count: number) {
    const texts = new Set<string>();
    for (let i = 0; i < count; i++) {
      const v = this.getNodeParameter('plan', i, '') as unknown;
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      if (text.trim()) texts.add(text);
    }
    if (texts.size !== 1)
      throw new NodeOperationError(
        this.getNode(),
        texts.size === 0
          ? 'No plan to apply'
          : `The input items carry ${texts.size} different plans`,
        {
          description:
            'Apply one plan at a time: pass the "plan" of one Sync Users preview summary.',
        },
      );
    const o = this.getNodeParameter('applyOptions', 0, {}) as {
      allowUnsafe?: boolean;
      maxAgeMinutes?: number;
    };
    try {
      const plan = parsePlan([...texts][0]!, { file: 'the plan' });
      const report = await applyPlan(client, plan, {
        allowUnsafe: o.allowUnsafe === true,
        maxAgeMs: (o.maxAgeMinutes ?? 1440) * 60_000,
      });
      return reportItems(plan, report, count);
    } catch (e) {
      if (e instanceof SyncError)
        throw new NodeOperationError(this.getNode(), e.message, {
          description: HINTS[e.code] ?? 'Nothing was changed.',
        });
      throw toNodeError(this.getNode(), e, 0);
    }
  },
};
