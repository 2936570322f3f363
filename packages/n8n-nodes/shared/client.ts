import { createScimClient, type ScimClient } from '@celonis-scim/core';
import { sleep, type ICredentialDataDecryptedObject } from 'n8n-workflow';
import { clientConfig, oauth2ApiConfig, type ClientConfig } from './config';
import { n8nTransport, type HttpRequestHelper } from './transport';

const USER_AGENT = 'n8n-nodes-celonis-scim/0.1.0';

/**
 * A SCIM client whose every request goes through the given n8n request helper and whose retry
 * back-off waits with n8n's `sleep` (no timers of our own in node code).
 */
export function scimClient(
  creds: ICredentialDataDecryptedObject,
  httpRequest: HttpRequestHelper,
): ScimClient {
  return clientFrom(clientConfig(creds), httpRequest, false);
}

/**
 * A SCIM client whose requests n8n signs with the token of its own OAuth2 credential
 * (`httpRequestWithAuthentication`); n8n fetches and renews that token.
 */
export function scimClientSignedByN8n(
  creds: ICredentialDataDecryptedObject,
  httpRequestWithAuthentication: HttpRequestHelper,
): ScimClient {
  return clientFrom(oauth2ApiConfig(creds), httpRequestWithAuthentication, true);
}

function clientFrom(
  config: ClientConfig,
  httpRequest: HttpRequestHelper,
  signedByN8n: boolean,
): ScimClient {
  return createScimClient({
    baseUrl: config.baseUrl,
    auth: config.auth,
    transport: n8nTransport(httpRequest, {
      skipSslCertificateValidation: config.skipSslCertificateValidation,
      signedByN8n,
    }),
    sleep,
    userAgent: USER_AGENT,
    retry: { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
  });
}
