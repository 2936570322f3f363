import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { CREDENTIAL_NAME, N8N_MANAGED_CREDENTIAL } from './config';

// Both nodes offer the two credentials: the SCIM API one (OAuth client handled by the node, API
// key, application key, bearer token) and n8n's own OAuth2 one (n8n handles the token).

export const authenticationProperty: INodeProperties = {
  displayName: 'Authentication',
  name: 'authentication',
  type: 'options',
  noDataExpression: true,
  // Nodes saved before this parameter existed have no value: they keep the SCIM API credential.
  default: CREDENTIAL_NAME,
  options: [
    {
      name: 'SCIM API Credential',
      value: CREDENTIAL_NAME,
      description:
        'Celonis team or any SCIM 2.0 provider: OAuth client, API key, application key or bearer token',
    },
    {
      name: 'OAuth2 (Token Handled by N8n)',
      value: N8N_MANAGED_CREDENTIAL,
      description: "n8n's own OAuth2 credential with the client-credentials grant",
    },
  ],
};

export const nodeCredentials: INodeCredentialDescription[] = [
  {
    name: CREDENTIAL_NAME,
    required: true,
    displayOptions: { show: { authentication: [CREDENTIAL_NAME] } },
  },
  {
    name: N8N_MANAGED_CREDENTIAL,
    required: true,
    displayOptions: { show: { authentication: [N8N_MANAGED_CREDENTIAL] } },
  },
];
