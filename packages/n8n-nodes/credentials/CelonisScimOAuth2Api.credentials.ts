import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * n8n's own OAuth2 credential with the client-credentials grant: n8n fetches the token, stores
 * it encrypted with the credential, signs each request and fetches a new token when the server
 * answers 401. For a Celonis team or any SCIM 2.0 provider whose token endpoint speaks OAuth 2.0.
 * API keys, application keys and static tokens stay with the Celonis SCIM API credential.
 */
export class CelonisScimOAuth2Api implements ICredentialType {
  name = 'celonisScimOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'Celonis SCIM OAuth2 API';

  icon: Icon = { light: 'file:../icons/celonis.svg', dark: 'file:../icons/celonis.dark.svg' };

  documentationUrl = 'https://docs.celonis.com/en/scim-api.html';

  properties: INodeProperties[] = [
    {
      displayName: 'SCIM Base URL',
      name: 'scimBaseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://acme.eu-1.celonis.cloud/scim/v2',
      description:
        'Where the SCIM API is: for a Celonis team <team URL>/scim/v2, for another provider its SCIM 2.0 base URL',
    },
    { displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://acme.eu-1.celonis.cloud/oauth2/token',
      description: 'The token endpoint: for a Celonis team <team URL>/oauth2/token',
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: 'user-provisioning.scim',
      description:
        'Space-separated OAuth scopes. Celonis needs user-provisioning.scim; for another provider, the scopes it asks for.',
    },
    {
      displayName: 'Auth URI Query Parameters',
      name: 'authQueryParameters',
      type: 'hidden',
      default: '',
    },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'options',
      options: [
        { name: 'Send as Basic Auth Header', value: 'header' },
        { name: 'Send in Body', value: 'body' },
      ],
      default: 'header',
      description: 'How the client ID and secret are sent to the token endpoint',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{ $credentials.scimBaseUrl.trim().replace(/\\/+$/, "") }}',
      url: '/Users',
      qs: { count: 1, attributes: 'userName' },
    },
  };
}
