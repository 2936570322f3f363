import { startSandbox } from '@celonis-scim/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { group, json, oauthCredentials, run, user, type Sandbox } from './helpers';

let sb: Sandbox;
/** The sandbox's request log: `METHOD /path status ms`, one line per request. */
const requests: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'nosort', sort: false }],
    seed: { users: 12, groups: 4, seed: 3 },
    log: (line) => requests.push(line),
  });
});
afterAll(async () => sb?.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const many = (extra: Record<string, unknown> = {}) => ({
  returnAll: true,
  filterType: 'fields',
  filters: {},
  ...extra,
});

describe('Sort on Get Many', () => {
  it('asks the server to sort users and groups, in either order', async () => {
    const credentials = oauthCredentials(sb.teams.acme!);
    const spy = vi.spyOn(globalThis, 'fetch');
    const names = json(
      await run({
        credentials,
        params: user('getAll', many({ sort: { sortBy: 'userName', sortOrder: 'descending' } })),
      }),
    ).map((u) => String(u.userName));
    expect(names).toHaveLength(12);
    expect(names).toEqual([...names].sort().reverse());
    const groups = json(
      await run({
        credentials,
        params: group('getAll', many({ sort: { sortBy: 'displayName' } })),
      }),
    ).map((g) => String(g.displayName));
    expect(groups).toEqual([...groups].sort());
    // Sorted by the server: every list request carries the sort (the node sorts nothing itself).
    const lists = spy.mock.calls
      .map(([u]) => new URL(String(u)))
      .filter((u) => /\/(Users|Groups)$/.test(u.pathname))
      .map((u) => [u.pathname.split('/').pop(), u.searchParams.get('sortBy')].join(' '));
    expect(new Set(lists)).toEqual(new Set(['Users userName', 'Groups displayName']));
    const users = spy.mock.calls
      .map(([u]) => new URL(String(u)))
      .filter((u) => u.pathname.endsWith('/Users'));
    expect(users.map((u) => u.searchParams.get('sortOrder'))).toEqual(
      users.map(() => 'descending'),
    );
  });

  it('keeps old parameter sets (no Sort) as they were', async () => {
    const out = json(
      await run({ credentials: oauthCredentials(sb.teams.acme!), params: user('getAll', many()) }),
    );
    expect(out).toHaveLength(12);
  });

  it('refuses a sort before listing when the server says it does not sort', async () => {
    const credentials = oauthCredentials(sb.teams.nosort!);
    const mark = requests.length;
    const err = (await run({
      credentials,
      params: user('getAll', many({ sort: { sortBy: 'userName' } })),
    }).catch((e: unknown) => e)) as Error & { description?: string };
    expect(err.message).toBe('This SCIM server does not support sorting');
    expect(err.description).toMatch(/ServiceProviderConfig.*remove "Sort By"/);
    // Discovery told it; no list request was sent.
    const sent = requests.slice(mark).map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(sent).toContain('GET /nosort/scim/v2/ServiceProviderConfig');
    expect(sent.filter((l) => /\/(Users|Groups)$/.test(l))).toEqual([]);
    const bad = (await run({
      credentials: oauthCredentials(sb.teams.acme!),
      params: user('getAll', many({ sort: { sortBy: 'userName desc' } })),
    }).catch((e: unknown) => e)) as Error;
    expect(bad.message).toBe('Sort By "userName desc" is not an attribute name');
  });
});
