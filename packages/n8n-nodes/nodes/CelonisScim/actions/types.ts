import type { ScimClient } from '@celonis-scim/core';
import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
} from 'n8n-workflow';

/** One operation of the node: its fields and what it does for one input item. */
export interface Operation {
  description: INodeProperties[];
  execute(this: IExecuteFunctions, client: ScimClient, i: number): Promise<IDataObject[]>;
}

/**
 * An operation over all input items at once (a sync: the items together are the desired
 * state). It pairs its output items itself.
 */
export interface BatchOperation {
  batch: true;
  description: INodeProperties[];
  executeAll(
    this: IExecuteFunctions,
    client: ScimClient,
    count: number,
  ): Promise<INodeExecutionData[]>;
}
