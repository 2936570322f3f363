import type {
  IAuthenticateGeneric,
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IDataObject,
  IHttpRequestHelper,
  INodeProperties,
  Icon,
} from 'n8n-workflow';
import { fetchToken } from '../shared/token';

/**
 * One credential for the ways Celonis lets a client call its SCIM API (OAuth client, API key,
 * application key), and for any other SCIM 2.0 provider (its base URL with an OAuth token URL
 * and scope of its own, or a static bearer token). Without a Provider field (credentials saved
 * by earlier versions) it is Celonis, as before. The nodes' SCIM
 * client authenticates by itself (it renews OAuth tokens); `preAuthentication`, `authenticate`
 * and `test` let n8n test the credential the native way: fetch a token where needed, then list
 * one user of the team.
 */
export class CelonisScimApi implements ICredentialType {
  name = 'celonisScimApi';

  displayName = 'Celonis SCIM API';

  icon: Icon = { light: 'file:../icons/celonis.svg', dark: 'file:../icons/celonis.dark.svg' };

  documentationUrl = 'https://docs.celonis.com/en/scim-api.html';

  properties: INodeProperties[] = [
    {
      displayName: 'Access Token',
      name: 'accessToken',
      type: 'hidden',
      typeOptions: { expirable: true, password: true },
      default: '',
    },
    {
      displayName: 'Provider',
      name: 'provider',
      type: 'options',
      default: 'celonis',
      options: [
        {
          name: 'Celonis Platform',
          value: 'celonis',
          description: 'A Celonis team: enter its URL, the rest follows from it',
        },
        {
          name: 'Other SCIM 2.0 Provider',
          value: 'scim',
          description:
            'Any SCIM 2.0 service provider: its SCIM base URL, and a token URL of its own or a bearer token',
        },
      ],
    },
    {
      displayName: 'Team URL',
      name: 'teamUrl',
      type: 'string',
      default: '',
      required: true,
      displayOptions: { show: { provider: ['celonis'] } },
      placeholder: 'https://acme.eu-1.celonis.cloud',
      description:
        'The address of your Celonis team as it appears in the browser. The SCIM API is at <team URL>/scim/v2 and the OAuth token endpoint at <team URL>/oauth2/token.',
    },
    {
      displayName: 'Authentication',
      name: 'authType',
      type: 'options',
      default: 'oauth2',
      options: [
        {
          name: 'OAuth 2.0 Client Credentials',
          value: 'oauth2',
          description: 'An OAuth client of the team with the user-provisioning.scim scope',
        },
        {
          name: 'API Key',
          value: 'apiKey',
          description: 'A personal or team API key (acts as its user)',
        },
        {
          name: 'Application Key',
          value: 'appKey',
          description: 'An application key with the permissions to manage users',
        },
        {
          name: 'Bearer Token',
          value: 'bearer',
          description: 'A static token sent as "Authorization: Bearer <token>"',
        },
      ],
    },
    {
      displayName: 'Token URL',
      name: 'tokenUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://login.example.com/oauth2/token',
      description: 'The OAuth 2.0 token endpoint of the provider (client-credentials grant)',
      displayOptions: { show: { provider: ['scim'], authType: ['oauth2'] } },
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
      displayOptions: { show: { authType: ['oauth2'] } },
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      displayOptions: { show: { authType: ['oauth2'] } },
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: 'user-provisioning.scim',
      description:
        'Space-separated OAuth scopes. Celonis needs user-provisioning.scim; for another provider, the scopes it asks for (or none).',
      displayOptions: { show: { authType: ['oauth2'] } },
    },
    {
      displayName: 'Client Authentication',
      name: 'clientAuth',
      type: 'options',
      default: 'basic',
      options: [
        { name: 'Send as Basic Auth Header', value: 'basic' },
        { name: 'Send in Body', value: 'post' },
      ],
      displayOptions: { show: { authType: ['oauth2'] } },
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      displayOptions: { show: { authType: ['apiKey'] } },
    },
    {
      displayName: 'Application Key',
      name: 'appSecretKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      displayOptions: { show: { authType: ['appKey'] } },
    },
    {
      displayName: 'Bearer Token',
      name: 'bearerToken',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      displayOptions: { show: { authType: ['bearer'] } },
    },
    {
      displayName: 'SCIM Base URL Override',
      name: 'scimBaseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://scim.example.com/scim/v2',
      description:
        'Leave empty for Celonis: the SCIM API is at <team URL>/scim/v2. Set it only where a proxy serves it elsewhere.',
      displayOptions: { show: { provider: ['celonis'] } },
    },
    {
      displayName: 'SCIM Base URL',
      name: 'scimBaseUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://scim.example.com/scim/v2',
      description: 'The base URL of the provider’s SCIM 2.0 API (where /Users and /Groups are)',
      displayOptions: { show: { provider: ['scim'] } },
    },
    {
      displayName: 'Ignore SSL Issues (Insecure)',
      name: 'ignoreSslIssues',
      type: 'boolean',
      default: false,
      description:
        'Whether to connect even if SSL certificate validation fails. Only for test servers.',
    },
  ];

  async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
    if (credentials.authType !== 'oauth2' && credentials.authType !== undefined) return {};
    const accessToken = await fetchToken(
      (options) => this.helpers.httpRequest(options),
      credentials,
    );
    return { accessToken } as IDataObject;
  }

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization:
          '={{ $credentials.authType === "appKey" ? "AppKey " + $credentials.appSecretKey : "Bearer " + ($credentials.authType === "apiKey" ? $credentials.apiKey : $credentials.authType === "bearer" ? $credentials.bearerToken : $credentials.accessToken) }}',
      },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL:
        '={{ ($credentials.provider === "scim" ? $credentials.scimBaseUrl.trim() : $credentials.scimBaseUrl || ($credentials.teamUrl.trim().replace(/\\/+$/, "").replace(/\\/scim\\/v2.*$/i, "") + "/scim/v2")).replace(/\\/+$/, "") }}',
      url: '/Users',
      qs: { count: 1, attributes: 'userName' },
      skipSslCertificateValidation: '={{ $credentials.ignoreSslIssues }}',
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message:
            'The team refused the key or token: check the API key, application key or client secret, and that it belongs to this team.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 403,
          message:
            'Signed in, but not allowed to manage users: give the OAuth client the user-provisioning.scim scope (or the key the User Provisioning permission) in the team.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message:
            'Nothing answers SCIM at this address: check the Team URL (https://<team>.<realm>.celonis.cloud) and that SCIM is enabled for the team.',
        },
      },
    ],
  };
}
