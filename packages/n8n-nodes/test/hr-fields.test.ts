import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oauthCredentials, run, user, type Sandbox } from './helpers';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
/** The sandbox's request log: `METHOD /path status ms`, one line per request. */
const requests: string[] = [];

async function scim(method: string, path: string, body?: unknown) {
  const t = sb.teams.acme!;
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as IDataObject;
}
const usersNamed = async (userName: string) =>
  ((await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`))
    .Resources ?? []) as IDataObject[];
const allUsers = async () =>
  ((await scim('GET', '/Users?count=100')).Resources ?? []) as IDataObject[];

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], log: (line) => requests.push(line) });
  credentials = oauthCredentials(sb.teams.acme!);
  await scim('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
    userName: 'boss@acme.com',
    [ENT]: { employeeNumber: 'B-1' },
  });
  for (const g of ['Finance', 'Controllers']) await scim('POST', '/Groups', { displayName: g });
});
afterAll(async () => sb?.close());

describe('the fields HR exports carry, and onboarding in one node', () => {
  it('creates a user with phones, a work address, a manager by employee number and groups', async () => {
    const [out] = json(
      await run({
        credentials,
        params: user('create', {
          userName: 'new@acme.com',
          additionalFields: {
            email: 'new@acme.com',
            workPhone: '+49 89 1',
            mobilePhone: '+49 170 2',
            streetAddress: 'Theresienstr. 6',
            locality: 'Munich',
            country: 'DE',
            preferredLanguage: 'de',
            manager: 'B-1',
            managerIdType: 'employeeNumber',
          },
          addToGroups: 'Finance, Controllers',
        }),
      }),
    );
    expect(out!.addedToGroups).toEqual(['Finance', 'Controllers']);
    const [stored] = await usersNamed('new@acme.com');
    const boss = (await usersNamed('boss@acme.com'))[0]!;
    expect(stored).toMatchObject({
      preferredLanguage: 'de',
      emails: [{ value: 'new@acme.com', type: 'work', primary: true }],
      phoneNumbers: [
        { type: 'work', value: '+49 89 1' },
        { type: 'mobile', value: '+49 170 2' },
      ],
      addresses: [
        { type: 'work', streetAddress: 'Theresienstr. 6', locality: 'Munich', country: 'DE' },
      ],
      [ENT]: { manager: { value: boss.id } },
    });
    expect((stored!.groups as IDataObject[]).map((g) => g.display).sort()).toEqual([
      'Controllers',
      'Finance',
    ]);
  });

  it('changes the work e-mail and one phone number without wiping the others', async () => {
    const created = await scim('POST', '/Users', {
      userName: 'two@acme.com',
      emails: [
        { value: 'two@home.example', type: 'home', primary: true },
        { value: 'two@acme.com', type: 'work' },
      ],
      phoneNumbers: [{ value: '1', type: 'mobile' }],
    });
    await run({
      credentials,
      params: user('update', {
        user: rl('id', created.id as string),
        updateFields: { email: 'two.new@acme.com', workPhone: '2' },
      }),
    });
    const stored = (await usersNamed('two@acme.com'))[0]!;
    expect(stored.emails).toEqual([
      { value: 'two@home.example', type: 'home', primary: true },
      { value: 'two.new@acme.com', type: 'work' },
    ]);
    expect(stored.phoneNumbers).toEqual([
      { value: '1', type: 'mobile' },
      { value: '2', type: 'work' },
    ]);
  });

  it('matches on employee number: a changed e-mail renames the person, never a second user', async () => {
    const upsert = (userName: string, title: string) =>
      run({
        credentials,
        params: user('upsert', {
          userName,
          matchOn: 'employeeNumber',
          additionalFields: { employeeNumber: 'E-77', title },
          addToGroups: 'Finance',
        }),
      });
    const [first] = json(await upsert('old.mail@acme.com', 'Analyst'));
    expect(first!.upsertResult).toBe('created');
    const [second] = json(await upsert('new.mail@acme.com', 'Lead'));
    expect(second).toMatchObject({
      upsertResult: 'updated',
      id: first!.id,
      userName: 'new.mail@acme.com',
    });
    expect(await usersNamed('old.mail@acme.com')).toEqual([]);
    const [third] = json(await upsert('new.mail@acme.com', 'Lead'));
    expect(third!.upsertResult).toBe('unchanged');
    await expect(
      run({
        credentials,
        params: user('upsert', {
          userName: 'x@acme.com',
          matchOn: 'externalId',
          additionalFields: {},
        }),
      }),
    ).rejects.toThrow(/Match On is externalId, but the item has none/);
  });

  it('two executions onboarding the same new hire at once end with one user', async () => {
    const params = user('upsert', {
      userName: 'twice@acme.com',
      matchOn: 'employeeNumber',
      additionalFields: { employeeNumber: 'E-99', title: 'Hire' },
      addToGroups: 'Finance',
    });
    const outs = await Promise.all([run({ credentials, params }), run({ credentials, params })]);
    const results = outs.map((o) => json(o)[0]!.upsertResult).sort();
    expect(results[0]).toBe('created');
    expect(['unchanged', 'updated']).toContain(results[1]);
    expect(await usersNamed('twice@acme.com')).toHaveLength(1);
  });

  it('an unknown manager or group creates nothing', async () => {
    const before = (await allUsers()).length;
    await expect(
      run({
        credentials,
        params: user('create', {
          userName: 'nobody@acme.com',
          additionalFields: { manager: 'ghost@acme.com' },
          addToGroups: '',
        }),
      }),
    ).rejects.toThrow(/No manager with userName "ghost@acme.com"/);
    await expect(
      run({
        credentials,
        params: user('upsert', {
          userName: 'nobody@acme.com',
          additionalFields: {},
          addToGroups: 'Finance, Nope',
        }),
      }),
    ).rejects.toThrow(/No group named "Nope"/);
    expect((await allUsers()).length).toBe(before);
  });
});

describe('Group > Get Members with a limit', () => {
  it('reads 10 members of a 300-member group in one user list request, not the whole group', async () => {
    const ids: string[] = [];
    const t = sb.teams.acme!;
    const ops = Array.from({ length: 300 }, (_, n) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `m${n}`,
      data: { userName: `member${n}@acme.com` },
    }));
    const bulk = (await fetch(`${t.scimBaseUrl}/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: ops,
      }),
    }).then((r) => r.json())) as { Operations: Array<{ location: string }> };
    for (const o of bulk.Operations) ids.push(o.location.split('/').pop()!);
    const g = await scim('POST', '/Groups', {
      displayName: 'Big',
      members: ids.map((value) => ({ value })),
    });
    const before = sb.stats().requests;
    const mark = requests.length;
    const out = json(
      await run({
        credentials,
        params: {
          resource: 'group',
          operation: 'getMembers',
          group: rl('id', g.id as string),
          returnAll: false,
          limit: 10,
        },
      }),
    );
    expect(out).toHaveLength(10);
    expect(out.every((m) => ids.includes(m.id as string))).toBe(true);
    // Token, discovery (3) and one list request; the 300-member group itself is never read.
    expect(sb.stats().requests - before).toBeLessThanOrEqual(5);
    const sent = requests.slice(mark).map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(sent.filter((l) => l === 'GET /acme/scim/v2/Users')).toHaveLength(1);
    expect(sent.filter((l) => l.startsWith('GET /acme/scim/v2/Groups'))).toEqual([]);
    const all = json(
      await run({
        credentials,
        params: {
          resource: 'group',
          operation: 'getMembers',
          group: rl('id', g.id as string),
          returnAll: true,
        },
      }),
    );
    expect(all.map((m) => m.id).sort()).toEqual([...ids].sort());
  });
});
