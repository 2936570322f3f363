import * as vscode from 'vscode';
import { describeError, showError } from '../errors.js';
import type { RequestLog } from '../log.js';
import {
  defaultTeamName,
  TeamStore,
  validateTeamName,
  validateTeamUrl,
  type AuthKind,
  type TeamInput,
} from '../teams.js';

const AUTH_PICKS: Array<vscode.QuickPickItem & { auth: AuthKind }> = [
  {
    auth: 'oauth2',
    label: 'OAuth client credentials',
    detail:
      'Client id and secret of an OAuth client with the user-provisioning.scim scope (recommended).',
  },
  { auth: 'apiKey', label: 'API key', detail: 'A personal API key; acts as its user.' },
  {
    auth: 'appKey',
    label: 'Application key',
    detail: 'An application key with the Team Admin role.',
  },
];

/** Asks for everything a connection needs; undefined when the user cancels. */
async function askTeamInput(): Promise<TeamInput | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Connect Celonis Team (1/4)',
    prompt: 'Team URL (as in the browser) or its SCIM base URL',
    placeHolder: 'https://acme.eu-1.celonis.cloud',
    ignoreFocusOut: true,
    validateInput: (v) => validateTeamUrl(v),
  });
  if (!url) return undefined;
  const auth = await vscode.window.showQuickPick(AUTH_PICKS, {
    title: 'Connect Celonis Team (2/4): authentication',
    ignoreFocusOut: true,
  });
  if (!auth) return undefined;
  let clientId: string | undefined;
  if (auth.auth === 'oauth2') {
    clientId = await vscode.window.showInputBox({
      title: 'Connect Celonis Team (3/4)',
      prompt: 'OAuth client id',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter the client id of the OAuth client.'),
    });
    if (!clientId) return undefined;
  }
  const secret = await vscode.window.showInputBox({
    title: 'Connect Celonis Team (3/4)',
    prompt: auth.auth === 'oauth2' ? 'OAuth client secret' : auth.label,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'The secret cannot be empty.'),
  });
  if (!secret) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'Connect Celonis Team (4/4)',
    prompt: 'A short name for this team (shown in the tree)',
    value: defaultTeamName(url),
    ignoreFocusOut: true,
    validateInput: (v) => validateTeamName(v.trim()),
  });
  if (!name) return undefined;
  return {
    url,
    authType: auth.auth,
    secret,
    name: name.trim(),
    ...(clientId ? { clientId: clientId.trim() } : {}),
  };
}

/**
 * Connect Team: asks for the URL and credentials (or takes them as an argument, for scripts),
 * tests them with one small request, then keeps the secret in SecretStorage.
 * Returns the team name, or undefined when cancelled or failed.
 */
export async function connectTeam(
  store: TeamStore,
  log: RequestLog,
  arg?: TeamInput,
): Promise<string | undefined> {
  const input = isTeamInput(arg) ? arg : await askTeamInput();
  if (!input) return undefined;
  let record;
  try {
    record = TeamStore.recordFor(input);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot connect: ${describeError(e)}`);
    return undefined;
  }
  const client = store.createClient(record, input.secret);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to ${record.name}...` },
      async () => {
        await client.discover();
        await client.users.listPage({ count: 1 });
      },
    );
  } catch (e) {
    await client.close();
    await showError(log, `Could not connect to ${record.name}`, e);
    return undefined;
  }
  await store.add(record, input.secret, client);
  log.info(`Connected team ${record.name} (${record.scimBaseUrl}, ${record.authType})`);
  return record.name;
}

function isTeamInput(v: unknown): v is TeamInput {
  return !!v && typeof v === 'object' && typeof (v as TeamInput).url === 'string';
}
