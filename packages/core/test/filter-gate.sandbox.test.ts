import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterSyntaxError, type FilterNode, type ScimClient } from '../src/index.js';
import { collect, oauthClient, startSandbox, type Sandbox } from './helpers.js';

// A filter that does not parse must fail before the client sends anything: no token request, no
// discovery, no list request. Counted on the server (the sandbox's own request counter), so a
// request the client does not log would still be seen.

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'gate' }], seed: { users: 3, groups: 1, seed: 2 } });
});
afterAll(async () => sb?.close());

/** Requests the sandbox received (SCIM, token and control routes alike) while `work` ran. */
async function serverRequests(work: () => Promise<unknown>): Promise<number> {
  const before = sb.stats().requests;
  await work();
  return sb.stats().requests - before;
}

type Entry = (c: ScimClient, filter: string | FilterNode) => Promise<unknown>;

// Every public way a filter reaches the client, for users and groups alike.
const entries: Record<string, Entry> = {
  'users.list': (c, f) => collect(c.users.list({ filter: f })),
  'users.pages': (c, f) => collect(c.users.pages({ filter: f })),
  'users.listPage': (c, f) => c.users.listPage({ filter: f }),
  'users.findOne': (c, f) => c.users.findOne(f),
  'users.list sorted locally': (c, f) =>
    collect(c.users.list({ filter: f, sortBy: 'userName', clientSort: true })),
  'groups.list': (c, f) => collect(c.groups.list({ filter: f })),
  'groups.pages': (c, f) => collect(c.groups.pages({ filter: f })),
  'groups.listPage': (c, f) => c.groups.listPage({ filter: f }),
  'groups.findOne': (c, f) => c.groups.findOne(f),
};

const badText = [
  'userName eq',
  'userName zz "a"',
  '(userName eq "a"',
  'userName eq "unterminated',
  'not userName eq "a"',
  'emails[type eq "work"',
  '',
];
const badNodes: Array<[string, unknown]> = [
  ['an unknown operator', { type: 'compare', op: 'like', path: 'userName', value: 'a' }],
  ['a path starting with a digit', { type: 'present', path: '1userName' }],
  ['an and with one operand', { type: 'and', filters: [{ type: 'present', path: 'title' }] }],
  ['a number instead of a filter', 42],
];

describe('a filter that does not parse sends nothing, on a fresh client', () => {
  it.each(Object.entries(entries))('%s: text filters', async (_name, entry) => {
    for (const f of badText) {
      const client = oauthClient(sb.teams.gate!);
      let error: unknown;
      const n = await serverRequests(() => entry(client, f).catch((e: unknown) => (error = e)));
      expect(error, JSON.stringify(f)).toBeInstanceOf(FilterSyntaxError);
      // The error says where and what: a position and what was expected there.
      expect((error as FilterSyntaxError).message, JSON.stringify(f)).toMatch(/position|expected/i);
      expect(n, `${JSON.stringify(f)} made ${n} request(s)`).toBe(0);
      expect(client.log, JSON.stringify(f)).toEqual([]);
      await client.close();
    }
  });

  it.each(Object.entries(entries))('%s: malformed builder nodes', async (_name, entry) => {
    for (const [what, node] of badNodes) {
      const client = oauthClient(sb.teams.gate!);
      let error: unknown;
      const n = await serverRequests(() =>
        entry(client, node as FilterNode).catch((e: unknown) => (error = e)),
      );
      expect(error, what).toBeInstanceOf(Error);
      expect(n, `${what} made ${n} request(s)`).toBe(0);
      await client.close();
    }
  });

  it('counts the requests a good filter makes, so the zero above means something', async () => {
    const client = oauthClient(sb.teams.gate!);
    const n = await serverRequests(() => client.users.findOne('userName pr'));
    // A token, three discovery documents and the list itself.
    expect(n).toBe(5);
    await client.close();
  });
});
