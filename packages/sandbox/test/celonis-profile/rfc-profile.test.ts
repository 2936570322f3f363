import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, user } from '../helpers.js';
import { api, CELONIS, manualClock, start, type Sandbox } from './helpers.js';

const clock = manualClock();
let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'plain' }, { name: 'limited', rateLimitPerSecond: 1 }],
    now: clock.now,
  });
});
afterAll(async () => sb?.close());

describe('the plain RFC profile (the default until the client speaks Celonis)', () => {
  it('is the default and keeps RFC behaviour where the Celonis profile differs', async () => {
    const t = sb.teams.plain!;
    expect(t.profile).toBe('rfc');
    const call = api(t);
    const u = await call(
      'POST',
      '/Users',
      user('rfc@example.com', { role: 'ANALYST', sendEmailOnInvitation: 'true' }),
    );
    expect(u.body.role).toBe('ANALYST');
    expect(u.body[CELONIS]).toBeUndefined();
    expect(sb.invitations('plain')).toEqual([]);
    const patched = await call('PATCH', `/Users/${u.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(patched.status).toBe(200);
    const dup = await call('POST', '/Users', user('rfc@example.com'));
    expect(dup.status).toBe(409);
    expect(dup.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect((await api(t, null)('GET', '/Users')).body.detail).toMatch(
      /Authorization header missing/,
    );
    const schemas = (await call('GET', '/Schemas')).body.Resources.map((s: { id: string }) => s.id);
    expect(schemas).not.toContain(CELONIS);
    expect(u.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('rate limits work on it too, with the 429 in the SCIM error schema', async () => {
    const call = api(sb.teams.limited!);
    const first = await call('GET', '/Users');
    expect([first.status, first.headers.get('x-ratelimit-remaining')]).toEqual([200, '0']);
    const refused = await call('GET', '/Users');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-reset')).toBe('1');
    expect(refused.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    clock.advance(1000);
    expect((await call('GET', '/Users')).status).toBe(200);
  });

  it('refuses Celonis-only options on an RFC team, saying which', async () => {
    await expect(start({ teams: [{ name: 'x', licence: { seats: 1 } }] })).rejects.toThrow(
      /licence belong\(s\) to the Celonis profile; add profile: "celonis"/,
    );
    await expect(
      start({ teams: [{ name: 'x', profile: 'celonis', licence: { perRole: { BOSS: 1 } } }] }),
    ).rejects.toThrow(/BOSS.*not one of the team's roles/);
    await expect(start({ teams: [{ name: 'x', rateLimitPerSecond: 0 }] })).rejects.toThrow(
      /rateLimitPerSecond must be a whole number of at least 1/,
    );
  });
});
