import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScimApi } from '../credentials/CelonisScimApi.credentials';
import { CelonisScimOAuth2Api } from '../credentials/CelonisScimOAuth2Api.credentials';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { clientConfig, N8N_MANAGED_CREDENTIAL } from '../shared/config';
import { httpRequest } from './context';
import { json, run, type Sandbox } from './helpers';

let sb: Sandbox;
const credential = new CelonisScimApi();
const preAuth = (data: IDataObject) =>
  credential.preAuthentication.call({ helpers: { httpRequest } }, data as never);

const getMany = {
  resource: 'user',
  operation: 'getAll',
  returnAll: false,
  limit: 2,
  filterType: 'fields',
  filters: {},
};

/** Another SCIM 2.0 provider: a base URL and a token URL of its own, no team URL. */
function generic(extra: IDataObject = {}): ICredentialDataDecryptedObject {
  const t = sb.teams.acme!;
  return {
    provider: 'scim',
    scimBaseUrl: t.scimBaseUrl,
    authType: 'oauth2',
    tokenUrl: t.tokenUrl,
    clientId: t.clientId,
    clientSecret: t.clientSecret,
    scope: t.scope,
    clientAuth: 'post',
    ...extra,
  };
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], seed: { users: 5, groups: 1, seed: 2 } });
});
afterAll(async () => sb?.close());

describe('the credential for any SCIM 2.0 provider', () => {
  it('reads users with a base URL and token URL of the user’s choice, and with a bearer token', async () => {
    const t = sb.teams.acme!;
    expect(json(await run({ credentials: generic(), params: getMany }))).toHaveLength(2);
    const bearer = { provider: 'scim', scimBaseUrl: t.scimBaseUrl, authType: 'bearer' };
    expect(
      json(await run({ credentials: { ...bearer, bearerToken: t.apiKey }, params: getMany })),
    ).toHaveLength(2);
    const refused = (await run({
      credentials: { ...bearer, bearerToken: 'wrong-bearer-value' },
      params: getMany,
    }).catch((e: unknown) => e)) as Error & { description?: string };
    expect(refused.message).toMatch(/refused the credential/);
    expect(`${refused.message} ${refused.description}`).not.toContain('wrong-bearer-value');
  });

  it('uses exactly the given token URL and scope, and says which field to fix', async () => {
    const c = clientConfig(generic({ scope: '' }));
    expect(c.baseUrl).toBe(sb.teams.acme!.scimBaseUrl);
    expect(c.auth).toMatchObject({ type: 'oauth2', tokenUrl: sb.teams.acme!.tokenUrl });
    expect((c.auth as { scope?: string }).scope).toBeUndefined();
    const { accessToken } = (await preAuth(generic())) as { accessToken: string };
    expect(accessToken.length).toBeGreaterThan(10);
    const wrongUrl = await preAuth(generic({ tokenUrl: `${sb.url}/nowhere/oauth2/token` })).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    expect(wrongUrl).toMatch(/check the Token URL/);
    expect(() => clientConfig(generic({ tokenUrl: '' }))).toThrow(
      "The credential's Token URL is empty",
    );
    expect(() => clientConfig(generic({ scimBaseUrl: 'ftp://x' }))).toThrow(
      'The SCIM Base URL "ftp://x" is not an http(s) URL',
    );
    expect(await preAuth(generic({ authType: 'bearer', bearerToken: 't' }))).toEqual({});
  });

  it('keeps credentials saved without a provider (Celonis) exactly as before', () => {
    const old = {
      teamUrl: 'https://acme.eu-1.celonis.cloud',
      authType: 'oauth2',
      clientId: 'i',
      clientSecret: 's',
      scimBaseUrl: '',
    };
    expect(clientConfig(old)).toEqual(clientConfig({ ...old, provider: 'celonis' }));
    expect(clientConfig(old)).toEqual({
      baseUrl: 'https://acme.eu-1.celonis.cloud/scim/v2',
      auth: {
        type: 'oauth2',
        tokenUrl: 'https://acme.eu-1.celonis.cloud/oauth2/token',
        clientId: 'i',
        clientSecret: 's',
        scope: 'user-provisioning.scim',
        clientAuth: 'basic',
      },
      skipSslCertificateValidation: false,
    });
  });

  it('signs the credential test request for each kind', () => {
    const header = String(credential.authenticate.properties.headers?.Authorization);
    expect(header).toContain('$credentials.authType === "bearer" ? $credentials.bearerToken');
    expect(String(credential.test.request.baseURL)).toContain('$credentials.provider === "scim"');
  });
});

describe("n8n's own OAuth2 credential", () => {
  it('is an oAuth2Api with the client-credentials grant, chosen by the Authentication parameter', () => {
    const oauth = new CelonisScimOAuth2Api();
    expect(oauth.extends).toEqual(['oAuth2Api']);
    expect(oauth.properties.find((p) => p.name === 'grantType')?.default).toBe('clientCredentials');
    const node = new CelonisScim().description;
    const auth = node.properties.find((p) => p.name === 'authentication');
    expect(auth?.default).toBe('celonisScimApi');
    expect(node.credentials?.map((c) => [c.name, c.displayOptions?.show?.authentication])).toEqual([
      ['celonisScimApi', ['celonisScimApi']],
      ['celonisScimOAuth2Api', ['celonisScimOAuth2Api']],
    ]);
  });

  it('sends requests through n8n’s authenticated helper, which signs them', async () => {
    const t = sb.teams.acme!;
    const { access_token: token } = (await (
      await fetch(t.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: t.clientId,
          client_secret: t.clientSecret,
          scope: t.scope,
        }),
      })
    ).json()) as { access_token: string };
    const used: string[] = [];
    const out = json(
      await run({
        credentials: { scimBaseUrl: t.scimBaseUrl, accessTokenUrl: t.tokenUrl },
        params: { ...getMany, authentication: N8N_MANAGED_CREDENTIAL },
        // What n8n's helper does for an OAuth2 credential: add the token it holds.
        httpRequestWithAuthentication(name, options) {
          used.push(name);
          return httpRequest({
            ...options,
            headers: { ...options.headers, authorization: `Bearer ${token}` },
          });
        },
      }),
    );
    expect(out).toHaveLength(2);
    expect(new Set(used)).toEqual(new Set(['celonisScimOAuth2Api']));
  });

  it('reports a 401 that n8n throws after renewing its token as a refused credential', async () => {
    const t = sb.teams.acme!;
    const err = (await run({
      credentials: { scimBaseUrl: t.scimBaseUrl, accessTokenUrl: t.tokenUrl },
      params: { ...getMany, authentication: N8N_MANAGED_CREDENTIAL },
      httpRequestWithAuthentication: async (_name, options) => {
        // n8n lets only the 401 throw (the rest are answers), so it can renew the token first.
        expect(options.ignoreHttpStatusErrors).toEqual({ ignore: true, except: [401] });
        const res = await fetch(options.url);
        throw Object.assign(new Error('Request failed with status code 401'), {
          response: { status: res.status, headers: {}, data: await res.text() },
        });
      },
    }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('The Celonis team refused the credential');
  });
});
