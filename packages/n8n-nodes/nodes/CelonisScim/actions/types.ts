import type { ScimClient } from '@celonis-scim/core';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation of the node: its fields and what it does for one input item. */
export interface Operation {
  description: INodeProperties[];
  execute(this: IExecuteFunctions, client: ScimClient, i: number): Promise<IDataObject[]>;
}
