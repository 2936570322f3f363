import {
  baseUrlProblem,
  celonisUrls,
  hasControlCharacter,
  shownUrl,
  type AuthConfig,
  type BaseUrlProblem,
} from '@celonis-scim/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_NAME = 'celonisScimApi';

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

/** What is wrong with a team URL, in words, from the core's refusal. */
function teamUrlProblem(reason: string): string {
  if (reason.includes('must start with https://')) return 'it must start with https://';
  if (reason.includes('user:password@')) return 'it must not contain user:password@';
  return 'it is not a URL';
}

function urls(creds: ICredentialDataDecryptedObject) {
  const teamUrl = required(creds, 'teamUrl', 'Team URL');
  let reason = '';
  try {
    return celonisUrls(teamUrl);
  } catch (e) {
    reason = e instanceof Error ? e.message : '';
  }
  throw new CredentialConfigError(
    `The Team URL "${shownUrl(teamUrl)}" is not a URL of a team (${teamUrlProblem(reason)}): use the address of your team, e.g. https://acme.eu-1.celonis.cloud.`,
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

/** Turns the credential's fields into the SCIM client's options, checking them first. */
export function clientConfig(creds: ICredentialDataDecryptedObject): ClientConfig {
  const team = urls(creds);
  const override = baseUrlOverride(creds);
  const authType = text(creds, 'authType') || 'oauth2';
  let auth: AuthConfig;
  if (authType === 'apiKey')
    auth = { type: 'apiKey', apiKey: required(creds, 'apiKey', 'API Key') };
  else if (authType === 'appKey')
    auth = { type: 'appKey', appKey: required(creds, 'appSecretKey', 'Application Key') };
  else if (authType === 'oauth2')
    auth = {
      type: 'oauth2',
      tokenUrl: team.tokenUrl,
      clientId: required(creds, 'clientId', 'Client ID'),
      clientSecret: required(creds, 'clientSecret', 'Client Secret'),
      scope: text(creds, 'scope') || 'user-provisioning.scim',
      clientAuth: text(creds, 'clientAuth') === 'post' ? 'post' : 'basic',
    };
  else
    throw new CredentialConfigError(
      `Unknown authentication "${authType}": choose OAuth 2.0, API key or application key.`,
    );
  return {
    baseUrl: override || team.scimBaseUrl,
    auth,
    // `allowUnauthorizedCerts` is the name n8n's own nodes use; accepted for imported credentials.
    skipSslCertificateValidation:
      creds.ignoreSslIssues === true || creds.allowUnauthorizedCerts === true,
  };
}
