import {
  baseUrlProblem,
  celonisUrls,
  hasControlCharacter,
  shownUrl,
  TeamUrlError,
  type AuthConfig,
  type BaseUrlProblem,
  type TeamUrlProblem,
} from '@celonis-scim/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_NAME = 'celonisScimApi';
/** n8n's own OAuth2 credential (client-credentials grant): n8n handles the tokens. */
export const N8N_MANAGED_CREDENTIAL = 'celonisScimOAuth2Api';

export interface ClientConfig {
  baseUrl: string;
  auth: AuthConfig;
  skipSslCertificateValidation: boolean;
}

/** Thrown for a credential that cannot work; the message says which field to fix. */
export class CredentialConfigError extends Error {
  override readonly name = 'CredentialConfigError';
}

function text(creds: ICredentialDataDecryptedObject, key: string): string {
  const value = creds[key];
  return typeof value === 'string' ? value.trim() : '';
}

function required(creds: ICredentialDataDecryptedObject, key: string, label: string): string {
  const value = text(creds, key);
  if (!value)
    throw new CredentialConfigError(
      `The credential's ${label} is empty: open the Celonis SCIM API credential and fill it in.`,
    );
  if (hasControlCharacter(value))
    throw new CredentialConfigError(
      `The credential's ${label} contains a control character (a line break?): paste it again without it.`,
    );
  return value;
}

/** What is wrong with a team URL, in words, from the core's reason. */
const TEAM_URL_PROBLEM: Record<TeamUrlProblem, string> = {
  empty: 'it is empty',
  notUrl: 'it is not a URL',
  scheme: 'it must start with https://',
  credentials: 'it must not contain user:password@',
};

function urls(creds: ICredentialDataDecryptedObject) {
  const teamUrl = required(creds, 'teamUrl', 'Team URL');
  let problem: TeamUrlProblem = 'notUrl';
  try {
    return celonisUrls(teamUrl);
  } catch (e) {
    if (e instanceof TeamUrlError) problem = e.problem;
  }
  throw new CredentialConfigError(
    `The Team URL "${shownUrl(teamUrl)}" is not a URL of a team (${TEAM_URL_PROBLEM[problem]}): use the address of your team, e.g. https://acme.eu-1.celonis.cloud.`,
  );
}

const OVERRIDE_PROBLEM: Record<BaseUrlProblem, string> = {
  notUrl: 'is not an http(s) URL',
  scheme: 'is not an http(s) URL',
  credentials: 'must not contain user:password@',
  query: 'must not carry a query (?) or fragment (#)',
};

/** The override, checked as the SCIM client will use it: an absolute http(s) URL, nothing more. */
function baseUrlOverride(creds: ICredentialDataDecryptedObject): string {
  const override = text(creds, 'scimBaseUrl');
  if (!override) return '';
  const problem = baseUrlProblem(override);
  if (problem)
    throw new CredentialConfigError(
      `The SCIM Base URL Override "${shownUrl(override)}" ${OVERRIDE_PROBLEM[problem]}: leave it empty for Celonis.`,
    );
  return override;
}

/** A URL the user gives for another provider (SCIM base or token URL), checked as core uses it. */
function providerUrl(creds: ICredentialDataDecryptedObject, key: string, label: string): string {
  const url = required(creds, key, label);
  const problem = baseUrlProblem(url);
  if (problem)
    throw new CredentialConfigError(
      `The ${label} "${shownUrl(url)}" ${OVERRIDE_PROBLEM[problem]}: enter the full address, e.g. https://scim.example.com/scim/v2.`,
    );
  return url;
}

/** Where the SCIM API and the token endpoint are: from the team URL, or as the user gave them. */
function endpoints(creds: ICredentialDataDecryptedObject, authType: string) {
  if (text(creds, 'provider') === 'scim')
    return {
      baseUrl: providerUrl(creds, 'scimBaseUrl', 'SCIM Base URL'),
      tokenUrl: authType === 'oauth2' ? providerUrl(creds, 'tokenUrl', 'Token URL') : '',
      // Another provider's scopes are its own: none unless the user gives some.
      defaultScope: undefined,
    };
  const team = urls(creds);
  return {
    baseUrl: baseUrlOverride(creds) || team.scimBaseUrl,
    tokenUrl: team.tokenUrl,
    defaultScope: 'user-provisioning.scim',
  };
}

/** Turns the credential's fields into the SCIM client's options, checking them first. */
export function clientConfig(creds: ICredentialDataDecryptedObject): ClientConfig {
  const authType = text(creds, 'authType') || 'oauth2';
  const where = endpoints(creds, authType);
  let auth: AuthConfig;
  if (authType === 'apiKey')
    auth = { type: 'apiKey', apiKey: required(creds, 'apiKey', 'API Key') };
  else if (authType === 'appKey')
    auth = { type: 'appKey', appKey: required(creds, 'appSecretKey', 'Application Key') };
  else if (authType === 'bearer')
    auth = { type: 'bearer', token: required(creds, 'bearerToken', 'Bearer Token') };
  else if (authType === 'oauth2')
    auth = {
      type: 'oauth2',
      tokenUrl: where.tokenUrl,
      clientId: required(creds, 'clientId', 'Client ID'),
      clientSecret: required(creds, 'clientSecret', 'Client Secret'),
      scope: text(creds, 'scope') || where.defaultScope,
      clientAuth: text(creds, 'clientAuth') === 'post' ? 'post' : 'basic',
    };
  else
    throw new CredentialConfigError(
      `Unknown authentication "${authType}": choose OAuth 2.0, API key, application key or bearer token.`,
    );
  return {
    baseUrl: where.baseUrl,
    auth,
    // `allowUnauthorizedCerts` is the name n8n's own nodes use; accepted for imported credentials.
    skipSslCertificateValidation:
      creds.ignoreSslIssues === true || creds.allowUnauthorizedCerts === true,
  };
}

/**
 * The SCIM base URL of the n8n OAuth2 credential. n8n fetches and renews its tokens and signs
 * each request, so the SCIM client sends no Authorization header of its own.
 */
export function oauth2ApiConfig(creds: ICredentialDataDecryptedObject): ClientConfig {
  return {
    baseUrl: providerUrl(creds, 'scimBaseUrl', 'SCIM Base URL'),
    auth: { type: 'none' },
    skipSslCertificateValidation: creds.ignoreSSLIssues === true,
  };
}
