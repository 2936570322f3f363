import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, q, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [
      { name: 'acme' },
      { name: 'odd', userGroups: false, memberFilter: false, metaSubAttributes: false },
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
});
