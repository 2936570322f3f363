// The only module that builds a SCIM client: where the client factory lives is decided here.
import {
  CELONIS_SCIM_SCOPE,
  celonisUrls,
  TeamUrlError,
  createScimClient,
  type AuthConfig,
  type ScimClient,
} from '@celonis-scim/core/node';
import { CliError } from './errors.js';
import { profilesPath, readProfiles, type Profile } from './profiles.js';
import { VERSION } from './version.js';

/** Connection options as the flags (or their environment variables) gave them. */
export interface ConnectionFlags {
  profile?: string | undefined;
  teamUrl?: string | undefined;
  baseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  /** `--oauth-scope`: not `--scope`, which `sync plan` uses for the users a sync may change. */
  oauthScope?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  apiKey?: string | undefined;
  appKey?: string | undefined;
}

/** A resolved connection: where to send requests and how to authenticate. */
export interface Connection {
  /** The profile it came from, if any. */
  profile?: string | undefined;
  scimBaseUrl: string;
  auth: AuthConfig;
}

/** Flags and their environment variables, for help texts and messages. */
export const CONNECTION_ENV = {
  profile: 'CELONIS_SCIM_PROFILE',
  teamUrl: 'CELONIS_SCIM_TEAM_URL',
  baseUrl: 'CELONIS_SCIM_BASE_URL',
  tokenUrl: 'CELONIS_SCIM_TOKEN_URL',
  oauthScope: 'CELONIS_SCIM_SCOPE',
  clientId: 'CELONIS_SCIM_CLIENT_ID',
  clientSecret: 'CELONIS_SCIM_CLIENT_SECRET',
  apiKey: 'CELONIS_SCIM_API_KEY',
  appKey: 'CELONIS_SCIM_APP_KEY',
} as const;

const URL_FIELDS = ['teamUrl', 'baseUrl', 'tokenUrl'] as const;
const KINDS = {
  oauth: ['clientId', 'clientSecret', 'scope'],
  apiKey: ['apiKey'],
  appKey: ['appKey'],
} as const;
type Kind = keyof typeof KINDS;

const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/**
 * Which profile applies: the one named by --profile / CELONIS_SCIM_PROFILE, else the default
 * profile when the flags name no team at all.
 */
function chooseProfile(flags: ConnectionFlags): [string, Profile] | undefined {
  const explicitUrl = URL_FIELDS.some((f) => given(flags[f]));
  if (!given(flags.profile) && explicitUrl) return undefined;
  const path = profilesPath();
  const file = readProfiles(path);
  if (given(flags.profile)) {
    const p = file.profiles[flags.profile];
    if (!p) {
      const names = Object.keys(file.profiles);
      throw new CliError(
        `No profile named "${flags.profile}" in ${path}`,
        names.length
          ? `Profiles there: ${names.join(', ')}.`
          : 'Add one with "celonis-scim profile add <name> --team-url ... --client-id ...".',
      );
    }
    return [flags.profile, p];
  }
  if (file.default && file.profiles[file.default])
    return [file.default, file.profiles[file.default]!];
  return undefined;
}

/**
 * Merges flags over a profile. A flag replaces the profile's value of the same field; a URL flag
 * replaces all of the profile's URLs, and a credential flag of one kind drops the profile's
 * credentials of the other kinds, so that the two never mix.
 */
export function mergeConnection(connectionFlags: ConnectionFlags, profile: Profile = {}): Profile {
  const flags: Profile = {
    teamUrl: connectionFlags.teamUrl,
    baseUrl: connectionFlags.baseUrl,
    tokenUrl: connectionFlags.tokenUrl,
    scope: connectionFlags.oauthScope,
    clientId: connectionFlags.clientId,
    clientSecret: connectionFlags.clientSecret,
    apiKey: connectionFlags.apiKey,
    appKey: connectionFlags.appKey,
  } as Profile;
  const out: Profile = {};
  const urlFromFlags = URL_FIELDS.some((f) => given(flags[f]));
  for (const f of URL_FIELDS) {
    const v = urlFromFlags ? flags[f] : profile[f];
    if (given(v)) out[f] = v.trim();
  }
  const flagKinds = (Object.keys(KINDS) as Kind[]).filter((k) =>
    KINDS[k].some((f) => given(flags[f])),
  );
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const keepProfile = flagKinds.length === 0 || flagKinds.includes(kind);
    for (const f of KINDS[kind]) {
      const v = given(flags[f]) ? flags[f] : keepProfile ? profile[f] : undefined;
      if (given(v)) out[f] = v.trim();
    }
  }
  return out;
}

function authFrom(p: Profile, tokenUrl: string): AuthConfig {
  const kinds = (Object.keys(KINDS) as Kind[]).filter((k) =>
    KINDS[k].some((f) => f !== 'scope' && given(p[f])),
  );
  if (kinds.length === 0)
    throw new CliError(
      'No credentials: the team needs OAuth client credentials, an API key or an application key',
      `Set ${CONNECTION_ENV.clientId} and ${CONNECTION_ENV.clientSecret} (or ${CONNECTION_ENV.apiKey}, or ${CONNECTION_ENV.appKey}), pass --client-id/--client-secret, or save a profile with "celonis-scim profile add".`,
    );
  if (kinds.length > 1)
    throw new CliError(
      `More than one kind of credential is set (${kinds.map(kindName).join(' and ')})`,
      'Use one: unset the environment variables or flags of the others.',
    );
  if (kinds[0] === 'apiKey') return { type: 'apiKey', apiKey: p.apiKey! };
  if (kinds[0] === 'appKey') return { type: 'appKey', appKey: p.appKey! };
  if (!given(p.clientId) || !given(p.clientSecret))
    throw new CliError(
      `OAuth client credentials need both a client id and a client secret; the ${given(p.clientId) ? 'secret' : 'client id'} is missing`,
      `Pass --${given(p.clientId) ? 'client-secret' : 'client-id'} or set ${given(p.clientId) ? CONNECTION_ENV.clientSecret : CONNECTION_ENV.clientId}.`,
    );
  return {
    type: 'oauth2',
    tokenUrl,
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    scope: p.scope ?? CELONIS_SCIM_SCOPE,
  };
}

const kindName = (k: Kind) =>
  k === 'oauth' ? 'OAuth client credentials' : k === 'apiKey' ? 'an API key' : 'an application key';

/** Turns a merged profile into a connection; every check happens here, before any request. */
export function connectionFrom(p: Profile, profile?: string): Connection {
  if (!given(p.teamUrl) && !given(p.baseUrl))
    throw new CliError(
      'No team: pass the team URL (as in the browser, e.g. https://acme.eu-1.celonis.cloud) or the SCIM base URL',
      `Use --team-url or ${CONNECTION_ENV.teamUrl}, --base-url or ${CONNECTION_ENV.baseUrl}, or a profile (--profile, "celonis-scim profile add").`,
    );
  let scimBaseUrl: string;
  let tokenUrl: string;
  try {
    // A SCIM base URL without a team URL: the token endpoint is found the same way, from the
    // part of the URL in front of /scim/v2; --token-url overrides it for other layouts.
    const urls = celonisUrls(given(p.teamUrl) ? p.teamUrl : p.baseUrl!);
    scimBaseUrl = given(p.baseUrl) ? p.baseUrl : urls.scimBaseUrl;
    tokenUrl = given(p.tokenUrl) ? p.tokenUrl : urls.tokenUrl;
  } catch (e) {
    throw e instanceof TeamUrlError ? new CliError(e.detail) : e;
  }
  return { profile, scimBaseUrl: scimBaseUrl.replace(/\/+$/, ''), auth: authFrom(p, tokenUrl) };
}

export function resolveConnection(flags: ConnectionFlags): Connection {
  const chosen = chooseProfile(flags);
  return connectionFrom(mergeConnection(flags, chosen?.[1]), chosen?.[0]);
}

/** How the CLI names itself to a server: its version is package.json's. */
export const USER_AGENT = `celonis-scim-cli/${VERSION}`;

export function connect(connection: Connection): ScimClient {
  try {
    return createScimClient({
      baseUrl: connection.scimBaseUrl,
      auth: connection.auth,
      userAgent: USER_AGENT,
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
