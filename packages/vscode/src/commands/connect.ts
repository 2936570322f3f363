import * as vscode from 'vscode';
import { hasControlCharacter } from '@celonis-scim/core';
import { describeError, showError } from '../errors.js';
import type { RequestLog } from '../log.js';
import {
  AUTH_KINDS,
  BASE_URL_EXAMPLE,
  defaultServerName,
  defaultTeamName,
  TeamStore,
  TOKEN_URL_EXAMPLE,
  validateServerUrl,
  validateTeamName,
  validateTeamUrl,
  type AuthKind,
  type Provider,
  type TeamInput,
} from '../teams.js';
import { BACK, inputStep, pickStep, type StepPosition, type StepResult } from './multiStep.js';

type ProviderPick = vscode.QuickPickItem & { provider: Provider };
type AuthPick = vscode.QuickPickItem & { auth: AuthKind };

// Functions, not constants: vscode.l10n.t is called when the text is shown.
const providerPicks = (): ProviderPick[] => [
  {
    provider: 'celonis',
    label: vscode.l10n.t('Celonis team'),
    detail: vscode.l10n.t(
      'The team URL as in the browser, with an OAuth client, an API key or an application key.',
    ),
  },
  {
    provider: 'other',
    label: vscode.l10n.t('Other SCIM 2.0 server'),
    detail: vscode.l10n.t('A SCIM base URL, with OAuth 2.0 client credentials or a bearer token.'),
  },
];

const authPicks = (): Record<Provider, AuthPick[]> => ({
  celonis: [
    {
      auth: 'oauth2',
      label: vscode.l10n.t('OAuth client credentials'),
      detail: vscode.l10n.t(
        'Client id and secret of an OAuth client with the user-provisioning.scim scope (recommended).',
      ),
    },
    {
      auth: 'apiKey',
      label: vscode.l10n.t('API key'),
      detail: vscode.l10n.t('A personal API key; acts as its user.'),
    },
    {
      auth: 'appKey',
      label: vscode.l10n.t('Application key'),
      detail: vscode.l10n.t('An application key with the Team Admin role.'),
    },
  ],
  other: [
    {
      auth: 'oauth2',
      label: vscode.l10n.t('OAuth 2.0 client credentials'),
      detail: vscode.l10n.t('Client id and secret, with the token URL and scope of your choice.'),
    },
    {
      auth: 'bearer',
      label: vscode.l10n.t('Bearer token'),
      detail: vscode.l10n.t('A static access token, sent as "Authorization: Bearer <token>".'),
    },
  ],
});

const secretPrompt = (): Record<AuthKind, string> => ({
  oauth2: vscode.l10n.t('OAuth client secret'),
  apiKey: vscode.l10n.t('API key'),
  appKey: vscode.l10n.t('Application key'),
  bearer: vscode.l10n.t('Bearer token'),
});

const connectTitle = (): Record<Provider, string> => ({
  celonis: vscode.l10n.t('Connect Celonis Team'),
  other: vscode.l10n.t('Connect SCIM 2.0 Server'),
});

export type ConnectStep =
  'provider' | 'url' | 'auth' | 'tokenUrl' | 'scope' | 'clientId' | 'secret' | 'name';

/** What the user has answered so far; choices not made yet hold their defaults. */
interface Draft {
  provider: Provider;
  auth: AuthKind;
  url: string;
  tokenUrl: string;
  scope: string;
  clientId: string;
  secret: string;
  name: string;
}

/**
 * The steps of the Connect input for the choices made so far. Only what the user chose adds or
 * drops steps (the provider and the kind of authentication, both asked before any step that
 * depends on them), so the count shown is right at every step of every path.
 */
export function connectSteps(d: { provider: Provider; auth: AuthKind }): ConnectStep[] {
  const oauth = d.auth === 'oauth2';
  return [
    'provider',
    'url',
    'auth',
    ...(oauth && d.provider === 'other' ? (['tokenUrl', 'scope'] as const) : []),
    ...(oauth ? (['clientId'] as const) : []),
    'secret',
    'name',
  ];
}

const notEmpty =
  (what: string) =>
  (v: string): string | undefined => {
    if (!v.trim()) return vscode.l10n.t('Enter the {0}.', what);
    if (hasControlCharacter(v))
      return vscode.l10n.t(
        'The {0} contains a line break or control character: paste it again without it.',
        what,
      );
    return undefined;
  };

/** Asks one step and writes the answer into the draft. */
async function askStep(id: ConnectStep, d: Draft, at: StepPosition): Promise<StepResult<true>> {
  const other = d.provider === 'other';
  const answered = (v: StepResult<string>, set: (v: string) => void): StepResult<true> => {
    if (typeof v !== 'string') return v;
    set(v);
    return true;
  };
  switch (id) {
    case 'provider': {
      const items = providerPicks();
      const v = await pickStep({
        ...at,
        placeholder: vscode.l10n.t('Where are the users and groups?'),
        items,
        active: items.find((p) => p.provider === d.provider),
      });
      if (typeof v !== 'object') return v;
      if (v.provider !== d.provider) {
        d.provider = v.provider;
        // Each provider has its own kinds of authentication; start from its default again.
        if (!AUTH_KINDS[v.provider].includes(d.auth)) d.auth = 'oauth2';
      }
      return true;
    }
    case 'url':
      return answered(
        await inputStep({
          ...at,
          prompt: other
            ? vscode.l10n.t('SCIM base URL of the server (the URL that /Users and /Groups follow)')
            : vscode.l10n.t('Team URL (as in the browser) or its SCIM base URL'),
          placeholder: other ? BASE_URL_EXAMPLE : 'https://acme.eu-1.celonis.cloud',
          value: d.url,
          validate: other
            ? (v) => validateServerUrl(v, 'SCIM base URL', BASE_URL_EXAMPLE)
            : validateTeamUrl,
        }),
        (v) => (d.url = v.trim()),
      );
    case 'auth': {
      const items = authPicks()[d.provider];
      const v = await pickStep({
        ...at,
        placeholder: vscode.l10n.t('How does the extension sign in?'),
        items,
        active: items.find((i) => i.auth === d.auth),
      });
      if (typeof v !== 'object') return v;
      d.auth = v.auth;
      return true;
    }
    case 'tokenUrl':
      return answered(
        await inputStep({
          ...at,
          prompt: vscode.l10n.t('OAuth 2.0 token URL (client credentials grant)'),
          placeholder: TOKEN_URL_EXAMPLE,
          value: d.tokenUrl,
          validate: (v) => validateServerUrl(v, 'token URL', TOKEN_URL_EXAMPLE),
        }),
        (v) => (d.tokenUrl = v.trim()),
      );
    case 'scope':
      return answered(
        await inputStep({
          ...at,
          prompt: vscode.l10n.t('OAuth scope to ask for (space-separated; leave empty for none)'),
          placeholder: 'scim',
          value: d.scope,
          validate: (v) =>
            hasControlCharacter(v)
              ? vscode.l10n.t('The scope contains a line break or control character.')
              : undefined,
        }),
        (v) => (d.scope = v.trim()),
      );
    case 'clientId':
      return answered(
        await inputStep({
          ...at,
          prompt: vscode.l10n.t('OAuth client id'),
          value: d.clientId,
          validate: notEmpty(vscode.l10n.t('client id of the OAuth client')),
        }),
        (v) => (d.clientId = v.trim()),
      );
    case 'secret':
      return answered(
        await inputStep({
          ...at,
          prompt: secretPrompt()[d.auth],
          password: true,
          value: d.secret,
          validate: notEmpty(secretPrompt()[d.auth].toLowerCase()),
        }),
        (v) => (d.secret = v.trim()),
      );
    case 'name':
      return answered(
        await inputStep({
          ...at,
          prompt: vscode.l10n.t('A short name for this connection (shown in the tree)'),
          value: d.name || (other ? defaultServerName(d.url) : defaultTeamName(d.url)),
          validate: (v) => validateTeamName(v.trim()),
        }),
        (v) => (d.name = v.trim()),
      );
  }
}

/** Asks for everything a connection needs, with Back; undefined when the user cancels. */
async function askTeamInput(): Promise<TeamInput | undefined> {
  const d: Draft = {
    provider: 'celonis',
    auth: 'oauth2',
    url: '',
    tokenUrl: '',
    scope: '',
    clientId: '',
    secret: '',
    name: '',
  };
  for (let i = 0; ;) {
    const steps = connectSteps(d);
    const id = steps[i];
    if (!id) break;
    const r = await askStep(id, d, {
      title: connectTitle()[d.provider],
      step: i + 1,
      totalSteps: steps.length,
    });
    if (r === undefined) return undefined;
    i = r === BACK ? Math.max(0, i - 1) : i + 1;
  }
  const oauth = d.auth === 'oauth2';
  return {
    provider: d.provider,
    url: d.url,
    authType: d.auth,
    secret: d.secret,
    name: d.name,
    ...(oauth ? { clientId: d.clientId } : {}),
    ...(oauth && d.provider === 'other' ? { tokenUrl: d.tokenUrl, scope: d.scope } : {}),
  };
}

/**
 * Connect Team: asks for the server and credentials (or takes them as an argument, for
 * scripts), tests them with one small request, then keeps the secret in SecretStorage.
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
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot connect: {0}', describeError(e)));
    return undefined;
  }
  const client = store.createClient(record, input.secret);
  try {
    // A few requests: the status bar shows them, no notification pops up for that.
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Window,
        title: vscode.l10n.t('Connecting to {0}', record.name),
      },
      async () => {
        await client.discover();
        await client.users.listPage({ count: 1 });
      },
    );
  } catch (e) {
    await client.close();
    await showError(log, vscode.l10n.t('Could not connect to {0}', record.name), e);
    return undefined;
  }
  await store.add(record, input.secret, client);
  const other = record.provider === 'other' ? ', another SCIM 2.0 server' : '';
  log.info(`Connected team ${record.name} (${record.scimBaseUrl}, ${record.authType}${other})`);
  return record.name;
}

function isTeamInput(v: unknown): v is TeamInput {
  return !!v && typeof v === 'object' && typeof (v as TeamInput).url === 'string';
}
