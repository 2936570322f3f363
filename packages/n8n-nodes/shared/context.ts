import type { ScimClient } from '@celonis-scim/core';
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { scimClient, scimClientSignedByN8n } from './client';
import { CREDENTIAL_NAME, N8N_MANAGED_CREDENTIAL } from './config';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The node's Authentication parameter; nodes saved before it existed use the SCIM API credential. */
function credentialOf(ctx: Context): string {
  const value =
    'getInputData' in ctx
      ? ctx.getNodeParameter('authentication', 0, CREDENTIAL_NAME)
      : ctx.getNodeParameter('authentication', CREDENTIAL_NAME);
  return value === N8N_MANAGED_CREDENTIAL ? N8N_MANAGED_CREDENTIAL : CREDENTIAL_NAME;
}

/**
 * The SCIM client for a node run. With the SCIM API credential the core client adds the
 * Authorization header itself (it fetches and renews OAuth tokens) and requests go through n8n's
 * plain request helper; with n8n's OAuth2 credential n8n signs each request.
 */
export async function clientForNode(ctx: Context): Promise<ScimClient> {
  const name = credentialOf(ctx);
  const creds = await ctx.getCredentials(name);
  if (name === N8N_MANAGED_CREDENTIAL)
    return scimClientSignedByN8n(creds, (options) =>
      ctx.helpers.httpRequestWithAuthentication.call(ctx, name, options),
    );
  return scimClient(
    creds,
    (options) => ctx.helpers.httpRequest(options),
    (message) => ctx.logger?.info(message),
  );
}
