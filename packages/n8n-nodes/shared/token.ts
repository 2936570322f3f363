import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { clientConfig } from './config';
import type { HttpRequestHelper } from './transport';

/** Why the token endpoint said no, in the words of someone setting up the credential. */
function tokenProblem(status: number, body: unknown, tokenUrl: string): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (error === 'invalid_scope')
    return 'The OAuth client may not ask for this scope: check the Scope field (user-provisioning.scim) and the scopes granted to the client in Celonis.';
  if (error === 'invalid_client' || error === 'unauthorized_client' || status === 401)
    return 'The token endpoint refused the client ID or secret: check both, and that the OAuth client belongs to this team.';
  if (status === 404)
    return `Nothing answers at ${tokenUrl}: check the Team URL (https://<team>.<realm>.celonis.cloud).`;
  return `The token endpoint answered HTTP ${status}${typeof error === 'string' ? ` (${error})` : ''}: check the Team URL and the OAuth client.`;
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function connectionProblem(e: unknown, tokenUrl: string): string {
  const err = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const code = String(err.code ?? err.cause?.code ?? err.message ?? 'unknown');
  const origin = new URL(tokenUrl).origin;
  if (TLS_CODE.test(code))
    return `The TLS certificate of ${origin} was not accepted (${code}). For a company CA, give n8n the CA with NODE_EXTRA_CA_CERTS; only for a test server, turn on Ignore SSL Issues.`;
  return `Could not reach the token endpoint at ${origin} (${code}): check the Team URL (https://<team>.<realm>.celonis.cloud) and n8n's network or proxy settings.`;
}

/** The request, with a failure to connect explained instead of a bare error code. */
async function send(
  httpRequest: HttpRequestHelper,
  request: IHttpRequestOptions,
  tokenUrl: string,
): Promise<unknown> {
  let problem: string;
  try {
    return await httpRequest(request);
  } catch (e) {
    problem = connectionProblem(e, tokenUrl);
  }
  throw new Error(problem);
}

/**
 * Fetches an OAuth access token with the client-credentials grant, for n8n's own credential
 * test. (The nodes' SCIM client fetches and renews its tokens itself.)
 */
export async function fetchToken(
  httpRequest: HttpRequestHelper,
  creds: ICredentialDataDecryptedObject,
): Promise<string> {
  const config = clientConfig(creds);
  if (config.auth.type !== 'oauth2') return '';
  const { tokenUrl, clientId, clientSecret, scope, clientAuth } = config.auth;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (clientAuth === 'post') {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  } else {
    const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const request: IHttpRequestOptions = {
    method: 'POST',
    url: tokenUrl,
    headers,
    body: form.toString(),
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    json: false,
    skipSslCertificateValidation: config.skipSslCertificateValidation,
  };
  const res = (await send(httpRequest, request, tokenUrl)) as {
    statusCode?: number;
    body?: unknown;
  };
  let body: unknown = res.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const status = Number(res.statusCode ?? 0);
  const token = (body as { access_token?: unknown } | undefined)?.access_token;
  if (status >= 200 && status < 300 && typeof token === 'string' && token) return token;
  throw new Error(tokenProblem(status, body, tokenUrl));
}
