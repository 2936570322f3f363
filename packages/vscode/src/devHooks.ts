import * as vscode from 'vscode';
import type { RequestLog } from './log.js';
import type { TeamInput, TeamStore } from './teams.js';
import { connectTeam } from './commands/connect.js';

/** Set by the demo and the end-to-end tests, which install the packaged (production) build. */
export const DEV_FLAG = 'CELONIS_SCIM_VSCODE_DEV';
export const CONNECT_VAR = 'CELONIS_SCIM_VSCODE_CONNECT';

/**
 * Whether development hooks may run. A shipped extension runs in Production mode and never
 * reads them unless the host was started with the development flag, so a stray variable in
 * a user's environment cannot connect a team behind their back.
 */
export function devHooksEnabled(
  mode: vscode.ExtensionMode,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return mode !== vscode.ExtensionMode.Production || env[DEV_FLAG] === '1';
}

/**
 * Demos and scripted setups pass a connection in CELONIS_SCIM_VSCODE_CONNECT (JSON of the
 * connect command's argument); it is used once, when that team is not connected yet.
 * Returns whether a connection was attempted.
 */
export async function connectFromEnvironment(
  mode: vscode.ExtensionMode,
  store: TeamStore,
  log: RequestLog,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const raw = env[CONNECT_VAR];
  if (!raw || !devHooksEnabled(mode, env)) return false;
  let input: TeamInput;
  try {
    input = JSON.parse(raw) as TeamInput;
  } catch {
    log.error(`${CONNECT_VAR} is not JSON; ignored.`);
    return false;
  }
  if (input.name && store.get(input.name)) return false;
  await connectTeam(store, log, input);
  return true;
}
