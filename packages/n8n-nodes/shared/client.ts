import { createScimClient, type ScimClient } from '@celonis-scim/core';
import { sleep, type ICredentialDataDecryptedObject } from 'n8n-workflow';
import { clientConfig } from './config';
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
  const config = clientConfig(creds);
  return createScimClient({
    baseUrl: config.baseUrl,
    auth: config.auth,
    transport: n8nTransport(httpRequest, {
      skipSslCertificateValidation: config.skipSslCertificateValidation,
    }),
    sleep,
    userAgent: USER_AGENT,
    retry: { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
  });
}
