import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { errorItem, toNodeError } from '../../../shared/errors';
import { groupOperations } from './group';
import type { Operation } from './types';
import { userOperations } from './user';

const operations: Record<string, Record<string, Operation>> = {
  user: userOperations,
  group: groupOperations,
};

/** Runs the chosen operation for every input item, keeping the item pairing. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
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
