import type { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { executeContext, type RunOptions } from './context';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Team = Sandbox['teams'][string];

export function oauthCredentials(team: Team): ICredentialDataDecryptedObject {
  return {
    teamUrl: team.teamUrl,
    authType: 'oauth2',
    clientId: team.clientId,
    clientSecret: team.clientSecret,
    scope: team.scope,
    clientAuth: 'basic',
  };
}

const node = new CelonisScim();

/** Runs the action node's execute with the given parameters; returns the first output. */
export async function run(opts: RunOptions): Promise<INodeExecutionData[]> {
  const out = await node.execute.call(executeContext(opts));
  return out[0] ?? [];
}

export const json = (items: INodeExecutionData[]): IDataObject[] => items.map((i) => i.json);

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUserName = (value: string) => ({ __rl: true, mode: 'userName', value });
export const byDisplayName = (value: string) => ({ __rl: true, mode: 'displayName', value });

/** The parameters of a user or group operation of the action node. */
export const user = (operation: string, params: IDataObject = {}): IDataObject => ({
  resource: 'user',
  operation,
  ...params,
});
export const group = (operation: string, params: IDataObject = {}): IDataObject => ({
  resource: 'group',
  operation,
  ...params,
});
