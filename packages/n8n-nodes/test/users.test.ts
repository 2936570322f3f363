import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, byUserName, json, oauthCredentials, run, user, type Sandbox } from './helpers';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
/** The sandbox's request log: `METHOD /path status ms`, one line per request. */
const requests: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], log: (line) => requests.push(line) });
  credentials = oauthCredentials(sb.teams.acme!);
});
afterAll(async () => {
  await sb?.close();
});

describe('user operations through execute', () => {
  it('creates a user with the chosen fields and reads it back by id and by userName', async () => {
    const [created] = json(
      await run({
        credentials,
        params: user('create', {
          userName: 'jane@example.com',
          additionalFields: {
            givenName: 'Jane',
            familyName: 'Doe',
            email: 'jane@example.com',
            department: 'Finance',
            customAttributes: '{"nickName":"JD"}',
          },
          simplify: true,
        }),
      }),
    );
    expect(created).toMatchObject({
      userName: 'jane@example.com',
      givenName: 'Jane',
      familyName: 'Doe',
      email: 'jane@example.com',
      department: 'Finance',
    });
    const id = created!.id as string;
    const [raw] = json(
      await run({ credentials, params: user('get', { user: byId(id), simplify: false }) }),
    );
    expect(raw).toMatchObject({ id, nickName: 'JD', name: { givenName: 'Jane' } });
    const [named] = json(
      await run({ credentials, params: user('get', { user: byUserName('jane@example.com') }) }),
    );
    expect(named!.id).toBe(id);
  });

  it('returns only the requested attributes', async () => {
    const [u] = json(
      await run({
        credentials,
        params: user('get', {
          user: byUserName('jane@example.com'),
          simplify: false,
          options: { attributes: 'userName' },
        }),
      }),
    );
    expect(u!.userName).toBe('jane@example.com');
    expect(u!.name).toBeUndefined();
  });

  it('upserts: creates, then updates only what differs, then reports unchanged', async () => {
    const params = user('upsert', {
      userName: 'hire@example.com',
      additionalFields: { givenName: 'Hire', title: 'Analyst' },
    });
    const [first] = json(await run({ credentials, params }));
    expect(first).toMatchObject({ upsertResult: 'created', title: 'Analyst' });
    const [second] = json(
      await run({
        credentials,
        params: { ...params, additionalFields: { givenName: 'Hire', title: 'Lead' } },
      }),
    );
    expect(second).toMatchObject({ upsertResult: 'updated', title: 'Lead', id: first!.id });
    const [third] = json(
      await run({
        credentials,
        params: { ...params, additionalFields: { givenName: 'Hire', title: 'Lead' } },
      }),
    );
    expect(third).toMatchObject({ upsertResult: 'unchanged', id: first!.id });
  });

  it('updates chosen fields with PATCH and leaves the others alone', async () => {
    const mark = requests.length;
    const [u] = json(
      await run({
        credentials,
        params: user('update', {
          user: byUserName('jane@example.com'),
          updateFields: { title: 'Controller' },
        }),
      }),
    );
    expect(u).toMatchObject({ title: 'Controller', givenName: 'Jane', department: 'Finance' });
    const writes = requests
      .slice(mark)
      .filter((l) => /^(POST|PUT|PATCH|DELETE) \S*\/scim\/v2\//.test(l));
    expect(writes.map((l) => l.split(' ')[0])).toEqual(['PATCH']);
  });

  it('refuses an update without fields before sending anything', async () => {
    const mark = requests.length;
    await expect(
      run({
        credentials,
        params: user('update', { user: byUserName('jane@example.com'), updateFields: {} }),
      }),
    ).rejects.toThrow('No fields to update');
    // Not even the user was looked up (a token request may come first).
    expect(requests.slice(mark).filter((l) => l.includes('/scim/v2/'))).toEqual([]);
  });

  it('deactivates and activates', async () => {
    const [off] = json(
      await run({
        credentials,
        params: user('deactivate', { user: byUserName('jane@example.com') }),
      }),
    );
    expect(off!.active).toBe(false);
    const [on] = json(
      await run({
        credentials,
        params: user('activate', { user: byUserName('jane@example.com') }),
      }),
    );
    expect(on!.active).toBe(true);
  });

  it('gets many users with field filters, a raw filter, and a limit', async () => {
    for (let n = 0; n < 5; n++)
      await run({
        credentials,
        params: user('create', { userName: `many${n}@example.com`, additionalFields: {} }),
      });
    const prefixed = json(
      await run({
        credentials,
        params: user('getAll', {
          returnAll: true,
          filterType: 'fields',
          filters: { userName: 'many' },
        }),
      }),
    );
    expect(prefixed.map((u) => u.userName).sort()).toEqual(
      [0, 1, 2, 3, 4].map((n) => `many${n}@example.com`),
    );
    const limited = json(
      await run({
        credentials,
        params: user('getAll', {
          returnAll: false,
          limit: 2,
          filterType: 'raw',
          filter: 'userName sw "many"',
        }),
      }),
    );
    expect(limited).toHaveLength(2);
  });

  it('rejects a malformed raw filter with a plain message', async () => {
    const out = json(
      await run({
        credentials,
        continueOnFail: true,
        params: user('getAll', { returnAll: true, filterType: 'raw', filter: 'userName eq' }),
      }),
    );
    expect(out).toHaveLength(1);
    expect(String(out[0]!.error)).toMatch(/filter/i);
  });

  it('deletes a user and says so', async () => {
    const [u] = json(
      await run({
        credentials,
        params: user('create', { userName: 'gone@example.com', additionalFields: {} }),
      }),
    );
    const [res] = json(
      await run({ credentials, params: user('delete', { user: byId(u!.id as string) }) }),
    );
    expect(res).toEqual({ id: u!.id, deleted: true });
    const out = json(
      await run({
        credentials,
        continueOnFail: true,
        params: user('get', { user: byId(u!.id as string) }),
      }),
    );
    expect(out[0]!.error).toBe('Not found in this team');
  });
});

describe('errors and continue-on-fail', () => {
  it('explains a duplicate userName and points at Upsert', async () => {
    await expect(
      run({
        credentials,
        params: user('create', { userName: 'jane@example.com', additionalFields: {} }),
      }),
    ).rejects.toThrow('userName already exists in this team: use Upsert');
  });

  it('keeps going with continue-on-fail, pairing each output with its input', async () => {
    const items = await run({
      credentials,
      continueOnFail: true,
      params: [
        user('create', { userName: 'jane@example.com', additionalFields: {} }),
        user('create', { userName: 'fresh@example.com', additionalFields: {} }),
      ],
    });
    expect(items).toHaveLength(2);
    expect(items[0]!.pairedItem).toEqual({ item: 0 });
    expect(items[0]!.json.error).toBe(
      'userName already exists in this team: use Upsert (Create or Update)',
    );
    expect(items[1]!.pairedItem).toEqual({ item: 1 });
    expect(items[1]!.json.userName).toBe('fresh@example.com');
  });

  it('says which userName it could not find', async () => {
    await expect(
      run({ credentials, params: user('get', { user: byUserName('nobody@example.com') }) }),
    ).rejects.toThrow('No user with userName "nobody@example.com" in this team');
  });

  it('never shows the client secret in an error', async () => {
    const bad = { ...credentials, clientSecret: 'wrong-secret-value' };
    const err = await run({ credentials: bad, params: user('get', { user: byId('x') }) }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const text = JSON.stringify({
      m: (err as Error).message,
      d: (err as { description?: string }).description,
    });
    expect(text).toContain('refused the credential');
    expect(text).not.toContain('wrong-secret-value');
  });
});
