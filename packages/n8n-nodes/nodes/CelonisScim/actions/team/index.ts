import type { INodeProperties } from 'n8n-workflow';
import type { BatchOperation } from '../types';
import { applyPlanOperation } from './applyPlan.operation';
import { syncUsers } from './syncUsers.operation';

export const teamOperations: Record<string, BatchOperation> = {
  syncUsers,
  applyPlan: applyPlanOperation,
};

export const teamDescription: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['team'] } },
    default: 'syncUsers',
    options: [
      {
        name: 'Sync Users',
        value: 'syncUsers',
        description:
          'Make the users of the team match the input items: preview the plan, or apply it',
        action: 'Sync users of team',
      },
      {
        name: 'Apply Plan',
        value: 'applyPlan',
        description:
          'Apply a plan a Sync Users preview made earlier, for example after an approval',
        action: 'Apply sync plan',
      },
    ],
  },
  ...syncUsers.description,
  ...applyPlanOperation.description,
];
