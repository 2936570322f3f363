import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ENT, GROUP, q, start, user, USER, type Sandbox } from './helpers.js';

// Six hand-made users whose attributes exercise every corner of RFC 7644 3.4.2.2; the
// expected results below are the fixture keys, mapped to the ids the server assigned.
const FIXTURES: Record<string, Record<string, unknown>> = {
  a: {
    userName: 'alice@example.com',
    externalId: 'EXT-1',
    name: { givenName: 'Alice', familyName: 'Adams' },
    displayName: 'Alice Adams',
    title: 'Engineer',
    active: true,
    emails: [
      { value: 'alice@example.com', type: 'work', primary: true },
      { value: 'alice@home.org', type: 'home' },
    ],
    [ENT]: { employeeNumber: '1001', department: 'Engineering', manager: { value: 'mgr-1' } },
  },
  b: {
    userName: 'Bob@Example.com',
    externalId: 'ext-2',
    name: { givenName: 'Bob', familyName: 'Brown' },
    displayName: 'Bob Brown',
    title: 'Senior Engineer',
    active: false,
    emails: [{ value: 'bob@example.com', type: 'work' }],
    [ENT]: { employeeNumber: '1002', department: 'Engineering', manager: { value: 'mgr-1' } },
  },
  c: {
    userName: 'carol@corp.example.org',
    name: { givenName: 'Carol', familyName: 'Clark' },
    displayName: 'Carol Clark',
    title: 'Sales Manager',
    active: true,
    emails: [{ value: 'carol@corp.example.org', type: 'home' }],
    [ENT]: { employeeNumber: '2001', department: 'Sales' },
  },
  d: {
    userName: 'dan@example.com',
    name: { givenName: 'Dan' },
    userType: 'Contractor',
    active: true,
    emails: [],
  },
  e: {
    userName: 'erin@example.net',
    name: { givenName: 'Erin', familyName: 'Evans' },
    displayName: 'Erin Evans',
    title: 'engineer',
    active: true,
    emails: [{ value: 'ERIN@EXAMPLE.NET', type: 'work' }],
    phoneNumbers: [{ value: '+49 30 1234', type: 'work' }],
    [ENT]: { employeeNumber: '3001', department: 'Data', manager: { value: 'mgr-2' } },
  },
  f: {
    userName: 'frank@example.com',
    name: { givenName: 'Frank', familyName: 'Foster' },
    displayName: 'Frank Foster',
    title: 'Analyst',
    active: true,
    emails: [
      { value: 'frank@example.com', type: 'work' },
      { value: 'frank@other.com', type: 'home' },
    ],
  },
};

// [filter, expected keys]; $a / $G / $CAROL_CREATED / $CAROL_MODIFIED are filled in at run time.
const TABLE: Array<[string, string]> = [
  ['userName eq "alice@example.com"', 'a'],
  ['userName eq "ALICE@EXAMPLE.COM"', 'a'],
  ['USERNAME eq "bob@example.com"', 'b'],
  ['userName EQ "bob@example.com"', 'b'],
  ['userName ne "alice@example.com"', 'bcdef'],
  ['userName co "example.com"', 'abdf'],
  ['userName sw "CAR"', 'c'],
  ['userName ew ".net"', 'e'],
  ['userName gt "d"', 'def'],
  ['userName ge "dan@example.com"', 'def'],
  ['userName lt "bob@example.com"', 'a'],
  ['userName le "bob@example.com"', 'ab'],
  ['title pr', 'abcef'],
  ['not (title pr)', 'd'],
  ['displayName pr', 'abcef'],
  ['externalId eq "EXT-1"', 'a'],
  ['externalId eq "ext-1"', ''],
  ['externalId pr', 'ab'],
  ['id eq "$a"', 'a'],
  ['active eq true', 'acdef'],
  ['active eq false', 'b'],
  ['active ne true', 'b'],
  ['name.givenName eq "alice"', 'a'],
  ['name.familyName sw "B"', 'b'],
  ['name.familyName pr', 'abcef'],
  ['not (name.familyName pr)', 'd'],
  ['emails.value co "home.org"', 'a'],
  ['emails.type eq "home"', 'acf'],
  ['emails[type eq "work"]', 'abef'],
  ['emails[type eq "work" and value co "other"]', ''],
  ['emails[type eq "home" and value co "other"]', 'f'],
  ['emails[type eq "work"].value eq "erin@example.net"', 'e'],
  ['emails[type eq "home"].value co "alice"', 'a'],
  ['emails[type eq "work"].value co "other"', ''],
  ['emails[value ew ".com"]', 'abf'],
  ['emails[primary eq true]', 'a'],
  ['emails pr', 'abcef'],
  ['phoneNumbers[type eq "work"]', 'e'],
  ['title eq "engineer"', 'ae'],
  ['title co "engineer"', 'abe'],
  ['title sw "senior"', 'b'],
  ['title eq "Engineer" and active eq true', 'ae'],
  ['title co "Engineer" and active eq false', 'b'],
  ['title eq "Sales Manager" or userType eq "Contractor"', 'cd'],
  ['userType eq "contractor"', 'd'],
  ['active eq false or title eq "Analyst"', 'bf'],
  ['userName sw "a" or userName sw "b" and active eq true', 'a'],
  ['(userName sw "a" or userName sw "b") and active eq false', 'b'],
  ['not (active eq true)', 'b'],
  ['not (userName sw "a" or userName sw "b")', 'cdef'],
  ['not (userName co "example")', ''],
  [`${ENT}:department eq "Engineering"`, 'ab'],
  [`${ENT}:manager.value eq "mgr-1"`, 'ab'],
  [`${ENT}:employeeNumber sw "1"`, 'ab'],
  [`${ENT}:manager pr`, 'abe'],
  [`${ENT.toUpperCase()}:DEPARTMENT eq "sales"`, 'c'],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol@corp.example.org"', 'c'],
  ['meta.created gt "$CAROL_CREATED"', 'def'],
  ['meta.lastModified ge "$CAROL_MODIFIED"', 'cdef'],
  ['meta.lastModified lt "$CAROL_MODIFIED"', 'ab'],
  ['meta.lastModified le "2000-01-01T00:00:00Z"', ''],
  ['meta.lastModified gt "2000-01-01T00:00:00Z"', 'abcdef'],
  ['meta.resourceType eq "User"', 'abcdef'],
  ['title eq null', 'd'],
  ['title ne null', 'abcef'],
  ['displayName eq "Alice Adams" and emails[type eq "work" and value co "@"]', 'a'],
  ['((userName eq "alice@example.com"))', 'a'],
  ['userName eq "alice@example.com" or userName eq "nobody@example.com"', 'a'],
  ['nickName pr', ''],
  ['userName eq "nobody"', ''],
  ['emails[type eq "work" or type eq "home"]', 'abcef'],
  ['emails[not (type eq "work")]', 'acf'],
  ['userName eq "BOB@example.com" and active eq true', ''],
  ['externalId eq "EXT-1" and title eq "Engineer"', 'a'],
  ['displayName eq "carol clark"', 'c'],
  ['groups pr', 'ac'],
  ['groups.value eq "$G"', 'ac'],
  ['groups.display eq "fixture group"', 'ac'],
];

let sb: Sandbox;
let call: ReturnType<typeof api>;
const ids: Record<string, string> = {};
const vars: Record<string, string> = {};

beforeAll(async () => {
  sb = await start({
    teams: [{ name: 'fx' }, { name: 'other' }],
    seed: { users: 5, groups: 1, seed: 2 },
  });
  call = api(sb.teams.fx!);
  // The other team holds users that would match many filters: none may leak into fx results.
  const other = api(sb.teams.other!);
  await other('POST', '/Users', user('alice2@example.com', { title: 'Engineer', active: true }));
  // The fx team starts seeded; remove the seeded users so the table sees only the fixtures.
  const seeded = await call('GET', '/Users?count=100');
  for (const r of seeded.body.Resources) await call('DELETE', `/Users/${r.id}`);
  for (const [key, attrs] of Object.entries(FIXTURES)) {
    const res = await call('POST', '/Users', {
      schemas: attrs[ENT] ? [USER, ENT] : [USER],
      ...attrs,
    });
    expect(res.status, res.text).toBe(201);
    ids[key] = res.body.id;
    if (key === 'c') {
      vars.CAROL_CREATED = res.body.meta.created;
      vars.CAROL_MODIFIED = res.body.meta.lastModified;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  vars.a = ids.a!;
  const g = await call('POST', '/Groups', {
    schemas: [GROUP],
    displayName: 'Fixture Group',
    members: [{ value: ids.a }, { value: ids.c }],
  });
  expect(g.status, g.text).toBe(201);
  vars.G = g.body.id;
});
afterAll(async () => sb?.close());

const fill = (f: string) => f.replace(/\$([A-Z_a-z]+)/g, (_, k: string) => vars[k] ?? `$${k}`);

describe('filter table (RFC 7644 3.4.2.2)', () => {
  it('has at least 60 filters', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('%s -> %s', async (filter, expected) => {
    const res = await call('GET', `/Users?filter=${q(fill(filter))}&count=100`);
    expect(res.status, res.text).toBe(200);
    const got = (res.body.Resources as Array<{ id: string }>).map((r) => r.id).sort();
    const want = [...expected].map((k) => ids[k]!).sort();
    expect(got).toEqual(want);
    expect(res.body.totalResults).toBe(want.length);
  });

  it('filters groups by displayName and member value', async () => {
    const byName = await call('GET', `/Groups?filter=${q('displayName eq "FIXTURE GROUP"')}`);
    expect(byName.body.Resources.map((r: { id: string }) => r.id)).toEqual([vars.G]);
    const byMember = await call('GET', `/Groups?filter=${q(`members.value eq "${ids.c}"`)}`);
    expect(byMember.body.totalResults).toBe(1);
    const none = await call('GET', `/Groups?filter=${q(`members[value eq "${ids.b}"]`)}`);
    expect(none.body.totalResults).toBe(0);
  });

  it('keeps escaped quotes and backslashes in string literals', async () => {
    const name = 'o"brien\\x@example.com';
    const created = await call('POST', '/Users', user(name));
    expect(created.status).toBe(201);
    const res = await call('GET', `/Users?filter=${q(`userName eq ${JSON.stringify(name)}`)}`);
    expect(res.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    await call('DELETE', `/Users/${created.body.id}`);
  });

  it.each([
    ['userName eq', 'invalidFilter'],
    ['userName xx "a"', 'invalidFilter'],
    ['(userName eq "a"', 'invalidFilter'],
    ['active gt true', 'invalidFilter'],
    ['meta.lastModified gt "yesterday"', 'invalidFilter'],
    ['userName eq "unterminated', 'invalidFilter'],
  ])('rejects %s with 400 %s', async (filter, scimType) => {
    const res = await call('GET', `/Users?filter=${q(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType });
    expect(res.body.detail).toMatch(/filter|boolean|date/i);
  });
});
