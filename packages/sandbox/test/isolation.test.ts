import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  GROUP,
  PATCH_OP,
  q,
  start,
  token,
  user,
  type Sandbox,
  type TeamInfo,
} from './helpers.js';

// Team isolation over real HTTP: no credential of team A opens team B, and no id of team B
// can be read, changed or referenced through team A's URL.

let sb: Sandbox;
let A: TeamInfo;
let B: TeamInfo;
let bUser: string;
let bGroup: string;
let aUser: string;
let aGroup: string;
const creds: Record<string, string> = {};

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** B's whole state as B itself sees it, to compare before and after each attack. */
async function stateOfB(): Promise<string> {
  const b = api(B);
  const users = await b('GET', '/Users?count=1000&sortBy=id');
  const groups = await b('GET', '/Groups?count=1000&sortBy=id');
  expect(users.status).toBe(200);
  expect(groups.status).toBe(200);
  return JSON.stringify([users.body, groups.body]);
}

async function idsOf(team: TeamInfo): Promise<Set<string>> {
  const call = api(team);
  const out = new Set<string>();
  for (const type of ['Users', 'Groups']) {
    const r = await call('GET', `/${type}?count=1000&attributes=id`);
    for (const x of r.body.Resources as Array<{ id: string }>) out.add(x.id);
  }
  return out;
}

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'teama' }, { name: 'teamb' }],
    seed: { users: 6, groups: 2 },
  });
  A = sb.teams.teama!;
  B = sb.teams.teamb!;
  const t = await token(A);
  expect(t.status).toBe(200);
  creds.oauth = `Bearer ${String(t.body.access_token)}`;
  creds.apiKey = `Bearer ${A.apiKey}`;
  creds.appKey = `AppKey ${A.appKey}`;
  // Resources of B created over HTTP (random ids) besides the seeded ones.
  const b = api(B);
  const u = await b('POST', '/Users', user('victim@teamb.example.com'));
  expect(u.status).toBe(201);
  bUser = u.body.id as string;
  const g = await b('POST', '/Groups', {
    schemas: [GROUP],
    displayName: 'B admins',
    members: [{ value: bUser }],
  });
  expect(g.status).toBe(201);
  bGroup = g.body.id as string;
  const a = api(A);
  aUser = (await a('POST', '/Users', user('someone@teama.example.com'))).body.id as string;
  aGroup = (await a('POST', '/Groups', { schemas: [GROUP], displayName: 'A team' })).body
    .id as string;
});
afterAll(async () => sb?.close());

/** Every route and verb the sandbox serves under a team's SCIM base. */
function routes(): Array<[string, string, unknown?]> {
  const patch = {
    schemas: [PATCH_OP],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  };
  return [
    ['GET', '/Users'],
    ['GET', `/Users?filter=${q(`id eq "${bUser}"`)}`],
    ['POST', '/Users', user('intruder@example.com')],
    ['GET', `/Users/${bUser}`],
    ['PUT', `/Users/${bUser}`, user('victim@teamb.example.com', { active: false })],
    ['PATCH', `/Users/${bUser}`, patch],
    ['DELETE', `/Users/${bUser}`],
    ['POST', '/Users/.search', { schemas: [SEARCH] }],
    ['GET', '/Groups'],
    ['POST', '/Groups', { schemas: [GROUP], displayName: 'intruders' }],
    ['GET', `/Groups/${bGroup}`],
    ['PUT', `/Groups/${bGroup}`, { schemas: [GROUP], displayName: 'B admins', members: [] }],
    [
      'PATCH',
      `/Groups/${bGroup}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] },
    ],
    ['DELETE', `/Groups/${bGroup}`],
    ['POST', '/Groups/.search', { schemas: [SEARCH] }],
    ['POST', '/.search', { schemas: [SEARCH], filter: `id eq "${bUser}"` }],
    [
      'POST',
      '/Bulk',
      {
        schemas: [BULK],
        Operations: [
          { method: 'DELETE', path: `/Users/${bUser}` },
          { method: 'POST', path: '/Users', bulkId: 'x', data: user('bulk-intruder@example.com') },
        ],
      },
    ],
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/Schemas'],
    ['GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User'],
    ['GET', '/ResourceTypes'],
    ['GET', '/ResourceTypes/User'],
    // Verbs a route does not serve are refused as unauthenticated first, revealing nothing.
    ['PUT', '/Users', user('x@example.com')],
    ['DELETE', '/Groups'],
    ['GET', '/Bulk'],
    ['GET', '/.search'],
    ['POST', '/Schemas', {}],
    ['PATCH', '/ServiceProviderConfig', {}],
    ['DELETE', '/ResourceTypes/User'],
  ];
}

describe("team A's credentials against team B's URL", () => {
  for (const kind of ['oauth', 'apiKey', 'appKey']) {
    it(`refuses A's ${kind} on every route and verb of B with 401 and changes nothing`, async () => {
      const before = await stateOfB();
      const call = api(B, creds[kind]!);
      const seen: string[] = [];
      for (const [method, path, body] of routes()) {
        const r = await call(method, path, body);
        seen.push(`${method} ${path} ${r.status}`);
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(r.headers.get('www-authenticate')).toContain('teamb');
        // A refusal tells nothing about B's resources.
        expect(r.text).not.toContain('victim@');
      }
      expect(seen).toHaveLength(routes().length);
      expect(await stateOfB()).toBe(before);
      // The same credential is valid at home: the refusals above are about the team alone.
      expect((await api(A, creds[kind]!)('GET', '/Users?count=1')).status).toBe(200);
    });
  }

  it("refuses A's client credentials at B's token endpoint", async () => {
    for (const basic of [true, false]) {
      const r = await token(B, { id: A.clientId, secret: A.clientSecret, basic });
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('invalid_client');
      expect(JSON.stringify(r.body)).not.toContain(A.clientSecret);
    }
  });

  it("refuses A's OAuth token after B's tokens are expired and A's are not", async () => {
    sb.expireTokens('teamb');
    const r = await api(B, creds.oauth!)('GET', '/Users');
    expect(r.status).toBe(401);
    expect((await api(A, creds.oauth!)('GET', '/Users?count=1')).status).toBe(200);
  });
});

describe("team B's ids under team A's URL (with A's valid credentials)", () => {
  for (const kind of ['oauth', 'apiKey', 'appKey']) {
    it(`answers 404 for GET/PUT/PATCH/DELETE of B's user and group (${kind})`, async () => {
      const before = await stateOfB();
      const call = api(A, creds[kind]!);
      for (const [method, path, body] of routes().filter(([, p]) =>
        [`/Users/${bUser}`, `/Groups/${bGroup}`].includes(p),
      )) {
        const r = await call(method, path, body);
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.text).not.toContain('victim@');
      }
      expect(await stateOfB()).toBe(before);
    });
  }

  it('never lists, filters or searches into B', async () => {
    const a = api(A);
    const bIds = await idsOf(B);
    const aIds = await idsOf(A);
    expect(bIds.size).toBeGreaterThan(5);
    for (const id of bIds) expect(aIds.has(id)).toBe(false);
    for (const id of [bUser, bGroup]) {
      const f = q(`id eq "${id}"`);
      for (const type of ['Users', 'Groups']) {
        const r = await a('GET', `/${type}?filter=${f}`);
        expect(r.status).toBe(200);
        expect(r.body.totalResults).toBe(0);
      }
      for (const path of ['/.search', '/Users/.search', '/Groups/.search']) {
        const r = await a('POST', path, { schemas: [SEARCH], filter: `id eq "${id}"` });
        expect(r.status).toBe(200);
        expect(r.body.totalResults).toBe(0);
      }
    }
    for (const filter of [
      'userName co "teamb"',
      'members.value eq "' + bUser + '"',
      'userName pr',
    ]) {
      const r = await a('POST', '/.search', { schemas: [SEARCH], filter, count: 1000 });
      expect(r.status, filter).toBe(200);
      for (const x of r.body.Resources as Array<{ id: string }>) expect(bIds.has(x.id)).toBe(false);
    }
    const all = await a('POST', '/.search', { schemas: [SEARCH], count: 1000 });
    expect(all.text).not.toContain('teamb');
    expect(all.body.totalResults).toBe(aIds.size);
  });

  it("Bulk under A cannot change, delete or reference B's resources", async () => {
    const before = await stateOfB();
    const r = await api(A)('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'PATCH',
          path: `/Users/${bUser}`,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        },
        { method: 'PUT', path: `/Users/${bUser}`, data: user('victim@teamb.example.com') },
        { method: 'DELETE', path: `/Users/${bUser}` },
        { method: 'DELETE', path: `/Groups/${bGroup}` },
        { method: 'DELETE', path: `${B.scimBaseUrl}/Users/${bUser}` },
        {
          method: 'PATCH',
          path: `/Groups/${aGroup}`,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: bUser }] }],
          },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g',
          data: { schemas: [GROUP], displayName: 'takes B', members: [{ value: bUser }] },
        },
      ],
    });
    expect(r.status).toBe(200);
    const statuses = (r.body.Operations as Array<{ status: string }>).map((o) => o.status);
    expect(statuses.slice(0, 5)).toEqual(['404', '404', '404', '404', '404']);
    expect(Number(statuses[5])).toBe(400);
    expect(Number(statuses[6])).toBe(400);
    expect(await stateOfB()).toBe(before);
    const aGroups = await api(A)('GET', `/Groups?filter=${q('displayName eq "takes B"')}`);
    expect(aGroups.body.totalResults).toBe(0);
  });

  it('a group of A cannot take a member (user or group) from B', async () => {
    const before = await stateOfB();
    const a = api(A);
    for (const member of [bUser, bGroup]) {
      const create = await a('POST', '/Groups', {
        schemas: [GROUP],
        displayName: `steal ${member}`,
        members: [{ value: member }],
      });
      expect(create.status).toBe(400);
      expect(create.body.detail).toContain('not a user or group of team teama');
      const put = await a('PUT', `/Groups/${aGroup}`, {
        schemas: [GROUP],
        displayName: 'A team',
        members: [{ value: aUser }, { value: member }],
      });
      expect(put.status).toBe(400);
      const patch = await a('PATCH', `/Groups/${aGroup}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: member }] }],
      });
      expect(patch.status).toBe(400);
    }
    // The group of A is unchanged (no member), and the user of B is in no group of A.
    const g = await a('GET', `/Groups/${aGroup}`);
    expect(g.body.members ?? []).toEqual([]);
    const u = await api(B)('GET', `/Users/${bUser}`);
    expect((u.body.groups as Array<{ value: string }>).map((x) => x.value)).toEqual([bGroup]);
    expect(await stateOfB()).toBe(before);
  });
});
