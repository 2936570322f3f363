import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScimUser } from '../src/index.js';
import { countingTransport, oauthClient, startSandbox, type Sandbox } from './helpers.js';

/**
 * RFC 9865 cursors through the client: where the server offers them, a list walked while
 * others delete users reads every user that stays exactly once; index paging, on the same
 * server and the same deletes, skips some. The deletes go over plain HTTP between pages.
 */
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [
      { name: 'cursors', maxResults: 20 },
      { name: 'indexonly', maxResults: 20, cursor: false },
    ],
    seed: { users: 120, groups: 0, seed: 4 },
  });
});
afterAll(() => sb?.close());

async function remove(team: string, id: string): Promise<void> {
  const t = sb.teams[team]!;
  const res = await fetch(`${t.scimBaseUrl}/Users/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${t.apiKey}` },
  });
  expect(res.status).toBe(204);
}

/** Walks the users page by page; after each page deletes two users not yet read. */
async function walkWhileDeleting(team: string, paging: 'auto' | 'index') {
  const transport = countingTransport();
  const client = oauthClient(sb.teams[team]!, { transport });
  const all = (await client.users.listPage({ count: 20, paging: 'index' })).totalResults ?? 0;
  const everyone: string[] = [];
  for await (const page of client.users.pages({ attributes: 'id', paging: 'index' }))
    everyone.push(...page.map((u) => u.id!));
  expect(everyone).toHaveLength(all);
  const seen: string[] = [];
  const deleted = new Set<string>();
  for await (const page of client.users.pages({ attributes: 'id', pageSize: 20, paging })) {
    seen.push(...page.map((u: ScimUser) => u.id!));
    // Two users already read: the list shifts under index paging, which then steps over unread ones.
    const read = seen.filter((id) => !deleted.has(id));
    for (const id of read.slice(0, 2)) {
      await remove(team, id);
      deleted.add(id);
    }
  }
  const queries = transport.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/Users'));
  await client.close();
  await transport.close();
  const survivors = everyone.filter((id) => !deleted.has(id));
  return { seen, survivors, deleted, queries };
}

describe('cursor paging (RFC 9865)', () => {
  it('reads every surviving user exactly once while others delete, where the server offers cursors', async () => {
    const { seen, survivors, deleted, queries } = await walkWhileDeleting('cursors', 'auto');
    expect(deleted.size).toBeGreaterThan(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => !deleted.has(id)).sort()).toEqual([...survivors].sort());
    const walk = queries.slice(-Math.ceil(seen.length / 20));
    expect(walk.some((q) => q.query.includes('cursor='))).toBe(true);
    expect(walk.every((q) => !q.query.includes('startIndex'))).toBe(true);
  });

  it('index paging on the same deletes skips users that were there all along', async () => {
    const { seen, survivors, deleted } = await walkWhileDeleting('cursors', 'index');
    const missed = survivors.filter((id) => !seen.includes(id));
    expect(deleted.size).toBeGreaterThan(5);
    expect(missed.length).toBeGreaterThan(0);
  });

  it('pages by index where the server offers no cursors, and with a server-side sort', async () => {
    const transport = countingTransport();
    const client = oauthClient(sb.teams.indexonly!, { transport });
    let n = 0;
    for await (const u of client.users.list({ attributes: 'id' })) if (u.id) n++;
    expect(n).toBe(120);
    expect(transport.calls.some((c) => c.query.includes('cursor='))).toBe(false);
    const sortedClient = oauthClient(sb.teams.cursors!, { transport });
    const before = transport.calls.length;
    const sorted: string[] = [];
    for await (const u of sortedClient.users.list({ attributes: 'userName', sortBy: 'userName' }))
      sorted.push(u.userName);
    // Every user of the team, so that "in order" is about a real list.
    expect(sorted).toHaveLength((await sortedClient.users.listPage({ count: 0 })).totalResults!);
    expect(sorted.length).toBeGreaterThan(50);
    expect(sorted).toEqual(
      [...sorted].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
    expect(transport.calls.slice(before).some((c) => c.query.includes('cursor='))).toBe(false);
    await client.close();
    await sortedClient.close();
    await transport.close();
  });
});
