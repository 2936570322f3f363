import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, PATCH_OP, start, token, user, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'acme' }, { name: 'globex', tokenTtlSeconds: 1 }],
    seed: { users: 5, groups: 1 },
  });
});
afterAll(async () => sb?.close());

describe('OAuth client credentials', () => {
  it('issues a bearer token with client_secret_basic and client_secret_post', async () => {
    for (const basic of [true, false]) {
      const t = await token(sb.teams.acme!, { basic });
      expect(t.status).toBe(200);
      expect(t.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'user-provisioning.scim',
      });
      const call = api(sb.teams.acme!, `Bearer ${String(t.body.access_token)}`);
      expect((await call('GET', '/Users?count=1')).status).toBe(200);
    }
  });

  it('refuses a wrong secret, another team client, a missing scope and other grants', async () => {
    expect((await token(sb.teams.acme!, { secret: 'wrong' })).body.error).toBe('invalid_client');
    const cross = await token(sb.teams.acme!, {
      id: sb.teams.globex!.clientId,
      secret: sb.teams.globex!.clientSecret,
    });
    expect(cross.status).toBe(401);
    const scope = await token(sb.teams.acme!, { scope: 'openid' });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const res = await fetch(sb.teams.acme!.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password' }),
    });
    expect(res.status).toBe(400);
    const none = await fetch(sb.teams.acme!.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'user-provisioning.scim',
      }),
    });
    expect(none.status).toBe(401);
  });

  it('rejects expired tokens with 401', async () => {
    const t = await token(sb.teams.acme!);
    const call = api(sb.teams.acme!, `Bearer ${String(t.body.access_token)}`);
    expect((await call('GET', '/Users')).status).toBe(200);
    sb.expireTokens('acme');
    const res = await call('GET', '/Users');
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('expires tokens over HTTP with POST /_sandbox/expire-tokens', async () => {
    const t = await token(sb.teams.acme!);
    const call = api(sb.teams.acme!, `Bearer ${String(t.body.access_token)}`);
    expect((await call('GET', '/Users')).status).toBe(200);
    const res = await fetch(`${sb.url}/_sandbox/expire-tokens?team=acme`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect((await call('GET', '/Users')).status).toBe(401);
    const health = await fetch(`${sb.url}/_sandbox/health`);
    expect(await health.json()).toEqual({ ok: true, teams: ['acme', 'globex'] });
  });

  it('lets tokens expire on their own after tokenTtlSeconds', async () => {
    const t = await token(sb.teams.globex!);
    expect(t.body.expires_in).toBe(1);
    const call = api(sb.teams.globex!, `Bearer ${String(t.body.access_token)}`);
    expect((await call('GET', '/Users')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call('GET', '/Users')).status).toBe(401);
  });

  it('accepts API keys as Bearer and app keys as AppKey', async () => {
    expect(
      (await api(sb.teams.acme!, `Bearer ${sb.teams.acme!.apiKey}`)('GET', '/Users')).status,
    ).toBe(200);
    expect(
      (await api(sb.teams.acme!, `AppKey ${sb.teams.acme!.appKey}`)('GET', '/Users')).status,
    ).toBe(200);
    expect(
      (await api(sb.teams.acme!, `AppKey ${sb.teams.acme!.apiKey}`)('GET', '/Users')).status,
    ).toBe(401);
    expect((await api(sb.teams.acme!, null)('GET', '/Users')).status).toBe(401);
    expect((await api(sb.teams.acme!, 'Basic abc')('GET', '/Users')).status).toBe(401);
  });
});

describe('team isolation', () => {
  const routes = (id: string, gid: string): Array<[string, string, unknown?]> => [
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/Schemas'],
    ['GET', '/ResourceTypes'],
    ['GET', '/Users'],
    ['POST', '/Users', user('intruder@example.com')],
    ['GET', `/Users/${id}`],
    ['PUT', `/Users/${id}`, user('intruder@example.com')],
    [
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
    ],
    ['DELETE', `/Users/${id}`],
    ['POST', '/Users/.search', {}],
    ['GET', '/Groups'],
    ['POST', '/Groups', { schemas: [GROUP], displayName: 'Intruders' }],
    ['GET', `/Groups/${gid}`],
    ['PUT', `/Groups/${gid}`, { schemas: [GROUP], displayName: 'x' }],
    [
      'PATCH',
      `/Groups/${gid}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] },
    ],
    ['DELETE', `/Groups/${gid}`],
    ['POST', '/Groups/.search', {}],
    ['POST', '/.search', {}],
    [
      'POST',
      '/Bulk',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] },
    ],
  ];

  it('answers 401 on every route of acme to every globex credential', async () => {
    const acme = api(sb.teams.acme!);
    const u = (await acme('GET', '/Users?count=1')).body.Resources[0];
    const g = (await acme('GET', '/Groups?count=1')).body.Resources[0];
    const t = await token(sb.teams.globex!);
    const creds = [
      `Bearer ${sb.teams.globex!.apiKey}`,
      `AppKey ${sb.teams.globex!.appKey}`,
      `Bearer ${String(t.body.access_token)}`,
    ];
    for (const cred of creds) {
      const intruder = api(sb.teams.acme!, cred);
      for (const [method, path, body] of routes(u.id, g.id)) {
        const res = await intruder(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.text).not.toContain(u.id);
      }
    }
    expect((await acme('GET', `/Users/${u.id}`)).body.active).toBe(u.active);
    expect((await acme('GET', `/Groups/${g.id}`)).status).toBe(200);
  });

  it('answers 404 for another team ids with a valid credential', async () => {
    const acme = api(sb.teams.acme!);
    const globex = api(sb.teams.globex!);
    const u = (await acme('GET', '/Users?count=1')).body.Resources[0];
    const g = (await acme('GET', '/Groups?count=1')).body.Resources[0];
    for (const [method, path, body] of routes(u.id, g.id).filter(
      ([, p]) => p.includes(u.id) || p.includes(g.id),
    )) {
      expect((await globex(method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    const list = await globex('GET', `/Users?filter=${encodeURIComponent(`id eq "${u.id}"`)}`);
    expect(list.body.totalResults).toBe(0);
    const member = await globex('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Cross',
      members: [{ value: u.id }],
    });
    expect(member.status).toBe(400);
  });

  it('answers 404 for an unknown team and never leaks secrets in errors', async () => {
    const res = await fetch(`${sb.url}/nobody/scim/v2/Users`, {
      headers: { Authorization: `Bearer ${sb.teams.acme!.apiKey}` },
    });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain(sb.teams.acme!.apiKey);
  });
});
