import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelonisScim } from '../nodes/CelonisScim/CelonisScim.node';
import { loadOptionsContext } from './context';
import { byUserName, json, oauthCredentials, run, user, type Sandbox } from './helpers';

const CUSTOM = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
let proxy: Server;
/** The sandbox's request log: `METHOD /path status ms`, one line per request. */
const requests: string[] = [];
/** The SCIM requests (method and path, no token request) the sandbox received since `mark`. */
const scimSince = (mark: number) =>
  requests
    .slice(mark)
    .map((l) => l.split(' ').slice(0, 2).join(' '))
    .filter((l) => l.includes('/scim/v2/'));
/** The same team behind a proxy whose /Schemas declares stricter definitions. */
let strictCredentials: ICredentialDataDecryptedObject;

async function scim(method: string, path: string, body?: unknown) {
  const t = sb.teams.acme!;
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as IDataObject;
}
const stored = async (userName: string) =>
  (
    ((await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`))
      .Resources ?? []) as IDataObject[]
  )[0];

/** The mapper value as the editor saves it: chosen fields under `value`, the field list beside. */
const mapper = (value: IDataObject) => ({
  mappingMode: 'defineBelow',
  value,
  matchingColumns: [],
  schema: [{ id: `${CUSTOM}:region`, displayName: 'SandboxUser: Region' }],
});

/** Rewrites the core User schema: title read-only, nickName immutable, displayName required. */
function stricter(schemas: IDataObject): IDataObject {
  const list = (schemas.Resources ?? []) as IDataObject[];
  for (const s of list) {
    if (s.id !== 'urn:ietf:params:scim:schemas:core:2.0:User') continue;
    for (const a of s.attributes as IDataObject[]) {
      if (a.name === 'title') a.mutability = 'readOnly';
      if (a.name === 'nickName') a.mutability = 'immutable';
      if (a.name === 'displayName') a.required = true;
    }
  }
  return schemas;
}

async function startStrictProxy(target: string): Promise<string> {
  proxy = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      let body = await upstream.text();
      if (req.url?.startsWith('/Schemas') && upstream.ok)
        body = JSON.stringify(stricter(JSON.parse(body) as IDataObject));
      res.writeHead(upstream.status, { 'content-type': 'application/scim+json' });
      res.end(body);
    })();
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme', customSchema: true }],
    log: (line) => requests.push(line),
  });
  const team = sb.teams.acme!;
  credentials = oauthCredentials(team);
  strictCredentials = {
    ...credentials,
    authType: 'apiKey',
    apiKey: team.apiKey,
    scimBaseUrl: await startStrictProxy(team.scimBaseUrl),
  };
});
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await sb?.close();
});

describe('Create and Update take the team’s schema attributes', () => {
  it('offers core, enterprise and custom extension attributes, without userName', async () => {
    const node = new CelonisScim();
    const { fields } = await node.methods.resourceMapping.getUserAttributes.call(
      loadOptionsContext(credentials),
    );
    const ids = fields.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'name.givenName',
        `${ENT}:department`,
        `${CUSTOM}:region`,
        `${CUSTOM}:grade`,
        `${CUSTOM}:startDate`,
      ]),
    );
    expect(ids).not.toContain('userName');
    expect(fields.find((f) => f.id === `${CUSTOM}:contractor`)?.type).toBe('boolean');
  });

  it('creates a user with custom extension values under their URN, read back over HTTP', async () => {
    const [out] = json(
      await run({
        credentials,
        params: user('create', {
          userName: 'custom@acme.com',
          additionalFields: { givenName: 'Cus' },
          schemaFields: mapper({
            [`${CUSTOM}:region`]: 'emea',
            [`${CUSTOM}:grade`]: '7',
            [`${CUSTOM}:contractor`]: 'yes',
            [`${CUSTOM}:startDate`]: '2026-01-05',
            [`${CUSTOM}:costObject`]: 'CO-17',
            [`${ENT}:department`]: 'Finance',
            'phoneNumbers[type eq "mobile"].value': '+49 170 1',
          }),
        }),
      }),
    );
    expect(out).toMatchObject({ userName: 'custom@acme.com' });
    const u = await stored('custom@acme.com');
    expect(u?.[CUSTOM]).toEqual({
      region: 'EMEA',
      grade: 7,
      contractor: true,
      startDate: '2026-01-05T00:00:00.000Z',
      costObject: 'CO-17',
    });
    expect((u?.[ENT] as IDataObject).department).toBe('Finance');
    expect(u?.name).toMatchObject({ givenName: 'Cus' });
    expect(u?.phoneNumbers).toEqual([{ type: 'mobile', value: '+49 170 1', primary: true }]);
    expect(u?.schemas).toEqual(expect.arrayContaining([CUSTOM, ENT]));
  });

  it('updates custom attributes with one PATCH and keeps the other entries', async () => {
    await run({
      credentials,
      params: user('update', {
        user: byUserName('custom@acme.com'),
        updateFields: { workPhone: '+49 89 2' },
        schemaFields: mapper({ [`${CUSTOM}:grade`]: 9, [`${CUSTOM}:region`]: 'APAC' }),
      }),
    });
    const u = await stored('custom@acme.com');
    expect(u?.[CUSTOM]).toMatchObject({ region: 'APAC', grade: 9, costObject: 'CO-17' });
    expect(u?.phoneNumbers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'mobile', value: '+49 170 1' }),
        expect.objectContaining({ type: 'work', value: '+49 89 2' }),
      ]),
    );
  });

  it('Create or Update writes them on a new user, then changes only what differs', async () => {
    const upsert = (grade: number) =>
      run({
        credentials,
        params: user('upsert', {
          userName: 'upsert@acme.com',
          matchOn: 'userName',
          additionalFields: { givenName: 'Ups' },
          addToGroups: '',
          schemaFields: mapper({ [`${CUSTOM}:grade`]: grade, [`${CUSTOM}:region`]: 'emea' }),
        }),
      });
    const [created] = json(await upsert(3));
    expect(created).toMatchObject({ upsertResult: 'created' });
    expect((await stored('upsert@acme.com'))?.[CUSTOM]).toEqual({ grade: 3, region: 'EMEA' });
    const [same] = json(await upsert(3));
    expect(same).toMatchObject({ upsertResult: 'unchanged' });
    const [changed] = json(await upsert(4));
    expect(changed).toMatchObject({ upsertResult: 'updated' });
    expect((await stored('upsert@acme.com'))?.[CUSTOM]).toEqual({ grade: 4, region: 'EMEA' });
  });

  it('Create or Update refuses a bad schema value before the lookup', async () => {
    const mark = requests.length;
    await expect(
      run({
        credentials,
        params: user('upsert', {
          userName: 'bad-upsert@acme.com',
          matchOn: 'userName',
          additionalFields: {},
          addToGroups: '',
          schemaFields: mapper({ [`${CUSTOM}:grade`]: 'seven' }),
        }),
      }),
    ).rejects.toThrow(/Schema Attributes: .*grade/);
    // Discovery only (a token request aside): no lookup, no write.
    const sent = scimSince(mark);
    expect(await stored('bad-upsert@acme.com')).toBeUndefined();
    expect(
      sent.filter(
        (l) => !/ \/acme\/scim\/v2\/(Schemas|ResourceTypes|ServiceProviderConfig)$/.test(l),
      ),
    ).toEqual([]);
  });

  it('keeps old-shape parameter sets (no Schema Attributes) working unchanged', async () => {
    const mark = requests.length;
    const [out] = json(
      await run({
        credentials,
        params: {
          resource: 'user',
          operation: 'create',
          userName: 'old@acme.com',
          additionalFields: { email: 'old@acme.com', department: 'Sales' },
          addToGroups: '',
          simplify: true,
        },
      }),
    );
    expect(out).toMatchObject({ userName: 'old@acme.com', email: 'old@acme.com' });
    // No discovery: exactly the create (a token request aside) and nothing else.
    expect(scimSince(mark)).toEqual(['POST /acme/scim/v2/Users']);
    await run({
      credentials,
      params: {
        resource: 'user',
        operation: 'update',
        user: byUserName('old@acme.com'),
        updateFields: { title: 'Analyst' },
        simplify: true,
      },
    });
    expect((await stored('old@acme.com'))?.title).toBe('Analyst');
  });

  it('refuses bad values before anything is sent, naming the field and the fix', async () => {
    const writes = sb.stats().writes;
    const failure = (params: IDataObject) =>
      run({ credentials, params }).then(
        () => undefined,
        (e: Error & { description?: string }) => ({ message: e.message, hint: e.description }),
      );
    const region = await failure(
      user('create', {
        userName: 'bad@acme.com',
        schemaFields: mapper({ [`${CUSTOM}:region`]: 'MARS' }),
      }),
    );
    expect(region?.message).toBe(
      `Schema Attributes: "SandboxUser: Region" (${CUSTOM}:region) "MARS" is not one of its values (EMEA, AMER, APAC)`,
    );
    expect(region?.hint).toMatch(/Use one of: EMEA, AMER, APAC.*Nothing was sent/);
    const grade = await failure(
      user('create', {
        userName: 'bad@acme.com',
        schemaFields: mapper({ [`${CUSTOM}:grade`]: 'seven' }),
      }),
    );
    expect(grade?.message).toMatch(/"urn:.*:grade" "seven" is not a whole number/);
    const unknown = await failure(
      user('create', {
        userName: 'bad@acme.com',
        schemaFields: mapper({ [`${CUSTOM}:mood`]: 'x' }),
      }),
    );
    expect(unknown?.message).toMatch(/mood" is not a user attribute of this team/);
    const twice = await failure(
      user('create', {
        userName: 'bad@acme.com',
        additionalFields: { department: 'A' },
        schemaFields: mapper({ [`${ENT}:department`]: 'B' }),
      }),
    );
    expect(twice?.message).toMatch(/department" is also set under the fixed fields/);
    expect(sb.stats().writes).toEqual(writes);
    expect(await stored('bad@acme.com')).toBeUndefined();
  });

  it('refuses read-only, immutable (on update) and missing required attributes of the schema', async () => {
    const failure = (params: IDataObject) =>
      run({ credentials: strictCredentials, params }).then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(
      await failure(
        user('create', { userName: 'strict@acme.com', schemaFields: mapper({ title: 'Boss' }) }),
      ),
    ).toBe('Schema Attributes: "title" is read-only in the team’s schema: the server sets it');
    expect(
      await failure(
        user('create', { userName: 'strict@acme.com', schemaFields: mapper({ nickName: 'S' }) }),
      ),
    ).toBe('The team\'s schema requires "displayName" on a new user');
    expect(await stored('strict@acme.com')).toBeUndefined();
    await run({
      credentials: strictCredentials,
      params: user('create', {
        userName: 'strict@acme.com',
        schemaFields: mapper({ nickName: 'S', displayName: 'Strict' }),
      }),
    });
    expect(await stored('strict@acme.com')).toMatchObject({ nickName: 'S' });
    expect(
      await failure(
        user('update', {
          user: byUserName('strict@acme.com'),
          schemaFields: mapper({ nickName: 'T' }),
        }),
      ),
    ).toMatch(/"nickName" is immutable .* only be set when the user is created/);
    expect((await stored('strict@acme.com'))?.nickName).toBe('S');
  });
});
