import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, GROUP, PATCH_OP, q, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [
      { name: 'acme' },
      { name: 'odd', userGroups: false, memberFilter: false, metaSubAttributes: false },
      { name: 'empty500', memberFilterFailsOnEmptyGroup: true },
      {
        name: 'odder',
        duplicateMembers: true,
        extensionAttributesParam: false,
        emptyComplexUnderAttributes: true,
      },
    ],
  });
});
afterAll(async () => sb?.close());

async function memberAndGroup(call: ReturnType<typeof api>) {
  const u = await call(
    'POST',
    '/Users',
    user(`o${Math.random().toString(36).slice(2)}@example.com`),
  );
  await call('POST', '/Groups', {
    schemas: [GROUP],
    displayName: `G-${Math.random().toString(36).slice(2)}`,
    members: [{ value: u.body.id }],
  });
  return u.body.id as string;
}

describe('team options that act out other servers', () => {
  it('userGroups false: users carry no groups attribute', async () => {
    const normal = api(sb.teams.acme!);
    const odd = api(sb.teams.odd!);
    const a = await memberAndGroup(normal);
    const b = await memberAndGroup(odd);
    expect((await normal('GET', `/Users/${a}`)).body.groups).toHaveLength(1);
    expect((await odd('GET', `/Users/${b}`)).body.groups).toBeUndefined();
  });

  it('memberFilter false: a filter on group members is answered 400 invalidFilter', async () => {
    const odd = api(sb.teams.odd!);
    const id = await memberAndGroup(odd);
    const res = await odd('GET', `/Groups?filter=${q(`members[value eq "${id}"]`)}`);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
    const ok = await api(sb.teams.acme!)('GET', `/Groups?filter=${q(`members[value eq "${id}"]`)}`);
    expect(ok.status).toBe(200);
  });

  it('metaSubAttributes false: attributes=meta.lastModified is 400, meta whole is fine', async () => {
    const odd = api(sb.teams.odd!);
    expect((await odd('GET', '/Users?attributes=userName,meta.lastModified')).status).toBe(400);
    const whole = await odd('GET', '/Users?attributes=userName,meta');
    expect(whole.status).toBe(200);
    expect((await api(sb.teams.acme!)('GET', '/Users?attributes=meta.lastModified')).status).toBe(
      200,
    );
  });

  it('memberFilterFailsOnEmptyGroup: a member filter is 500 once a group is empty', async () => {
    const odd = api(sb.teams.empty500!);
    const id = await memberAndGroup(odd);
    const path = `/Groups?filter=${q(`members[value eq "${id}"]`)}`;
    const before = await odd('GET', path);
    expect(before.status).toBe(200);
    expect(before.body.totalResults).toBe(1);
    await odd('POST', '/Groups', { schemas: [GROUP], displayName: 'Nobody here' });
    expect((await odd('GET', path)).status).toBe(500);
    expect((await odd('GET', `/Groups?filter=${q('displayName eq "Nobody here"')}`)).status).toBe(
      200,
    );
  });

  it('duplicateMembers: adding a present member lists it twice; a remove drops every copy', async () => {
    for (const [team, copies] of [
      ['odder', 2],
      ['acme', 1],
    ] as const) {
      const call = api(sb.teams[team]!);
      const id = await memberAndGroup(call);
      const g = (await call('GET', `/Groups?filter=${q(`members[value eq "${id}"]`)}`)).body
        .Resources[0].id as string;
      const add = await call('PATCH', `/Groups/${g}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
      });
      expect(add.status).toBe(200);
      const values = (await call('GET', `/Groups/${g}`)).body.members.map(
        (m: { value: string }) => m.value,
      );
      expect(values, team).toEqual(Array.from({ length: copies }, () => id));
      await call('PATCH', `/Groups/${g}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
      });
      expect((await call('GET', `/Groups/${g}`)).body.members ?? []).toEqual([]);
    }
  });

  it('extensionAttributesParam false: an extension URN in attributes= is 400 invalidValue', async () => {
    const odd = api(sb.teams.odder!);
    for (const query of [
      `attributes=${q(`${ENT}:employeeNumber`)}`,
      `attributes=userName,${q(ENT)}`,
      `excludedAttributes=${q(`${ENT}:department`)}`,
    ]) {
      const res = await odd('GET', `/Users?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.scimType).toBe('invalidValue');
    }
    const core = await odd(
      'GET',
      `/Users?attributes=${q('urn:ietf:params:scim:schemas:core:2.0:User:userName')},active`,
    );
    expect(core.status).toBe(200);
    expect(
      (await api(sb.teams.acme!)('GET', `/Users?attributes=${q(`${ENT}:employeeNumber`)}`)).status,
    ).toBe(200);
  });

  it('emptyComplexUnderAttributes: attributes=name answers name {}, its sub-attributes filled', async () => {
    const odd = api(sb.teams.odder!);
    const made = await odd(
      'POST',
      '/Users',
      user('named@example.com', { name: { givenName: 'Ada', familyName: 'Lovelace' } }),
    );
    const id = made.body.id as string;
    expect((await odd('GET', `/Users/${id}?attributes=name`)).body.name).toEqual({});
    const listed = await odd('GET', `/Users?filter=${q(`id eq "${id}"`)}&attributes=userName,name`);
    expect(listed.body.Resources[0].name).toEqual({});
    const leaves = await odd('GET', `/Users/${id}?attributes=name.givenName,name.familyName`);
    expect(leaves.body.name).toEqual({ givenName: 'Ada', familyName: 'Lovelace' });
    expect((await odd('GET', `/Users/${id}`)).body.name.givenName).toBe('Ada');
    const normal = api(sb.teams.acme!);
    const other = await normal(
      'POST',
      '/Users',
      user('named@example.com', { name: { givenName: 'Ada' } }),
    );
    expect((await normal('GET', `/Users/${other.body.id}?attributes=name`)).body.name).toEqual({
      givenName: 'Ada',
    });
  });
});
