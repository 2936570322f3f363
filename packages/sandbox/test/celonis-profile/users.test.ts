import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  BULK,
  CELONIS,
  celonisUser,
  control,
  email,
  startCelonis,
  USER,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  sb = await startCelonis([
    { name: 'acme' },
    { name: 'lic', licence: { seats: 2, perRole: { ANALYST: 1 } } },
    { name: 'imp', licence: { seats: 1 } },
  ]);
  call = api(sb.teams.acme!);
});
afterAll(async () => sb?.close());

const withoutMeta = ({ meta: _m, ...doc }: Record<string, unknown>) => doc;
const roleOf = (u: Record<string, unknown>) => (u[CELONIS] as { role?: string } | undefined)?.role;

describe('CELONIS-SCIM.md: the user resource', () => {
  it('schemas: the core User schema and the Celonis extension urn:celonis:params:scim:schemas:extension:2.0:User', async () => {
    const type = (await call('GET', '/ResourceTypes/User')).body;
    expect(type.schema).toBe(USER);
    expect(type.schemaExtensions).toContainEqual({ schema: CELONIS, required: false });
    const created = await call('POST', '/Users', celonisUser(email('s')));
    expect(created.body.schemas).toEqual(expect.arrayContaining([USER, CELONIS]));
  });

  it('role: the user\'s role in the team; "A user gets the MEMBER role by default"', async () => {
    const created = await call('POST', '/Users', { schemas: [USER], userName: email('r') });
    expect(created.status).toBe(201);
    expect(roleOf(created.body)).toBe('MEMBER');
    expect(roleOf((await call('GET', `/Users/${created.body.id}`)).body)).toBe('MEMBER');
  });

  it('role values MEMBER and ANALYST are listed as canonicalValues in /Schemas; others are refused', async () => {
    const schema = (await call('GET', `/Schemas/${CELONIS}`)).body;
    const role = schema.attributes.find((a: { name: string }) => a.name === 'role');
    expect(role.canonicalValues).toEqual(expect.arrayContaining(['MEMBER', 'ANALYST']));
    const analyst = await call('POST', '/Users', celonisUser(email('a'), { role: 'ANALYST' }));
    expect(roleOf(analyst.body)).toBe('ANALYST');
    const bad = await call('POST', '/Users', celonisUser(email('a'), { role: 'WIZARD' }));
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('role must be one of');
  });

  it('sendEmailOnInvitation: on create, the new user is invited (recorded, never sent); the samples send the string "true"', async () => {
    await control(sb, 'DELETE', 'invitations?team=acme');
    const invited = email('inv');
    await call(
      'POST',
      '/Users',
      celonisUser(invited, { sendEmailOnInvitation: 'true', role: 'ANALYST' }),
    );
    await call('POST', '/Users', celonisUser(email('inv'), { sendEmailOnInvitation: 'false' }));
    await call('POST', '/Users', celonisUser(email('inv')));
    const res = await control(sb, 'GET', 'invitations?team=acme');
    expect(res.body).toEqual({
      invitations: [
        expect.objectContaining({
          team: 'acme',
          userName: invited,
          email: invited,
          role: 'ANALYST',
        }),
      ],
    });
    expect(sb.invitations('acme').map((i) => i.userName)).toEqual([invited]);
    const shown = await call(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${invited}"`)}`,
    );
    expect(JSON.stringify(shown.body)).not.toContain('sendEmailOnInvitation');
    const bad = await call(
      'POST',
      '/Users',
      celonisUser(email('inv'), { sendEmailOnInvitation: 'yes' }),
    );
    expect(bad.status).toBe(400);
  });

  it('role and sendEmailOnInvitation are accepted at the top level (as the samples send them) and under the extension URN key', async () => {
    await control(sb, 'DELETE', 'invitations?team=acme');
    const top = await call(
      'POST',
      '/Users',
      celonisUser(email('t'), { role: 'ANALYST', sendEmailOnInvitation: true }),
    );
    const nested = await call(
      'POST',
      '/Users',
      celonisUser(email('n'), { [CELONIS]: { role: 'ANALYST', sendEmailOnInvitation: 'true' } }),
    );
    for (const res of [top, nested]) {
      expect(res.status).toBe(201);
      expect(res.body[CELONIS]).toEqual({ role: 'ANALYST' });
      expect(res.body.role).toBeUndefined();
    }
    expect(sb.invitations('acme').map((i) => i.userId)).toEqual([top.body.id, nested.body.id]);
    const both = await call(
      'POST',
      '/Users',
      celonisUser(email('b'), { role: 'MEMBER', [CELONIS]: { role: 'ANALYST' } }),
    );
    expect(both.status).toBe(400);
    expect(both.body.detail).toContain('send it once');
  });

  it('users can set the user role when creating or updating a user', async () => {
    const created = await call('POST', '/Users', celonisUser(email('role'), { role: 'ANALYST' }));
    expect(roleOf(created.body)).toBe('ANALYST');
    const put = await call('PUT', `/Users/${created.body.id}`, {
      ...withoutMeta(created.body),
      [CELONIS]: { role: 'MEMBER' },
    });
    expect(put.status).toBe(200);
    expect(roleOf(put.body)).toBe('MEMBER');
    expect(roleOf((await call('GET', `/Users/${created.body.id}`)).body)).toBe('MEMBER');
    const bad = await call('PUT', `/Users/${created.body.id}`, {
      ...withoutMeta(put.body),
      [CELONIS]: { role: 'BOSS' },
    });
    expect(bad.status).toBe(400);
  });

  it('"Email updates are forbidden" (PUT): a user\'s e-mail cannot change once created', async () => {
    const name = email('mail');
    const created = await call('POST', '/Users', celonisUser(name));
    const doc = withoutMeta(created.body);
    for (const change of [
      { userName: email('other') },
      { emails: [{ value: email('other'), primary: true }] },
      // emails is immutable as a whole in /Schemas: adding a second address is a change too.
      { emails: [...(doc.emails as unknown[]), { value: email('other') }] },
    ]) {
      const res = await call('PUT', `/Users/${created.body.id}`, { ...doc, ...change });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('Email updates are forbidden');
    }
    const same = await call('PUT', `/Users/${created.body.id}`, {
      ...doc,
      userName: name.toUpperCase(),
      displayName: 'Same mail',
    });
    expect(same.status).toBe(200);
  });
});

describe('CELONIS-SCIM.md: 400 causes on create and update', () => {
  it('"It can fail if the license is exceeded": a create beyond the seats of the team licence is 400', async () => {
    const lic = api(sb.teams.lic!);
    expect((await lic('POST', '/Users', celonisUser(email('l1')))).status).toBe(201);
    expect((await lic('POST', '/Users', celonisUser(email('l2'), { active: false }))).status).toBe(
      201,
    );
    expect((await lic('POST', '/Users', celonisUser(email('l3')))).status).toBe(201);
    const over = await lic('POST', '/Users', celonisUser(email('l4')));
    expect(over.status).toBe(400);
    expect(over.body.detail).toMatch(/license is exceeded/);
    // An inactive user takes no seat.
    expect((await lic('POST', '/Users', celonisUser(email('l5'), { active: false }))).status).toBe(
      201,
    );
  });

  it('updates "can also fail, e.g. because of license restrictions": reactivation or a role change beyond the licence is 400', async () => {
    const lic = api(sb.teams.lic!);
    const list = (await lic('GET', '/Users?count=100')).body.Resources as Array<
      Record<string, unknown>
    >;
    const inactive = list.find((u) => u.active === false)!;
    const reactivate = await lic('PUT', `/Users/${String(inactive.id)}`, {
      ...withoutMeta(inactive),
      active: true,
    });
    expect(reactivate.status).toBe(400);
    expect(reactivate.body.detail).toMatch(/license is exceeded/);
    const [a, b] = list.filter((u) => u.active !== false);
    const analyst = { [CELONIS]: { role: 'ANALYST' } };
    expect(
      (await lic('PUT', `/Users/${String(a!.id)}`, { ...withoutMeta(a!), ...analyst })).status,
    ).toBe(200);
    const second = await lic('PUT', `/Users/${String(b!.id)}`, { ...withoutMeta(b!), ...analyst });
    expect(second.status).toBe(400);
    expect(second.body.detail).toMatch(/ANALYST seats .* license/);
  });

  it('imports "take the team license into consideration": a Bulk create beyond it fails with 400', async () => {
    const imp = api(sb.teams.imp!);
    const res = await imp('POST', '/Bulk', {
      schemas: [BULK],
      failOnErrors: 1,
      Operations: [1, 2].map((i) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `u${i}`,
        data: celonisUser(email('imp')),
      })),
    });
    const ops = res.body.Operations as Array<{ status: string; response?: { detail: string } }>;
    expect(ops.map((o) => o.status)).toEqual(['201', '400']);
    expect(ops[1]!.response!.detail).toMatch(/license is exceeded/);
  });

  it('duplicate user names: 400', async () => {
    const name = email('dup');
    expect((await call('POST', '/Users', celonisUser(name))).status).toBe(201);
    const dup = await call('POST', '/Users', celonisUser(name.toUpperCase()));
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('empty user names: 400', async () => {
    for (const userName of ['', '   ']) {
      const res = await call('POST', '/Users', { schemas: [USER], userName });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('userName');
    }
  });

  it('names longer than 100 characters: 400', async () => {
    const long = 'x'.repeat(101);
    for (const extra of [
      { displayName: long },
      { name: { givenName: long } },
      { name: { familyName: long } },
    ]) {
      const res = await call('POST', '/Users', celonisUser(email('long'), extra));
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/longer than 100 characters/);
    }
    const userName = `${'y'.repeat(89)}@example.com`;
    expect(userName.length).toBe(101);
    expect((await call('POST', '/Users', celonisUser(userName))).status).toBe(400);
    expect(
      (await call('POST', '/Users', celonisUser(email('ok'), { displayName: 'x'.repeat(100) })))
        .status,
    ).toBe(201);
  });
});
