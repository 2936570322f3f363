import { ScimError } from '@celonis-scim/core';
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { CredentialConfigError } from './config';

/** Plain-words advice for the failures n8n builders meet most, by error kind. */
const ADVICE: Partial<Record<ScimError['kind'], string>> = {
  auth: 'The team did not accept the credential: check the client ID and secret (or the API/application key) in the Celonis SCIM API credential, and that the Team URL is the team the key belongs to.',
  forbidden:
    'The credential works but may not manage users: the OAuth client needs the user-provisioning.scim scope, and an API or application key needs the permission to manage users of the team.',
  notFound:
    'Nothing with that id exists in this team: pick the user or group from the list, or look it up by userName / display name.',
  preconditionFailed:
    'The resource changed since it was read: run the node again to work on the latest version.',
  rateLimited:
    'The team is rate limiting requests: lower the batch size or add a Wait node between batches.',
  network:
    'The SCIM API could not be reached: check the Team URL (https://<team>.<realm>.celonis.cloud) and n8n’s network or proxy settings.',
  timeout: 'The SCIM API did not answer in time: try again, or send fewer items per execution.',
  server: 'The SCIM API failed on its side: try again later.',
};

const HEADLINE: Partial<Record<ScimError['kind'], string>> = {
  auth: 'The Celonis team refused the credential',
  forbidden: 'The credential lacks the SCIM scope or permission',
  notFound: 'Not found in this team',
  preconditionFailed: 'The resource changed meanwhile',
  rateLimited: 'Too many requests',
  network: 'Could not reach the SCIM API',
  timeout: 'The SCIM API timed out',
  server: 'The SCIM API failed',
};

/** Node's TLS verification failures (self-signed, unknown issuer, expired, wrong host name). */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;
/** How to fix a certificate n8n did not accept. */
export const TLS_FIX =
  'For a company CA, give n8n the CA with NODE_EXTRA_CA_CERTS; only for a test server, turn on Ignore SSL Issues in the Celonis SCIM API credential.';
const TLS_ADVICE = `n8n could not verify the TLS certificate of the SCIM API. ${TLS_FIX}`;

function conflictHeadline(path: string): string {
  return path.startsWith('/Groups')
    ? 'displayName already exists in this team: use Get by display name, or another name'
    : 'userName already exists in this team: use Upsert (Create or Update)';
}

/** A connection that failed on the server's certificate. */
export function isTlsFailure(error: ScimError): boolean {
  return error.kind === 'network' && TLS_CODE.test(error.code ?? '');
}

function headlineOf(error: ScimError): string {
  if (error.kind === 'conflict') return conflictHeadline(error.path);
  if (error.scimType === 'invalidFilter') return 'The SCIM filter is not valid';
  return (
    HEADLINE[error.kind] ??
    (error.kind === 'invalid'
      ? 'The team rejected the request as invalid'
      : 'The SCIM request failed')
  );
}

/** Turns anything an operation threw into the n8n error a builder should see. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): Error {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (error instanceof Error && error.name === 'FilterSyntaxError')
    return new NodeOperationError(node, `The SCIM filter is not valid: ${error.message}`, {
      itemIndex,
      description:
        'Example: userName sw "j" and active eq true. Quote string values with double quotes; join conditions with and / or.',
    });
  if (error instanceof CredentialConfigError)
    return new NodeOperationError(node, error.message, { itemIndex });
  if (error instanceof ScimError) {
    if (error.kind === 'invalid' && error.status === undefined)
      return new NodeOperationError(node, error.detail ?? error.message, {
        itemIndex,
        description: error.hint,
      });
    const tls = isTlsFailure(error);
    const headline = tls
      ? `The TLS certificate of the SCIM API was not accepted (${error.code})`
      : headlineOf(error);
    const advice = tls ? TLS_ADVICE : (ADVICE[error.kind] ?? error.hint);
    const said = error.detail ? ` The server said: ${error.detail}` : '';
    const response: JsonObject = {
      kind: error.kind,
      method: error.method,
      path: error.path,
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.scimType !== undefined ? { scimType: error.scimType } : {}),
      ...(error.detail !== undefined ? { detail: error.detail } : {}),
    };
    return new NodeApiError(node, response, {
      message: headline,
      description: `${advice}${said} (${error.method} ${error.path})`,
      ...(error.status !== undefined ? { httpCode: String(error.status) } : {}),
      itemIndex,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NodeOperationError(node, message, { itemIndex });
}

/** The error as a JSON item, for continue-on-fail output. */
export function errorItem(error: Error): JsonObject {
  const description = (error as { description?: unknown }).description;
  return {
    error: error.message,
    ...(typeof description === 'string' && description ? { description } : {}),
  };
}
