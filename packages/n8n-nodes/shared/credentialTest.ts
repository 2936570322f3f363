import { ScimError } from '@celonis-scim/core';
import type {
  ICredentialsDecrypted,
  ICredentialTestFunctions,
  INodeCredentialTestResult,
} from 'n8n-workflow';
import { scimClient } from './client';
import { clientConfig, CredentialConfigError } from './config';
import type { HttpRequestHelper } from './transport';

/** Why a test failed, in the words of someone setting up the credential. */
function explain(e: ScimError, scimUrl: string): string {
  switch (e.kind) {
    case 'auth':
      return e.path.includes('oauth2')
        ? 'The token endpoint refused the client ID or secret: check both, and that the OAuth client belongs to this team.'
        : 'The SCIM API refused the key or token: check the API/application key (or client secret) and that it belongs to this team.';
    case 'forbidden':
      return 'Signed in, but not allowed to manage users: give the OAuth client the user-provisioning.scim scope (or the key the User Provisioning permission) in the team.';
    case 'notFound':
      return `Nothing answers SCIM at ${scimUrl}: check the Team URL (https://<team>.<realm>.celonis.cloud) and that SCIM is enabled for the team.`;
    case 'network':
    case 'timeout':
      return `The SCIM API at ${scimUrl} could not be reached (${e.code ?? e.kind}): check the Team URL and n8n's network or proxy settings.`;
    case 'invalid':
      if (e.scimType === 'invalid_scope' || /scope/i.test(e.detail ?? ''))
        return 'The OAuth client may not ask for this scope: check the Scope field (user-provisioning.scim) and the scopes of the client in Celonis.';
      return `The SCIM API rejected the test request: ${e.detail ?? e.message}`;
    default:
      return e.detail ? `The SCIM API failed: ${e.detail}` : e.hint;
  }
}

/**
 * Proves the credential reaches the team's SCIM API: fetches a token (OAuth) and lists one
 * user. Runs in n8n's credential-test context, whose only request helper is `request`.
 */
export async function celonisScimApiTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  let baseUrl = '';
  try {
    const config = clientConfig(data);
    baseUrl = config.baseUrl;
    // The credential-test context offers no other request helper than `request`.
    // eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
    const request = this.helpers.request;
    const http: HttpRequestHelper = async (options) => {
      const res = (await request({
        uri: options.url,
        method: options.method,
        headers: options.headers,
        body: options.body,
        resolveWithFullResponse: true,
        simple: false,
        followRedirect: false,
        rejectUnauthorized: !config.skipSslCertificateValidation,
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      })) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
      return res;
    };
    const client = scimClient(data, http);
    const page = await client.users.listPage({ count: 1, attributes: ['userName'] });
    return {
      status: 'OK',
      message: `Connected: the team has ${page.totalResults ?? 'some'} users.`,
    };
  } catch (e) {
    if (e instanceof CredentialConfigError) return { status: 'Error', message: e.message };
    if (e instanceof ScimError) return { status: 'Error', message: explain(e, baseUrl) };
    return { status: 'Error', message: `The test failed: ${(e as Error).message}` };
  }
}
