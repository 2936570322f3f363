import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, PATCH_OP, q, start, user, type Sandbox } from './helpers.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
let sb: Sandbox;
let plain: ReturnType<typeof api>;
let filtering: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }, { name: 'nofilter', filter: false }] });
  filtering = api(sb.teams.acme!);
  plain = api(sb.teams.nofilter!);
  for (const call of [filtering, plain]) {
    expect((await call('POST', '/Users', user('Ada@example.com'))).status).toBe(201);
    expect((await call('POST', '/Users', user('bob@example.com'))).status).toBe(201);
  }
});
afterAll(async () => sb?.close());

/** A 501 SCIM error that says filtering is unsupported and what to do instead. */
function expectUnsupported(res: { status: number; body: Record<string, unknown> }): void {
  expect(res.status).toBe(501);
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe('501');
  expect(String(res.body.detail)).toMatch(/Filtering is not supported by team nofilter/);
  expect(String(res.body.detail)).toMatch(/list without a filter/);
}

describe('a team with filter: false', () => {
  it('advertises filter.supported false and keeps its page cap', async () => {
    const spc = await plain('GET', '/ServiceProviderConfig');
    expect(spc.body.filter).toEqual({ supported: false, maxResults: 100 });
    expect((await filtering('GET', '/ServiceProviderConfig')).body.filter.supported).toBe(true);
  });

  it('answers 501 to a filter on GET /Users and /Groups', async () => {
    expectUnsupported(await plain('GET', `/Users?filter=${q('userName eq "ada@example.com"')}`));
    expectUnsupported(await plain('GET', `/Groups?filter=${q('displayName pr')}`));
    // The same request on a filtering team works, so it is the option that refuses it.
    const ok = await filtering('GET', `/Users?filter=${q('userName eq "ada@example.com"')}`);
    expect(ok.status).toBe(200);
    expect(ok.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'Ada@example.com',
    ]);
  });

  it('answers 501 to a filter in POST .search, on a resource type and at the root', async () => {
    const body = { schemas: [SEARCH], filter: 'userName sw "a"' };
    expectUnsupported(await plain('POST', '/Users/.search', body));
    expectUnsupported(await plain('POST', '/.search', body));
    expect((await filtering('POST', '/Users/.search', body)).status).toBe(200);
  });

  it('answers 501 even to a filter the grammar refuses: filtering is off as a whole', async () => {
    expectUnsupported(await plain('GET', `/Users?filter=${q('userName eq')}`));
  });

  it('lists without a filter, and an empty filter= still means no filter', async () => {
    const all = await plain('GET', '/Users');
    expect(all.status).toBe(200);
    expect(all.body.totalResults).toBe(2);
    const empty = await plain('GET', '/Users?filter=');
    expect(empty.status).toBe(200);
    expect(empty.body.totalResults).toBe(2);
    const search = await plain('POST', '/Users/.search', { schemas: [SEARCH], count: 1 });
    expect(search.status).toBe(200);
    expect(search.body.Resources).toHaveLength(1);
  });

  it('keeps PATCH value filters, which are paths and not list filters', async () => {
    const users = (await plain('GET', '/Users')).body.Resources as Array<{ id: string }>;
    const g = await plain('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'NoFilterGroup',
      members: users.map((u) => ({ value: u.id })),
    });
    expect(g.status).toBe(201);
    const patched = await plain('PATCH', `/Groups/${g.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${users[0]!.id}"]` }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.members.map((m: { value: string }) => m.value)).toEqual([users[1]!.id]);
  });
});
