import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token } from '../helpers.js';
import { api, celonisUser, email, startCelonis, type Sandbox } from './helpers.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PERMISSION_HINT = 'check whether your API key or application key has sufficient permissions';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startCelonis([
    { name: 'acme' },
    { name: 'globex' },
    { name: 'off', scimEnabled: false },
    { name: 'noperm', userProvisioningPermission: false },
    { name: 'appnoperm', userProvisioningPermission: ['oauth', 'apiKey'] },
  ]);
});
afterAll(async () => sb?.close());

/** The same person in acme and globex, each a member of a group of its team. */
async function inBothTeams() {
  const name = email('both');
  const out: Record<string, { user: string; group: string }> = {};
  for (const team of ['acme', 'globex']) {
    const call = api(sb.teams[team]!);
    const u = await call('POST', '/Users', celonisUser(name));
    const g = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: `G ${name}`,
      members: [{ value: u.body.id }],
    });
    out[team] = { user: u.body.id, group: g.body.id };
  }
  return out as { acme: { user: string; group: string }; globex: { user: string; group: string } };
}

describe('CELONIS-SCIM.md: scope, URLs, enabling', () => {
  it('every operation is scoped to one team; a user changed in one team keeps its memberships in other teams', async () => {
    const ids = await inBothTeams();
    const acme = api(sb.teams.acme!);
    const globex = api(sb.teams.globex!);
    const before = (await acme('GET', `/Users/${ids.acme.user}`)).body;
    const { meta: _m, groups: _g, ...doc } = before;
    const put = await acme('PUT', `/Users/${ids.acme.user}`, { ...doc, displayName: 'Changed' });
    expect(put.status).toBe(200);
    await acme('PUT', `/Groups/${ids.acme.group}`, { schemas: [GROUP], displayName: 'Emptied' });
    const other = await globex('GET', `/Users/${ids.globex.user}`);
    expect(other.body.displayName).toBeUndefined();
    expect(other.body.groups.map((g: { value: string }) => g.value)).toEqual([ids.globex.group]);
    // Nothing of one team is reachable with another team's credential or id.
    expect(
      (await api(sb.teams.globex!, `Bearer ${sb.teams.acme!.apiKey}`)('GET', '/Users')).status,
    ).toBe(401);
    expect((await globex('GET', `/Users/${ids.acme.user}`)).status).toBe(404);
  });

  it("deleting a user removes that user's membership of the team (204), not the person elsewhere", async () => {
    const ids = await inBothTeams();
    const acme = api(sb.teams.acme!);
    const globex = api(sb.teams.globex!);
    expect((await acme('DELETE', `/Users/${ids.acme.user}`)).status).toBe(204);
    expect((await acme('GET', `/Users/${ids.acme.user}`)).status).toBe(404);
    const listed = await acme(
      'GET',
      `/Users?filter=${encodeURIComponent(`id eq "${ids.acme.user}"`)}`,
    );
    expect(listed.body.totalResults).toBe(0);
    expect((await acme('GET', `/Groups/${ids.acme.group}`)).body.members).toEqual([]);
    const kept = await globex('GET', `/Users/${ids.globex.user}`);
    expect(kept.status).toBe(200);
    expect(kept.body.groups).toHaveLength(1);
  });

  it('the SCIM base URL is <team>/scim/v2/; the OpenAPI server /user-provisioning serves the same paths', async () => {
    const t = sb.teams.acme!;
    expect(t.scimBaseUrl).toBe(`${t.teamUrl}/scim/v2`);
    const auth = { Authorization: `Bearer ${t.apiKey}` };
    const plain = await fetch(`${t.teamUrl}/scim/v2/ServiceProviderConfig`, { headers: auth });
    expect(plain.status).toBe(200);
    const alias = await fetch(`${t.teamUrl}/user-provisioning/scim/v2/Users?count=1`, {
      headers: auth,
    });
    expect(alias.status).toBe(200);
    const created = await fetch(`${t.teamUrl}/user-provisioning/scim/v2/Users`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify(celonisUser(email('alias'))),
    });
    const body = (await created.json()) as { meta: { location: string } };
    expect(body.meta.location).toMatch(`${t.teamUrl}/user-provisioning/scim/v2/Users/`);
  });

  it('SCIM is switched on per team: a team with SCIM off refuses while another team answers', async () => {
    expect((await api(sb.teams.off!)('GET', '/Users')).status).toBe(403);
    expect((await api(sb.teams.acme!)('GET', '/Users')).status).toBe(200);
  });

  it('an API that is switched off answers 403 with an empty body', async () => {
    const call = api(sb.teams.off!);
    for (const [method, path] of [
      ['GET', '/ServiceProviderConfig'],
      ['GET', '/Schemas'],
      ['GET', '/Users'],
      ['POST', '/Users'],
      ['POST', '/Bulk'],
    ] as const) {
      const res = await call(method, path, method === 'POST' ? celonisUser(email()) : undefined);
      expect([method, path, res.status, res.text]).toEqual([method, path, 403, '']);
    }
  });
});

describe('CELONIS-SCIM.md: authentication', () => {
  it('OAuth 2.0 client credentials: scope user-provisioning.scim, client secret basic or post', async () => {
    for (const basic of [true, false]) {
      const t = await token(sb.teams.acme!, { basic });
      expect(t.status).toBe(200);
      expect(t.body.scope).toBe('user-provisioning.scim');
      const res = await api(sb.teams.acme!, `Bearer ${String(t.body.access_token)}`)(
        'GET',
        '/Users',
      );
      expect(res.status).toBe(200);
    }
  });

  it("Azure's form puts the scope in the token URL (.../oauth2/token?scope=user-provisioning.scim)", async () => {
    const t = sb.teams.acme!;
    const basic = Buffer.from(`${t.clientId}:${t.clientSecret}`).toString('base64');
    const res = await fetch(`${t.tokenUrl}?scope=user-provisioning.scim`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    expect((await api(t, `Bearer ${body.access_token}`)('GET', '/Users')).status).toBe(200);
  });

  it('the scope platform-adoption.tracking-events:read is a documentation slip and gets no token', async () => {
    const t = await token(sb.teams.acme!, { scope: 'platform-adoption.tracking-events:read' });
    expect(t.status).toBe(400);
    expect(t.body.error).toBe('invalid_scope');
  });

  it('API key: Authorization: Bearer <key>', async () => {
    const t = sb.teams.acme!;
    expect((await api(t, `Bearer ${t.apiKey}`)('GET', '/Users')).status).toBe(200);
    expect((await api(t, `Bearer ${t.apiKey}x`)('GET', '/Users')).status).toBe(401);
  });

  it('application key: Authorization: AppKey <key>, created without permissions by default', async () => {
    const t = sb.teams.appnoperm!;
    expect(
      (await api(sb.teams.acme!, `AppKey ${sb.teams.acme!.appKey}`)('GET', '/Users')).status,
    ).toBe(200);
    const denied = await api(t, `AppKey ${t.appKey}`)('GET', '/Users');
    expect(denied.status).toBe(401);
    expect(denied.body.detail).toContain(PERMISSION_HINT);
    expect((await api(t, `Bearer ${t.apiKey}`)('GET', '/Users')).status).toBe(200);
  });

  it('whatever the kind, the principal needs the User Provisioning permission: else 401 "check whether your API key or application key has sufficient permissions"', async () => {
    const t = sb.teams.noperm!;
    const issued = await token(t);
    expect(issued.status).toBe(200);
    for (const auth of [
      `Bearer ${String(issued.body.access_token)}`,
      `Bearer ${t.apiKey}`,
      `AppKey ${t.appKey}`,
    ]) {
      const res = await api(t, auth)('GET', '/Users');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(res.body.detail).toContain(PERMISSION_HINT);
    }
    // A wrong credential is told apart: it gets no permission hint.
    const wrong = await api(t, 'Bearer nope')('GET', '/Users');
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).not.toContain(PERMISSION_HINT);
  });
});

describe('CELONIS-SCIM.md: errors (authentication)', () => {
  it('a missing token: 401 {"error": "Unauthorized"}', async () => {
    const res = await api(sb.teams.acme!, null)('GET', '/Users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Unauthorized' });
  });

  it('a malformed header: 401 saying it must start with "Bearer " or "AppKey "', async () => {
    const t = sb.teams.acme!;
    for (const auth of [t.apiKey, `Token ${t.apiKey}`, `Basic ${t.apiKey}`]) {
      const res = await api(t, auth)('GET', '/Users');
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain('must start with "Bearer " or "AppKey "');
    }
  });
});
