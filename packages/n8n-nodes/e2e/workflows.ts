import { NODE_TYPE, TRIGGER_TYPE } from './n8n';

type Params = Record<string, unknown>;
interface WfNode {
  name: string;
  type: string;
  typeVersion: number;
  parameters: Params;
  credential?: string;
  /** The credential type of `credential` (default: the Celonis SCIM API credential). */
  credentialType?: string;
  onError?: string;
}

/** A workflow in n8n's import format: nodes laid out left to right, connected in order. */
export function workflow(id: string, name: string, chains: WfNode[][]) {
  const nodes: object[] = [];
  const seen = new Set<string>();
  const connections: Record<
    string,
    { main: Array<Array<{ node: string; type: string; index: number }>> }
  > = {};
  chains.forEach((chain, row) =>
    chain.forEach((node, col) => {
      // A node already placed by an earlier chain (a shared trigger) starts a new branch.
      if (!seen.has(node.name))
        nodes.push({
          id: `${id}-${row}-${col}`,
          name: node.name,
          type: node.type,
          typeVersion: node.typeVersion,
          position: [col * 260, row * 200],
          parameters: node.parameters,
          ...(node.onError ? { onError: node.onError } : {}),
          ...(node.credential
            ? {
                credentials: {
                  [node.credentialType ?? 'celonisScimApi']: {
                    id: node.credential,
                    name: node.credential,
                  },
                },
              }
            : {}),
        });
      seen.add(node.name);
      const next = chain[col + 1];
      if (next) {
        const from = (connections[node.name] ??= { main: [[]] });
        from.main[0]!.push({ node: next.name, type: 'main', index: 0 });
      }
    }),
  );
  return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

export const start: WfNode = {
  name: 'Start',
  type: 'n8n-nodes-base.manualTrigger',
  typeVersion: 1,
  parameters: {},
};

/** Items from a literal list: a Set node with raw JSON, split into one item per entry. */
export function listItems(name: string, field: string, values: unknown[]): WfNode[] {
  return [
    {
      name,
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      parameters: { mode: 'raw', jsonOutput: JSON.stringify({ [field]: values }), options: {} },
    },
    {
      name: `${name} Items`,
      type: 'n8n-nodes-base.splitOut',
      typeVersion: 1,
      parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
    },
  ];
}

export function scim(
  name: string,
  credential: string,
  parameters: Params,
  onError?: string,
): WfNode {
  return {
    name,
    type: NODE_TYPE,
    typeVersion: 1,
    parameters,
    credential,
    ...(onError ? { onError } : {}),
  };
}

export function scimTrigger(name: string, credential: string, events: string[]): WfNode {
  return {
    name,
    type: TRIGGER_TYPE,
    typeVersion: 1,
    parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events },
    credential,
  };
}

export const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
