import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, q, start, user, type Sandbox, type TeamInfo } from './helpers.js';

/**
 * Cursor pagination (RFC 9865) over plain HTTP: advertised in ServiceProviderConfig, walked with
 * `cursor`/`nextCursor`, stable while users are deleted and created between page requests (where
 * index paging skips and repeats users, shown here too), and bad or expired cursors refused.
 */
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
let sb: Sandbox;

beforeAll(async () => {
  sb = await start({
    teams: [
      { name: 'idx', maxResults: 10 },
      { name: 'cur', maxResults: 10 },
      { name: 'ins', maxResults: 10 },
      { name: 'filt', maxResults: 10 },
      { name: 'errs', maxResults: 10 },
      { name: 'short', cursorTimeoutSeconds: 1 },
      { name: 'off', cursor: false },
    ],
  });
});
afterAll(async () => sb?.close());

type Call = ReturnType<typeof api>;
const team = (name: string): TeamInfo => sb.teams[name] as TeamInfo;

/** Creates `n` users u000.. and returns their ids in creation order. */
async function seed(call: Call, n: number, prefix = 'u'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(
      'POST',
      '/Users',
      user(`${prefix}${String(i).padStart(3, '0')}@example.com`),
    );
    expect(res.status).toBe(201);
    ids.push(res.body.id as string);
  }
  return ids;
}

/**
 * Between two page requests, another client deletes two users this walk has already read and
 * one it has not reached yet. The survivors are the users no one deleted.
 */
function deleter(call: Call, ids: string[]) {
  const deleted = new Set<string>();
  let tail = ids.length - 1;
  return {
    deleted,
    async afterPage(read: string[]): Promise<void> {
      const victims = read.filter((id) => !deleted.has(id)).slice(0, 2);
      while (tail >= 0 && (deleted.has(ids[tail] as string) || read.includes(ids[tail] as string)))
        tail--;
      if (tail >= 0) victims.push(ids[tail--] as string);
      for (const id of victims) {
        expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
        deleted.add(id);
      }
    },
  };
}

function tally(seen: string[], survivors: string[]) {
  const times = new Map<string, number>();
  for (const id of seen) times.set(id, (times.get(id) ?? 0) + 1);
  return {
    skipped: survivors.filter((id) => !times.has(id)).length,
    repeated: [...times.values()].filter((n) => n > 1).length,
  };
}

async function cursorWalk(
  call: Call,
  path: string,
  between: (read: string[]) => Promise<void>,
): Promise<{ seen: string[]; pages: number }> {
  const seen: string[] = [];
  let cursor: string | undefined = '';
  let pages = 0;
  while (cursor !== undefined) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call('GET', `${path}${sep}count=10&cursor=${q(cursor)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.startIndex).toBeUndefined();
    const ids = (res.body.Resources as Array<{ id: string }>).map((r) => r.id);
    seen.push(...ids);
    pages++;
    cursor = res.body.nextCursor as string | undefined;
    if (cursor === undefined) break;
    expect(ids.length).toBe(10);
    await between(ids);
  }
  return { seen, pages };
}

describe('ServiceProviderConfig pagination (RFC 9865)', () => {
  it('advertises cursor and index paging, their page sizes and the cursor timeout', async () => {
    const spc = await api(team('cur'))('GET', '/ServiceProviderConfig');
    expect(spc.body.pagination).toEqual({
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 10,
      maxPageSize: 10,
      cursorTimeout: 600,
    });
  });

  it('a team with cursor: false advertises index paging only and refuses a cursor', async () => {
    const call = api(team('off'));
    const spc = await call('GET', '/ServiceProviderConfig');
    expect(spc.body.pagination).toEqual({
      cursor: false,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 100,
      maxPageSize: 100,
    });
    const res = await call('GET', '/Users?cursor=');
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toMatch(/Cursor pagination is off for team off.*startIndex/);
  });

  it('refuses a cursorTimeoutSeconds that is not a whole number of seconds', async () => {
    await expect(start({ teams: [{ name: 'bad', cursorTimeoutSeconds: 0.5 }] })).rejects.toThrow(
      /Team bad: cursorTimeoutSeconds must be a whole number of seconds, at least 1 \(got 0.5\)/,
    );
  });
});

describe('paging while other clients delete and create users', () => {
  it('index paging skips users that were there all along when earlier ones are deleted', async () => {
    const call = api(team('idx'));
    const ids = await seed(call, 60);
    const del = deleter(call, ids);
    const seen: string[] = [];
    for (let start = 1; ; start += 10) {
      const res = await call('GET', `/Users?startIndex=${start}&count=10`);
      const page = (res.body.Resources as Array<{ id: string }>).map((r) => r.id);
      seen.push(...page);
      if (page.length === 0 || start + page.length > res.body.totalResults) break;
      await del.afterPage(page);
    }
    const survivors = ids.filter((id) => !del.deleted.has(id));
    const { skipped, repeated } = tally(seen, survivors);
    // Each deletion before the offset shifts two unread users below it: 8 of the 48 users that
    // were there from start to end are never read.
    expect(survivors).toHaveLength(48);
    expect({ skipped, repeated }).toEqual({ skipped: 8, repeated: 0 });
  });

  it('index paging repeats users when users are created ahead of the offset', async () => {
    const call = api(team('ins'));
    await seed(call, 40, 'm');
    const seen: string[] = [];
    let made = 0;
    for (let start = 1; start <= 40 + made; start += 10) {
      const res = await call('GET', `/Users?startIndex=${start}&count=10&sortBy=userName`);
      seen.push(...(res.body.Resources as Array<{ id: string }>).map((r) => r.id));
      // Names that sort first push every user one place further down the list.
      for (let i = 0; i < 3; i++, made++)
        await call('POST', '/Users', user(`a${String(made).padStart(3, '0')}@example.com`));
    }
    // Three new first names per page push three already read users onto the next page.
    expect(tally(seen, []).repeated).toBe(15);
  });

  it('cursor paging reads every surviving user exactly once, and new users at most once', async () => {
    const call = api(team('cur'));
    const ids = await seed(call, 60);
    const del = deleter(call, ids);
    const created: string[] = [];
    const { seen, pages } = await cursorWalk(call, '/Users', async (read) => {
      await del.afterPage(read);
      const res = await call('POST', '/Users', user(`new${created.length}@example.com`));
      created.push(res.body.id as string);
    });
    const survivors = ids.filter((id) => !del.deleted.has(id));
    expect(tally(seen, survivors)).toEqual({ skipped: 0, repeated: 0 });
    // Users created during the walk come after the cursor, so the walk reads them too.
    expect(created.filter((id) => !seen.includes(id))).toEqual([]);
    expect(pages).toBeGreaterThan(4);
  });

  it('a filtered cursor walk returns only matches, each surviving one exactly once', async () => {
    const call = api(team('filt'));
    const ids = await seed(call, 50);
    const match = ids.filter((_, i) => i % 2 === 0);
    for (const [i, id] of ids.entries()) {
      const res = await call('PATCH', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: i % 2 === 0 }],
      });
      expect(res.status).toBe(200);
    }
    const del = deleter(call, match);
    const { seen } = await cursorWalk(call, `/Users?filter=${q('active eq true')}`, (read) =>
      del.afterPage(read),
    );
    expect(seen.every((id) => match.includes(id))).toBe(true);
    const survivors = match.filter((id) => !del.deleted.has(id));
    expect(tally(seen, survivors)).toEqual({ skipped: 0, repeated: 0 });
  });

  it('POST /Users/.search takes the cursor in the body', async () => {
    const call = api(team('filt'));
    const first = await call('POST', '/Users/.search', { schemas: [SEARCH], cursor: '', count: 3 });
    expect(first.status).toBe(200);
    expect(first.body.Resources).toHaveLength(3);
    const next = await call('POST', '/Users/.search', {
      schemas: [SEARCH],
      cursor: first.body.nextCursor,
      count: 3,
    });
    expect(next.status).toBe(200);
    expect(next.body.Resources).toHaveLength(3);
    const a = (first.body.Resources as Array<{ id: string }>).map((r) => r.id);
    const b = (next.body.Resources as Array<{ id: string }>).map((r) => r.id);
    expect(b.filter((id) => a.includes(id))).toEqual([]);
  });
});

describe('bad cursors', () => {
  let call: Call;
  let cursor: string;
  beforeAll(async () => {
    call = api(team('errs'));
    await seed(call, 15);
    const first = await call('GET', '/Users?cursor=&count=5');
    cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
  });

  async function expectInvalid(path: string, scimType = 'invalidCursor'): Promise<string> {
    const res = await call('GET', path);
    expect(res.status, res.text).toBe(400);
    expect(res.body.scimType).toBe(scimType);
    return String(res.body.detail);
  }

  it('answers 400 invalidCursor to an altered or made-up cursor', async () => {
    const flipped = cursor.slice(0, -1) + (cursor.endsWith('A') ? 'B' : 'A');
    expect(await expectInvalid(`/Users?cursor=${q(flipped)}`)).toMatch(/cursor= \(empty\)/);
    await expectInvalid(`/Users?cursor=${q('not-a-cursor')}`);
    await expectInvalid(`/Users?cursor=${q(`${cursor}.x`)}`);
  });

  it('answers 400 invalidCursor to a cursor sent with another type or filter', async () => {
    expect(await expectInvalid(`/Groups?cursor=${q(cursor)}`)).toMatch(/another list/);
    await expectInvalid(`/Users?cursor=${q(cursor)}&filter=${q('active eq true')}`);
  });

  it('answers 400 invalidValue to cursor with startIndex or sortBy, and on the root .search', async () => {
    expect(await expectInvalid(`/Users?cursor=${q(cursor)}&startIndex=1`, 'invalidValue')).toMatch(
      /either cursor or startIndex/,
    );
    await expectInvalid(`/Users?cursor=&sortBy=userName`, 'invalidValue');
    const root = await call('POST', '/.search', { schemas: [SEARCH], cursor: '' });
    expect(root.status).toBe(400);
    expect(root.body.scimType).toBe('invalidValue');
  });

  it('answers 400 expiredCursor once the cursor is older than cursorTimeout', async () => {
    const short = api(team('short'));
    await seed(short, 3);
    const first = await short('GET', '/Users?cursor=&count=1');
    const next = first.body.nextCursor as string;
    expect((await short('GET', `/Users?cursor=${q(next)}&count=1`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await short('GET', `/Users?cursor=${q(next)}&count=1`);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('expiredCursor');
  });
});
