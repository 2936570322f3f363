/**
 * Schema attributes and the provider-neutral credentials in a real n8n: a user created with a
 * custom extension attribute from the mapper (the field list asked for through n8n's REST API
 * as the editor does), a provider given by base URL and token URL only, a static bearer token,
 * and n8n's own OAuth2 credential doing the token handling.
 */
import { startSandbox } from '@celonis-scim/sandbox';
import { createServer, type AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { N8N_MANAGED_CREDENTIAL } from '../shared/config';
import { oauthCredentials } from '../test/helpers';
import { createN8n, NODE_TYPE, type N8n } from './n8n';
import { scim, start, workflow } from './workflows';

const CUSTOM = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';

let sb: Sandbox;
let n8n: N8n;
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The mapper value as the editor saves it: the chosen fields' values and the field list. */
const mapperValue = {
  mappingMode: 'defineBelow',
  value: {
    'name.givenName': '={{ "Mapped" }}',
    [`${CUSTOM}:region`]: 'AMER',
    [`${CUSTOM}:grade`]: 11,
    [`${CUSTOM}:contractor`]: true,
    [`${CUSTOM}:costObject`]: 'CO-42',
  },
  matchingColumns: [],
  schema: [
    ['name.givenName', 'Name Given Name', 'string'],
    [`${CUSTOM}:region`, 'SandboxUser: Region', 'string'],
    [`${CUSTOM}:grade`, 'SandboxUser: Grade', 'number'],
    [`${CUSTOM}:contractor`, 'SandboxUser: Contractor', 'boolean'],
    [`${CUSTOM}:costObject`, 'SandboxUser: Cost Object', 'string'],
  ].map(([id, displayName, type]) => ({
    id,
    displayName,
    required: false,
    defaultMatch: false,
    display: true,
    type,
    canBeUsedToMatch: false,
  })),
  attemptToConvertTypes: false,
  convertFieldsToString: true,
};

const create = (userName: string, extra: Record<string, unknown> = {}) => ({
  resource: 'user',
  operation: 'create',
  userName,
  additionalFields: {},
  ...extra,
});

async function stored(userName: string): Promise<Record<string, unknown> | undefined> {
  const t = sb.teams.acme!;
  const filter = encodeURIComponent(`userName eq "${userName}"`);
  const res = await fetch(`${t.scimBaseUrl}/Users?filter=${filter}`, {
    headers: { authorization: `Bearer ${t.apiKey}` },
  });
  const body = (await res.json()) as { Resources?: Array<Record<string, unknown>> };
  return body.Resources?.[0];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme', customSchema: true }] });
  const t = sb.teams.acme!;
  n8n = await createN8n();
  await n8n.importCredentials([
    { id: 'acme', name: 'acme', type: 'celonisScimApi', data: oauthCredentials(t) },
    {
      id: 'generic',
      name: 'generic',
      type: 'celonisScimApi',
      data: {
        provider: 'scim',
        scimBaseUrl: t.scimBaseUrl,
        authType: 'oauth2',
        tokenUrl: t.tokenUrl,
        clientId: t.clientId,
        clientSecret: t.clientSecret,
        scope: t.scope,
        clientAuth: 'post',
      },
    },
    {
      id: 'bearer',
      name: 'bearer',
      type: 'celonisScimApi',
      data: {
        provider: 'scim',
        scimBaseUrl: t.scimBaseUrl,
        authType: 'bearer',
        bearerToken: t.apiKey,
      },
    },
    {
      id: 'n8nOAuth2',
      name: 'n8nOAuth2',
      type: 'celonisScimOAuth2Api',
      data: {
        scimBaseUrl: t.scimBaseUrl,
        grantType: 'clientCredentials',
        accessTokenUrl: t.tokenUrl,
        clientId: t.clientId,
        clientSecret: t.clientSecret,
        scope: t.scope,
        authentication: 'body',
      },
    },
  ]);
  await n8n.importWorkflows([
    workflow('customAttr', 'Custom attribute', [
      [start, scim('Create', 'acme', create('mapped@acme.com', { schemaFields: mapperValue }))],
    ]),
    workflow('providers', 'Any provider', [
      [start, scim('Generic OAuth', 'generic', create('generic@acme.com'))],
      [start, scim('Bearer', 'bearer', create('bearer@acme.com'))],
      [
        start,
        {
          ...scim(
            'n8n OAuth2',
            'n8nOAuth2',
            create('oauth2@acme.com', { authentication: N8N_MANAGED_CREDENTIAL }),
          ),
          credentialType: 'celonisScimOAuth2Api',
        },
      ],
    ]),
  ]);
});

afterAll(async () => {
  await n8n?.dispose();
  await sb?.close();
});

describe('schema attributes and any provider in a real n8n', () => {
  it('creates a user with custom extension attributes from the mapper, stored under their URN', async () => {
    const run = await n8n.execute('customAttr');
    expect(run.error).toBeUndefined();
    expect(run.output.Create?.[0]).toMatchObject({ userName: 'mapped@acme.com' });
    const u = await stored('mapped@acme.com');
    expect(u?.[CUSTOM]).toEqual({
      region: 'AMER',
      grade: 11,
      contractor: true,
      costObject: 'CO-42',
    });
    expect(u?.name).toMatchObject({ givenName: 'Mapped' });
  });

  it('works with a base URL and token URL of choice, a bearer token and n8n’s OAuth2 credential', async () => {
    const run = await n8n.execute('providers');
    expect(run.error).toBeUndefined();
    for (const userName of ['generic@acme.com', 'bearer@acme.com', 'oauth2@acme.com'])
      expect(await stored(userName)).toMatchObject({ userName });
  });

  it('offers the custom attributes through the editor’s REST call, and tests each credential', async () => {
    const port = await freePort();
    const server: ChildProcess = await n8n.start(port);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120; i++) {
      const up = await fetch(`${base}/healthz/readiness`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const cookie = await signIn(base);
    const res = await fetch(`${base}/rest/dynamic-node-parameters/resource-mapper-fields`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        path: 'parameters.schemaFields',
        methodName: 'getUserAttributes',
        nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
        // As the editor sends them: every parameter with its default filled in.
        currentNodeParameters: {
          authentication: 'celonisScimApi',
          resource: 'user',
          operation: 'create',
          userName: '',
        },
        credentials: { celonisScimApi: { id: 'acme', name: 'acme' } },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const fields = ((await res.json()) as { data: { fields: Array<{ id: string }> } }).data.fields;
    expect(fields.map((f) => f.id)).toEqual(
      expect.arrayContaining([`${CUSTOM}:region`, `${CUSTOM}:grade`, `${ENTERPRISE}:department`]),
    );
    const results: Record<string, string> = {};
    for (const id of ['generic', 'bearer']) results[id] = await testCredential(base, cookie, id);
    results.wrongBearer = await testCredential(base, cookie, 'bearer', {
      bearerToken: 'wrong-bearer-value',
    });
    expect(results).toMatchObject({ generic: 'OK', bearer: 'OK' });
    expect(results.wrongBearer).toMatch(/refused the key or token/);
    server.kill('SIGTERM');
  });
});

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

async function signIn(base: string): Promise<string> {
  const owner = {
    email: 'e2e@example.com',
    password: 'E2e-password-1',
    firstName: 'E',
    lastName: 'Two',
  };
  await fetch(`${base}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(owner),
  });
  const login = await fetch(`${base}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
  });
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** n8n's credential test of a stored credential, with some fields changed; "OK" or the message. */
async function testCredential(
  base: string,
  cookie: string,
  id: string,
  change: Record<string, unknown> = {},
): Promise<string> {
  const stored = (await (
    await fetch(`${base}/rest/credentials/${id}?includeData=true`, { headers: { cookie } })
  ).json()) as { data: { id: string; name: string; type: string; data: Record<string, unknown> } };
  const { name, type, data } = stored.data;
  const res = await fetch(`${base}/rest/credentials/test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ credentials: { id, name, type, data: { ...data, ...change } } }),
  });
  const result = ((await res.json()) as { data: { status: string; message: string } }).data;
  return result.status === 'OK' ? 'OK' : result.message;
}
