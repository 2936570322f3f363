import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, GROUP, PATCH_OP, start, user, type Sandbox } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await start({ teams: [{ name: 'acme' }, { name: 'quirk', writeViewStored: true }] });
});
afterAll(async () => sb?.close());

async function groupWithMember(call: ReturnType<typeof api>) {
  const u = await call(
    'POST',
    '/Users',
    user(`w${Math.random().toString(36).slice(2)}@example.com`),
  );
  const g = await call('POST', '/Groups', {
    schemas: [GROUP],
    displayName: `G-${Math.random().toString(36).slice(2)}`,
    members: [{ value: u.body.id }],
  });
  return { userId: u.body.id as string, groupId: g.body.id as string };
}
const rename = (name: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'replace', path: 'displayName', value: name }],
});

describe('attributes/excludedAttributes on writes', () => {
  it('shape only the response on a normal team (RFC 7644 3.4.2.5)', async () => {
    const call = api(sb.teams.acme!);
    const { groupId, userId } = await groupWithMember(call);
    const res = await call('PATCH', `/Groups/${groupId}?excludedAttributes=members`, rename('N1'));
    expect(res.status).toBe(200);
    expect(res.body.members).toBeUndefined();
    const stored = await call('GET', `/Groups/${groupId}`);
    expect(stored.body.members).toEqual([expect.objectContaining({ value: userId })]);
  });

  it('shape what is stored on a writeViewStored team (the quirk clients must survive)', async () => {
    const call = api(sb.teams.quirk!);
    const { groupId } = await groupWithMember(call);
    await call('PATCH', `/Groups/${groupId}?excludedAttributes=members`, rename('N2'));
    const stored = await call('GET', `/Groups/${groupId}`);
    expect(stored.body.displayName).toBe('N2');
    expect(stored.body.members ?? []).toEqual([]);
    const u = await call(
      'POST',
      '/Users?attributes=userName',
      user('kept@example.com', { title: 'T' }),
    );
    expect((await call('GET', `/Users/${u.body.id}`)).body.title).toBeUndefined();
  });
});

describe('Prefer: return=minimal (RFC 7240)', () => {
  it('answers a write 204 without a body, with the new ETag; the write is applied', async () => {
    const call = api(sb.teams.acme!);
    const { groupId, userId } = await groupWithMember(call);
    const res = await call('PATCH', `/Groups/${groupId}`, rename('Minimal'), {
      Prefer: 'return=minimal',
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const stored = await call('GET', `/Groups/${groupId}`);
    expect(res.headers.get('etag')).toBe(stored.headers.get('etag'));
    expect(stored.body.displayName).toBe('Minimal');
    expect(stored.body.members).toEqual([expect.objectContaining({ value: userId })]);
  });

  it('keeps 201 and Location on a create, and full bodies without the preference', async () => {
    const call = api(sb.teams.acme!);
    const created = await call('POST', '/Users', user('min@example.com'), {
      Prefer: 'respond-async, return=minimal',
    });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers.get('location')).toMatch(/\/Users\/[^/]+$/);
    const full = await call('POST', '/Users', user('full@example.com'), {
      Prefer: 'return=representation',
    });
    expect(full.status).toBe(201);
    expect(full.body.userName).toBe('full@example.com');
  });
});
