import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, q, start, user, type Sandbox } from './helpers.js';

// GET ?filter= is checked against the ABNF of RFC 7644 3.4.2.2 before it is evaluated.
let sb: Sandbox;
let call: ReturnType<typeof api>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }] });
  call = api(sb.teams.acme!);
  const on = await call('POST', '/Users', user('on@example.com', { active: true }));
  const off = await call('POST', '/Users', user('off@example.com', { active: false }));
  ids.on = on.body.id;
  ids.off = off.body.id;
  const g = await call('POST', '/Groups', {
    schemas: [GROUP],
    displayName: 'withMembers',
    members: [{ value: ids.on }],
  });
  ids.group = g.body.id;
});
afterAll(async () => sb?.close());

const idsOf = (body: { Resources: Array<{ id: string }> }) =>
  body.Resources.map((r) => r.id).sort();

describe('GET filter grammar', () => {
  it.each([
    ['not userName eq "x"', 5, /"not" needs parentheses/],
    ['emails[type[value eq "x"]]', 12, /cannot be nested/],
    ['emails[(type[value eq "x"])]', 13, /cannot be nested/],
    ['1userName eq "x"', 1, /attribute path/],
    ['name..familyName eq "x"', 1, /attribute path/],
    ['name.familyName.x eq "x"', 1, /attribute path/],
    ['urn:ietf:params:scim:schemas:core:2.0:User: eq "x"', 1, /attribute path/],
    ['userName eq "x" or 1 eq 1', 20, /attribute path/],
    ['   ', 1, /blank/],
    ['userName eq "x" extra', 17, /"and", "or" or the end/],
    ['userName eq yes', 13, /a value/],
  ])('rejects %j with 400 invalidFilter at position %i', async (filter, at, why) => {
    const res = await call('GET', `/Users?filter=${q(filter)}`);
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(res.body.detail).toContain(`at position ${at}:`);
    expect(res.body.detail).toMatch(why);
  });

  it('accepts true, false and null in any case', async () => {
    const t = await call('GET', `/Users?filter=${q('active eq TRUE')}`);
    expect(t.status, t.text).toBe(200);
    expect(idsOf(t.body)).toEqual([ids.on]);
    const f = await call('GET', `/Users?filter=${q('active eq False')}`);
    expect(idsOf(f.body)).toEqual([ids.off]);
    const n = await call('GET', `/Users?filter=${q('title EQ Null')}`);
    expect(idsOf(n.body)).toEqual([ids.on, ids.off].sort());
  });

  it('accepts $ref as a sub-attribute name', async () => {
    const res = await call('GET', `/Groups?filter=${q('members.$ref pr or displayName pr')}`);
    expect(res.status, res.text).toBe(200);
    expect(idsOf(res.body)).toEqual([ids.group]);
  });

  it('accepts attributes named not, and, or', async () => {
    for (const filter of ['not pr', 'and pr', 'or eq "x"', 'not (not pr)', 'not pr or and pr']) {
      const res = await call('GET', `/Users?filter=${q(filter)}`);
      expect(res.status, `${filter}: ${res.text}`).toBe(200);
    }
    const neg = await call('GET', `/Users?filter=${q('not (not pr)')}`);
    expect(idsOf(neg.body)).toEqual([ids.on, ids.off].sort());
  });
});
