import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { errorItem, toNodeError } from '../../../shared/errors';
import { groupOperations } from './group';
import { teamOperations } from './team';
import type { BatchOperation, Operation } from './types';
import { userOperations } from './user';

const operations: Record<string, Record<string, Operation>> = {
  user: userOperations,
  group: groupOperations,
};
const batchOperations: Record<string, Record<string, BatchOperation>> = {
  team: teamOperations,
};

/** Runs an operation over all items at once; its errors are the node's, paired with item 0. */
async function runBatch(
  ctx: IExecuteFunctions,
  op: BatchOperation,
  count: number,
): Promise<INodeExecutionData[][]> {
  try {
    return [await op.executeAll.call(ctx, await clientForNode(ctx), count)];
  } catch (e) {
    const error = toNodeError(ctx.getNode(), e, 0);
    if (!ctx.continueOnFail()) throw error;
    return [[{ json: errorItem(error), pairedItem: { item: 0 } }]];
  }
}

/** Runs the chosen operation for every input item, keeping the item pairing. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const batch =
    batchOperations[this.getNodeParameter('resource', 0) as string]?.[
      this.getNodeParameter('operation', 0) as string
    ];
  if (batch) return runBatch(this, batch, items.length);
  const out: INodeExecutionData[] = [];
  let client: Awaited<ReturnType<typeof clientForNode>> | undefined;
  for (let i = 0; i < items.length; i++) {
    try {
      const resource = this.getNodeParameter('resource', i) as string;
      const operation = this.getNodeParameter('operation', i) as string;
      const op = operations[resource]?.[operation];
      if (!op)
        throw new NodeOperationError(
          this.getNode(),
          `The operation "${operation}" of "${resource}" is not supported`,
          { itemIndex: i },
        );
      client ??= await clientForNode(this);
      const results = await op.execute.call(this, client, i);
      for (const json of results) out.push({ json, pairedItem: { item: i } });
    } catch (e) {
      const error = toNodeError(this.getNode(), e, i);
      if (!this.continueOnFail()) throw error;
      out.push({ json: errorItem(error), pairedItem: { item: i } });
    }
  }
  return [out];
}
