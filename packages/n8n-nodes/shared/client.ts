import { createScimClient, TokenCache, type ScimClient } from '@celonis-scim/core';
import { sleep, type ICredentialDataDecryptedObject } from 'n8n-workflow';
import { clientConfig, oauth2ApiConfig, type ClientConfig } from './config';
import { n8nTransport, type HttpRequestHelper } from './transport';
import { VERSION } from './version';

/** How the nodes name themselves to a server: the version is package.json's. */
export const USER_AGENT = `n8n-nodes-celonis-scim/${VERSION}`;

/**
 * OAuth tokens of this n8n process. A node builds a new client for every execution; sharing the
 * tokens per OAuth client means a process (the main instance, each queue-mode worker) asks the
 * token endpoint once per token lifetime instead of once per execution.
 */
const tokens = new TokenCache();

/** Where the client reports each token request it sends (n8n's logger of the run). */
export type TokenLog = (message: string) => void;

/**
 * A SCIM client whose every request goes through the given n8n request helper and whose retry
 * back-off waits with n8n's `sleep` (no timers of our own in node code).
 */
export function scimClient(
  creds: ICredentialDataDecryptedObject,
  httpRequest: HttpRequestHelper,
  tokenLog?: TokenLog,
): ScimClient {
  return clientFrom(clientConfig(creds), httpRequest, false, tokenLog);
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
  tokenLog?: TokenLog,
): ScimClient {
  const tokenPath = config.auth.type === 'oauth2' ? new URL(config.auth.tokenUrl).pathname : '';
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
    tokenCache: tokens,
    // One line per token request (its path and status, never the token): operators see how
    // often each process authenticates.
    ...(tokenLog && tokenPath
      ? {
          logger: (entry) => {
            if (entry.path === tokenPath)
              tokenLog(
                `Celonis SCIM: requested an OAuth access token at ${entry.path} (${entry.status ?? entry.error})`,
              );
          },
        }
      : {}),
  });
}
