import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport, type Transport, type TransportRequest } from '../src/node.js';
import { collect, oauthClient, startSandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    // Index paging is what these tests are about; cursors have their own (cursor.test.ts).
    teams: [{ name: 'capped', maxResults: 100, cursor: false }],
    seed: { users: 250, groups: 1, seed: 9 },
  });
});
afterAll(() => sb?.close());

/**
 * Rewrites the sandbox's list responses in flight to act out what the sandbox cannot be made
 * to do: a short page in the middle of a list, and a missing or wrong totalResults. Everything
 * else is the real sandbox over HTTP.
 */
function misbehaving(
  rewrite: (page: { startIndex: number; body: Record<string, unknown> }) => void,
): Transport & { close(): Promise<void> } {
  const inner = createUndiciTransport({ proxy: false });
  const t = async (req: TransportRequest) => {
    const res = await inner(req);
    const url = new URL(req.url);
    if (req.method === 'GET' && url.pathname.endsWith('/Users') && res.status === 200) {
      const body = JSON.parse(res.body) as Record<string, unknown>;
      rewrite({ startIndex: Number(url.searchParams.get('startIndex') ?? 1), body });
      return { ...res, body: JSON.stringify(body) };
    }
    return res;
  };
  return Object.assign(t, { close: () => inner.close() });
}

describe('paging over HTTP', () => {
  it('follows a server cap of 100 when asked for 500 per page', async () => {
    const c = oauthClient(sb.teams.capped!);
    const before = c.log.length;
    const all = await collect(c.users.list({ pageSize: 500 }));
    expect(new Set(all.map((u) => u.id)).size).toBe(250);
    const gets = c.log.slice(before).filter((e) => e.path === '/Users');
    expect(gets.length).toBe(3);
    await c.close();
  });

  it('reads everything once when a page in the middle comes back short', async () => {
    const transport = misbehaving(({ startIndex, body }) => {
      if (startIndex === 101) body.Resources = (body.Resources as unknown[]).slice(0, 30);
    });
    const c = oauthClient(sb.teams.capped!, { transport });
    const all = await collect(c.users.list());
    expect(all.length).toBe(250);
    expect(new Set(all.map((u) => u.id)).size).toBe(250);
    await transport.close();
  });

  it.each([
    ['missing', undefined],
    ['too low', 40],
    ['too high', 100_000],
  ])('reads everything when totalResults is %s', async (_what, total) => {
    const transport = misbehaving(({ body }) => {
      if (total === undefined) delete body.totalResults;
      else body.totalResults = total;
    });
    const c = oauthClient(sb.teams.capped!, { transport });
    const all = await collect(c.users.list());
    expect(new Set(all.map((u) => u.id)).size).toBe(250);
    await transport.close();
  });
});
