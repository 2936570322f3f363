import { requestClientCredentialsToken, ScimError } from '@celonis-scim/core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { clientConfig } from './config';
import { isTlsFailure, TLS_FIX } from './errors';
import { n8nTransport, type HttpRequestHelper } from './transport';

/**
 * Why the token request failed, in the words of someone setting up the credential. Core's token
 * request says what went wrong (its error kind); this says which credential field to look at.
 */
function tokenProblem(error: ScimError, tokenUrl: string, place: string): string {
  const origin = new URL(tokenUrl).origin;
  if (isTlsFailure(error))
    return `The TLS certificate of ${origin} was not accepted (${error.code}). ${TLS_FIX}`;
  if (error.kind === 'network' || error.kind === 'timeout')
    return `Could not reach the token endpoint at ${origin} (${error.code ?? error.kind}): check ${place} and n8n's network or proxy settings.`;
  if (error.kind === 'forbidden')
    return 'The OAuth client may not ask for this scope: check the Scope field (Celonis: user-provisioning.scim) and the scopes granted to the client.';
  if (error.kind === 'auth' && error.status !== undefined && error.status < 300)
    return `The token endpoint did not issue a token: check ${place} and the OAuth client.`;
  if (error.kind === 'auth')
    return 'The token endpoint refused the client ID or secret: check both, and that the OAuth client belongs to this team or provider.';
  if (error.status === 404) return `Nothing answers at ${tokenUrl}: check ${place}.`;
  const code = error.detail ? ` (${error.detail.split(':')[0]})` : '';
  return `The token endpoint answered HTTP ${error.status ?? '?'}${code}: check ${place} and the OAuth client.`;
}

/**
 * Fetches an OAuth access token with the client-credentials grant, for n8n's own credential
 * test: core's token request, sent through n8n's request helper. (The nodes' SCIM client fetches
 * and renews its tokens itself.)
 */
export async function fetchToken(
  httpRequest: HttpRequestHelper,
  creds: ICredentialDataDecryptedObject,
): Promise<string> {
  const config = clientConfig(creds);
  if (config.auth.type !== 'oauth2') return '';
  const transport = n8nTransport(httpRequest, {
    skipSslCertificateValidation: config.skipSslCertificateValidation,
  });
  let problem: string;
  try {
    return (await requestClientCredentialsToken(config.auth, transport)).token;
  } catch (e) {
    problem =
      e instanceof ScimError
        ? tokenProblem(
            e,
            config.auth.tokenUrl,
            creds.provider === 'scim'
              ? 'the Token URL'
              : 'the Team URL (https://<team>.<realm>.celonis.cloud)',
          )
        : e instanceof Error
          ? e.message
          : String(e);
  }
  throw new Error(problem);
}
