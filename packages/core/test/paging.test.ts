import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, nextPage, type ListResponse } from '../src/index.js';
import { items, pages } from '../src/paging.js';

// The paging walk is a pure function of the page fetcher, so these cases feed it server
// behaviours directly; the same walk runs against the sandbox over HTTP in client tests.
type Item = { id: string };
const data = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}` }));

function server(
  all: Item[],
  opts: {
    cap?: number;
    total?: (n: number) => number | undefined;
    shortAt?: number;
    ignoreStart?: boolean;
  } = {},
) {
  const calls: Array<[number, number]> = [];
  const fetch = async (startIndex: number, count: number): Promise<ListResponse<Item>> => {
    calls.push([startIndex, count]);
    let n = Math.min(count, opts.cap ?? Infinity);
    if (opts.shortAt !== undefined && startIndex === opts.shortAt)
      n = Math.max(1, Math.floor(n / 3));
    const from = opts.ignoreStart ? 0 : startIndex - 1;
    const page = all.slice(from, from + n);
    const total = opts.total ? opts.total(all.length) : all.length;
    return {
      ...(total === undefined ? {} : { totalResults: total }),
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    };
  };
  return { fetch, calls };
}

async function collect(it: AsyncIterable<Item>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x.id);
  return out;
}

describe('paging', () => {
  it('reads everything from a server that caps the page size', async () => {
    const s = server(data(450), { cap: 100 });
    expect(await collect(items(s.fetch, 500))).toEqual(data(450).map((x) => x.id));
    expect(s.calls.map((c) => c[0])).toEqual([1, 101, 201, 301, 401]);
  });

  it('stops without an extra request when totalResults confirms a short last page', async () => {
    const s = server(data(250));
    await collect(items(s.fetch, 100));
    expect(s.calls.length).toBe(3);
  });

  it('copes with a short page in the middle', async () => {
    const s = server(data(300), { shortAt: 101 });
    expect(await collect(items(s.fetch, 100))).toEqual(data(300).map((x) => x.id));
  });

  it('keeps going when totalResults is missing or too low', async () => {
    expect(
      (await collect(items(server(data(230), { total: () => undefined }).fetch, 100))).length,
    ).toBe(230);
    expect((await collect(items(server(data(230), { total: () => 50 }).fetch, 100))).length).toBe(
      230,
    );
  });

  it('ends on an empty page when totalResults is too high', async () => {
    const s = server(data(120), { total: () => 10_000 });
    expect((await collect(items(s.fetch, 100))).length).toBe(120);
    expect(s.calls.length).toBe(3);
  });

  it('does not loop forever on a server that ignores startIndex', async () => {
    const s = server(data(300), { ignoreStart: true });
    expect(await collect(items(s.fetch, 100))).toEqual(data(100).map((x) => x.id));
    expect(s.calls.length).toBe(2);
  });

  it('handles an empty list with one request', async () => {
    const s = server([]);
    expect(await collect(items(s.fetch, 100))).toEqual([]);
    expect(s.calls.length).toBe(1);
  });

  it('holds one page at a time', async () => {
    const s = server(data(1000), { cap: 100 });
    let pagesSeen = 0;
    for await (const page of pages(s.fetch, 100)) {
      expect(page.length).toBe(100);
      expect(s.calls.length).toBe(++pagesSeen); // the next page is fetched only when asked for
    }
    expect(pagesSeen).toBe(10);
  });
});

describe('nextPage', () => {
  const page = (ids: string[], total?: number): ListResponse<Item> => ({
    schemas: [],
    Resources: ids.map((id) => ({ id })),
    ...(total === undefined ? {} : { totalResults: total }),
  });

  it('does not end a first page on totalResults alone: a silent cap looks the same', () => {
    const step = nextPage(FIRST_PAGE, page(['a', 'b', 'c'], 3), 50);
    expect(step.items.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(step.next).toEqual({ startIndex: 4, largestPage: 3, previousIds: ['a', 'b', 'c'] });
    expect(nextPage(step.next!, page([], 3), 50)).toEqual({ items: [], next: undefined });
  });

  it('ends a short page that totalResults confirms, and only then', () => {
    const second = nextPage(FIRST_PAGE, page(['a', 'b'], 3), 2).next!;
    expect(nextPage(second, page(['c'], 3), 2).next).toBeUndefined();
    expect(nextPage(second, page(['c'], 99), 2).next?.startIndex).toBe(4);
    expect(nextPage(second, page(['c']), 2).next?.startIndex).toBe(4);
  });

  it('drops what the previous page held and ends when nothing is new', () => {
    const second = nextPage(FIRST_PAGE, page(['a', 'b']), 2).next!;
    expect(nextPage(second, page(['b', 'c']), 2).items.map((x) => x.id)).toEqual(['c']);
    expect(nextPage(second, page(['a', 'b']), 2)).toEqual({ items: [], next: undefined });
  });

  it('keeps its state as plain data that survives JSON', () => {
    const next = nextPage(FIRST_PAGE, page(['a', 'b']), 2).next!;
    expect(JSON.parse(JSON.stringify(next))).toEqual(next);
  });
});
