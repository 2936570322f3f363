import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oauthCredentials, run, user, type Sandbox } from './helpers';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const ids: Record<string, string> = {};

async function scim(method: string, path: string, body?: unknown) {
  const t = sb.teams.acme!;
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
}
const memberIds = async (group: string) =>
  (((await scim('GET', `/Groups/${ids[group]}`)).members ?? []) as Array<{ value: string }>)
    .map((m) => m.value)
    .sort();

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }, { name: 'nofilter', filter: false }] });
  credentials = oauthCredentials(sb.teams.acme!);
  for (const [name, emp, ext] of [
    ['ann', '00417', 'HR-1'],
    ['bob', '00418', 'HR-2'],
    ['cyd', '00418', 'HR-3'],
  ] as const) {
    const u = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
      userName: `${name}@acme.com`,
      externalId: ext,
      [ENT]: { employeeNumber: emp },
    });
    ids[name] = u.id as string;
  }
  for (const g of ['Finance', 'Controllers'])
    ids[g] = (await scim('POST', '/Groups', { displayName: g })).id as string;
});
afterAll(async () => sb?.close());

describe('users found by the keys an HR system knows', () => {
  it('finds a user by external ID and by employee number', async () => {
    const [byExt] = json(
      await run({ credentials, params: user('get', { user: rl('externalId', 'HR-1') }) }),
    );
    expect(byExt!.id).toBe(ids.ann);
    const [byEmp] = json(
      await run({ credentials, params: user('get', { user: rl('employeeNumber', '00417') }) }),
    );
    expect(byEmp!.id).toBe(ids.ann);
  });

  it('refuses an employee number two users share, naming them, and one nobody has', async () => {
    await expect(
      run({ credentials, params: user('get', { user: rl('employeeNumber', '00418') }) }),
    ).rejects.toThrow(/Several users have employeeNumber "00418"/);
    await expect(
      run({ credentials, params: user('get', { user: rl('employeeNumber', '99999') }) }),
    ).rejects.toThrow(/No user with employee number "99999"/);
  });

  it('adds a user to several groups at once and removes them again; an unknown group changes nothing', async () => {
    const [added] = json(
      await run({
        credentials,
        params: user('addToGroup', {
          user: rl('externalId', 'HR-2'),
          groupIdType: 'displayName',
          groups: 'Finance, Controllers',
        }),
      }),
    );
    expect(added).toMatchObject({ id: ids.bob, groups: 2 });
    expect(await memberIds('Finance')).toEqual([ids.bob]);
    expect(await memberIds('Controllers')).toEqual([ids.bob]);
    await expect(
      run({
        credentials,
        params: user('addToGroup', {
          user: rl('userName', 'ann@acme.com'),
          groupIdType: 'displayName',
          groups: ['Finance', 'Nope'],
        }),
      }),
    ).rejects.toThrow(/No group named "Nope"/);
    expect(await memberIds('Finance')).toEqual([ids.bob]);
    await run({
      credentials,
      params: user('removeFromGroup', {
        user: rl('id', ids.bob!),
        groupIdType: 'id',
        groups: [ids.Controllers],
      }),
    });
    expect(await memberIds('Controllers')).toEqual([]);
    expect(await memberIds('Finance')).toEqual([ids.bob]);
  });

  it('finds users by employee number on a team without filtering', async () => {
    const t = sb.teams.nofilter!;
    const created = await fetch(`${t.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'dee@acme.com', [ENT]: { employeeNumber: '777' } }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const [found] = json(
      await run({
        credentials: oauthCredentials(t),
        params: user('get', { user: rl('employeeNumber', '777') }),
      }),
    );
    expect(found!.id).toBe(created.id);
  });
});
