import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { celonisUrls, createScimClient, ScimError, type ScimClient } from '../src/node.js';
import { oauthClient, startSandbox, uniqueName, type Sandbox } from './helpers.js';

// Ids become URL paths in one place (ResourceClient.pathOf). These tests hold a real sandbox and
// count what reaches it (sb.stats().requests, token requests included): an id that is not one is
// refused before the client sends anything, discovery and token included, and an odd but harmless
// id travels percent-encoded and names nothing.

let sb: Sandbox;
let seeded: ScimClient;
let userId: string;
let groupId: string;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }] });
  seeded = oauthClient(sb.teams.acme!);
  userId = (await seeded.users.create({ userName: uniqueName('ids') })).id!;
  groupId = (await seeded.groups.create({ displayName: `ids-${process.pid}` })).id!;
  await seeded.groups.addMembers(groupId, [userId]);
});
afterAll(async () => {
  await seeded?.close();
  await sb?.close();
});

/** Runs `f` on a fresh client (no token, no discovery yet); the error and the requests sent. */
async function refusal(
  f: (c: ScimClient) => Promise<unknown>,
): Promise<{ error: ScimError; sent: number }> {
  const client = oauthClient(sb.teams.acme!);
  const before = sb.stats().requests;
  try {
    await f(client);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return { error: e as ScimError, sent: sb.stats().requests - before };
  } finally {
    await client.close();
  }
  throw new Error('expected a refusal, got a result');
}

describe('ids that would address something else', () => {
  it('refuses "." (the URL would resolve GET /Users/. to the user list) before sending', async () => {
    const { error, sent } = await refusal((c) => c.users.get('.'));
    expect(sent).toBe(0);
    expect(error.kind).toBe('invalid');
    expect(error.status).toBeUndefined();
    expect(error.path).toBe('/Users/{id}');
    expect(error.detail).toBe(
      'the id "." is a path segment, not an id (the URL would resolve it to another endpoint)',
    );
    expect(error.hint).toMatch(/"id" attribute of an existing resource/);
  });

  it('refuses "..", ".search" in any case, and ids holding "/", "?" or "#"', async () => {
    const cases: Array<[string, string]> = [
      ['..', 'is a path segment'],
      ['.search', 'names the search endpoint'],
      ['.Search', 'names the search endpoint'],
      ['../Groups', 'contains "/"'],
      [`${sb.teams.acme!.scimBaseUrl}/Users/${'x'.repeat(8)}`, 'contains "/"'],
      ['x?attributes=password', 'contains "?"'],
      ['x#y', 'contains "#"'],
    ];
    for (const [id, says] of cases) {
      for (const call of [
        (c: ScimClient) => c.users.get(id),
        (c: ScimClient) => c.groups.delete(id),
      ]) {
        const { error, sent } = await refusal(call);
        expect(sent, id).toBe(0);
        expect(error.kind, id).toBe('invalid');
        expect(error.detail, id).toContain(says);
      }
    }
  });

  it('shows a control character escaped, never raw (no header or log line injection)', async () => {
    const id = 'x\r\nX-Injected: 1';
    const { error, sent } = await refusal((c) => c.users.delete(id));
    expect(sent).toBe(0);
    expect(error.detail).toContain('control character');
    expect(error.message).toContain('"x\\r\\nX-Injected: 1"');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('refuses before discovery in (de)activate, groupsOf and the member helpers', async () => {
    const calls: Array<[string, (c: ScimClient) => Promise<unknown>]> = [
      ['activate', (c) => c.users.activate('..')],
      ['deactivate', (c) => c.users.deactivate('.')],
      ['groupsOf', (c) => c.users.groupsOf('a/b')],
      ['members', (c) => c.groups.members('.search').next()],
      // An empty member list used to return { changed: 0 } for any group id.
      ['addMembers, no members', (c) => c.groups.addMembers('..', [])],
      ['removeMembers', (c) => c.groups.removeMembers('.', [userId])],
      ['replaceMembers', (c) => c.groups.replaceMembers('#', [userId])],
      ['addMembers, member id', (c) => c.groups.addMembers(groupId, [userId, '../Users'])],
      ['removeMembers, member id', (c) => c.groups.removeMembers(groupId, ['?'])],
    ];
    for (const [name, call] of calls) {
      const { error, sent } = await refusal(call);
      expect(sent, name).toBe(0);
      expect(error.kind, name).toBe('invalid');
      expect(error.status, name).toBeUndefined();
    }
    // Nothing reached the group: its one member is still there.
    const members = [];
    for await (const m of seeded.groups.members(groupId)) members.push(m.value);
    expect(members).toEqual([userId]);
  });

  it('sends an odd but harmless id percent-encoded, and it names nothing', async () => {
    for (const id of ['%2e%2e', '.%2e', '\\..\\Groups', '..;', '*', '😀']) {
      const { error, sent } = await refusal((c) => c.users.get(id));
      // The token request, the GET itself, and (the 404 coming before any discovery) the three
      // discovery requests that check users are not served at another endpoint.
      expect(sent, id).toBe(5);
      expect(error.kind, id).toBe('notFound');
      expect(error.status, id).toBe(404);
    }
  });
});

describe('values with a broken character (an unpaired UTF-16 surrogate)', () => {
  it('refuses such an id as a typed error, not a URIError, before sending', async () => {
    for (const id of ['\ud800', 'a\udc00b', `${userId}\ud83d`]) {
      const { error, sent } = await refusal((c) => c.users.get(id));
      expect(sent).toBe(0);
      expect(error.kind).toBe('invalid');
      expect(error.detail).toContain('broken character (an unpaired UTF-16 surrogate)');
    }
    const member = await refusal((c) => c.groups.addMembers(groupId, ['\udfff']));
    expect([member.sent, member.error.detail]).toEqual([
      0,
      'a member id "\\udfff" contains a broken character (an unpaired UTF-16 surrogate)',
    ]);
  });

  it('refuses it in attributes, excludedAttributes and sortBy rather than sending U+FFFD', async () => {
    const calls: Array<(c: ScimClient) => Promise<unknown>> = [
      (c) => c.users.get(userId, { attributes: ['userName', 'x\ud800'] }),
      (c) => c.users.listPage({ excludedAttributes: '\udc00' }),
      (c) => c.groups.list({ sortBy: 'displayName\ud800' }).next(),
      (c) => c.users.pages({ attributes: '\ud800' }).next(),
    ];
    for (const call of calls) {
      const { error, sent } = await refusal(call);
      expect(sent).toBe(0);
      expect(error.kind).toBe('invalid');
      expect(error.detail).toContain('broken character');
    }
  });
});

describe('credentials in URLs', () => {
  it('refuses a base URL with user:password@ without repeating either', () => {
    const url = new URL(sb.teams.acme!.scimBaseUrl);
    url.username = 'scim-admin';
    url.password = 'pw-Secret-42';
    let error: unknown;
    try {
      createScimClient({ baseUrl: url.toString(), auth: { type: 'apiKey', apiKey: 'k' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toContain('baseUrl must not contain credentials');
    expect(message).not.toContain('scim-admin');
    expect(message).not.toContain('pw-Secret-42');
  });

  it('refuses a team URL with credentials in celonisUrls without repeating them', () => {
    for (const teamUrl of [
      'https://scim-admin:pw-Secret-42@acme.eu-1.celonis.cloud',
      'scim-admin:pw-Secret-42@acme.eu-1.celonis.cloud',
      'https://pw-Secret-42@acme.eu-1.celonis.cloud/scim/v2',
    ]) {
      let message = '';
      try {
        celonisUrls(teamUrl);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, teamUrl).toContain('must not contain credentials (user:password@');
      expect(message, teamUrl).not.toContain('pw-Secret-42');
      expect(message, teamUrl).not.toContain('scim-admin');
    }
  });

  it('hides the user:password@ of a team URL it cannot parse', () => {
    expect(() => celonisUrls('https://scim-admin:pw-Secret-42@')).toThrow(
      'celonisUrls: "https://***@" is not a URL',
    );
  });
});
