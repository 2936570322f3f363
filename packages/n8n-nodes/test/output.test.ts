import { startSandbox } from '@celonis-scim/sandbox';
import {
  NodeHelpers,
  type ICredentialDataDecryptedObject,
  type INodeParameters,
} from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { SIMPLIFIED_USER_FIELDS } from '../nodes/CelonisScim/helpers/output';
import {
  byDisplayName,
  byUserName,
  group,
  json,
  oauthCredentials,
  run,
  user,
  type Sandbox,
} from './helpers';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
const V11 = { typeVersion: 1.1 };
/** The sandbox's request log: `METHOD /path status ms`, one line per request. */
const requests: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }], log: (line) => requests.push(line) });
  credentials = oauthCredentials(sb.teams.acme!);
  await run({
    credentials,
    params: user('create', {
      userName: 'out@acme.com',
      additionalFields: {
        givenName: 'Olga',
        familyName: 'Out',
        displayName: 'Olga Out',
        email: 'out@acme.com',
        department: 'Finance',
        employeeNumber: 'E-7',
        externalId: 'hr-7',
        title: 'Controller',
        workPhone: '+49 89 7',
        costCenter: 'CC-1',
      },
      addToGroups: '',
    }),
  });
  await run({ credentials, params: group('create', { displayName: 'Output Readers' }) });
});
afterAll(async () => {
  await sb?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The parameters n8n resolves for a node of `typeVersion` saved with `saved` (defaults filled). */
function resolved(typeVersion: number, saved: INodeParameters): INodeParameters {
  const { description } = new CelonisScim();
  return (
    NodeHelpers.getNodeParameters(
      description.properties,
      saved,
      true,
      false,
      { typeVersion },
      description,
    ) ?? {}
  );
}

describe('Output (version 1.1) and Simplify (version 1)', () => {
  it('version 1 keeps Simplify: the long flat view, or the raw resource', async () => {
    const [flat] = json(
      await run({ credentials, params: user('get', { user: byUserName('out@acme.com') }) }),
    );
    // The long view has fields beyond the ten of Output: Simplified.
    expect(flat).toMatchObject({ title: 'Controller', workPhone: '+49 89 7', costCenter: 'CC-1' });
    const [raw] = json(
      await run({
        credentials,
        params: user('get', { user: byUserName('out@acme.com'), simplify: false }),
      }),
    );
    expect(raw).toMatchObject({ schemas: expect.any(Array), name: { givenName: 'Olga' } });
    const [some] = json(
      await run({
        credentials,
        params: user('get', {
          user: byUserName('out@acme.com'),
          simplify: false,
          options: { attributes: 'userName' },
        }),
      }),
    );
    expect(some!.title).toBeUndefined();
    expect(some!.userName).toBe('out@acme.com');
  });

  it('version 1.1 Simplified gives at most the ten documented fields', async () => {
    const [one] = json(
      await run({
        ...V11,
        credentials,
        params: user('get', { user: byUserName('out@acme.com'), output: 'simplified' }),
      }),
    );
    expect(SIMPLIFIED_USER_FIELDS.length).toBeLessThanOrEqual(10);
    for (const key of Object.keys(one!)) expect(SIMPLIFIED_USER_FIELDS).toContain(key);
    expect(one).toMatchObject({
      userName: 'out@acme.com',
      givenName: 'Olga',
      familyName: 'Out',
      email: 'out@acme.com',
      department: 'Finance',
      employeeNumber: 'E-7',
      externalId: 'hr-7',
      displayName: 'Olga Out',
    });
    const many = json(
      await run({
        ...V11,
        credentials,
        params: user('getAll', { returnAll: true, filterType: 'fields', filters: {} }),
      }),
    );
    for (const u of many) expect(Object.keys(u).length).toBeLessThanOrEqual(10);
  });

  it('version 1.1 Raw gives the resource as the server sent it', async () => {
    const [raw] = json(
      await run({
        ...V11,
        credentials,
        params: user('get', { user: byUserName('out@acme.com'), output: 'raw' }),
      }),
    );
    expect(raw).toMatchObject({
      schemas: expect.any(Array),
      meta: expect.objectContaining({ resourceType: 'User' }),
      [ENT]: expect.objectContaining({ costCenter: 'CC-1' }),
    });
  });

  it('Selected Fields returns only the named fields and asks the server for them', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const [picked] = json(
      await run({
        ...V11,
        credentials,
        params: user('get', {
          user: byUserName('out@acme.com'),
          output: 'selected',
          selectedFields: 'email, department, name.givenName, title',
        }),
      }),
    );
    expect(picked).toEqual({
      id: expect.any(String),
      email: 'out@acme.com',
      department: 'Finance',
      'name.givenName': 'Olga',
      title: 'Controller',
    });
    const urls = spy.mock.calls.map(([u]) => decodeURIComponent(String(u)));
    const read = urls.find((u) => /\/Users\/[^?]+\?/.test(u));
    expect(read).toContain(`attributes=emails,${ENT}:department,name.givenName,title`);
    const many = json(
      await run({
        ...V11,
        credentials,
        params: user('getAll', {
          returnAll: true,
          filterType: 'raw',
          filter: 'userName eq "out@acme.com"',
          output: 'selected',
          selectedFields: 'userName',
        }),
      }),
    );
    expect(many).toEqual([{ id: picked!.id, userName: 'out@acme.com' }]);
  });

  it('Selected Fields with no field is refused before anything is sent', async () => {
    const mark = requests.length;
    await expect(
      run({
        ...V11,
        credentials,
        params: user('get', {
          user: byUserName('out@acme.com'),
          output: 'selected',
          selectedFields: ' , ',
        }),
      }),
    ).rejects.toThrow(/no field is named/);
    // No SCIM request at all (a token request may precede the check): no read of the user.
    expect(requests.slice(mark).filter((l) => l.includes('/scim/v2/'))).toEqual([]);
  });

  it('groups: Simplified, Selected Fields, and the Output of Create or Update', async () => {
    const [g] = json(
      await run({
        ...V11,
        credentials,
        params: group('get', { group: byDisplayName('Output Readers'), includeMembers: true }),
      }),
    );
    expect(g).toMatchObject({ displayName: 'Output Readers', memberCount: 0 });
    expect(Object.keys(g!).length).toBeLessThanOrEqual(10);
    const groups = json(
      await run({
        ...V11,
        credentials,
        params: group('getAll', {
          returnAll: true,
          output: 'selected',
          selectedFields: 'displayName',
        }),
      }),
    );
    expect(groups).toEqual([{ id: g!.id, displayName: 'Output Readers' }]);
    const [up] = json(
      await run({
        ...V11,
        credentials,
        params: user('upsert', {
          userName: 'out@acme.com',
          matchOn: 'userName',
          additionalFields: { title: 'Head of Controlling' },
          addToGroups: '',
          output: 'selected',
          selectedFields: 'title',
        }),
      }),
    );
    expect(up).toEqual({
      id: expect.any(String),
      title: 'Head of Controlling',
      upsertResult: 'updated',
    });
  });

  it('n8n shows Simplify on version 1 and Output on version 1.1', () => {
    const v1 = resolved(1, { resource: 'user', operation: 'get' });
    expect(v1.simplify).toBe(true);
    expect(v1.output).toBeUndefined();
    const v11 = resolved(1.1, { resource: 'user', operation: 'get' });
    expect(v11.output).toBe('simplified');
    expect(v11.simplify).toBeUndefined();
    expect(v11.options).toBeUndefined();
  });
  it('the group default operation is Get Many from 1.1; saved version-1 nodes keep Add Members', () => {
    // n8n saves a parameter equal to its default omitted: a version-1 group node saved on the
    // default has no operation and must still add members.
    expect(resolved(1, { resource: 'group' }).operation).toBe('addMembers');
    expect(resolved(1.1, { resource: 'group' }).operation).toBe('getAll');
    expect(resolved(1.1, { resource: 'group', operation: 'addMembers' }).operation).toBe(
      'addMembers',
    );
    // Users open on Create or Update on both versions (README: Default operations).
    expect(resolved(1, {}).operation).toBe('upsert');
    expect(resolved(1.1, {}).operation).toBe('upsert');
  });
});
