import type { ScimClient } from '@celonis-scim/core';
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { scimClient } from './client';
import { CREDENTIAL_NAME } from './config';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * The SCIM client for a node run. The core client adds the Authorization header itself (it
 * fetches and renews OAuth tokens), so requests go through n8n's plain request helper.
 */
export async function clientForNode(ctx: Context): Promise<ScimClient> {
  const creds = await ctx.getCredentials(CREDENTIAL_NAME);
  return scimClient(
    creds,
    (options) => ctx.helpers.httpRequest(options),
    (message) => ctx.logger?.info(message),
  );
}
