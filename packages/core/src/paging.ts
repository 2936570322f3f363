import type { ListResponse } from './types/index.js';

export type PageFetcher<T> = (startIndex: number, count: number) => Promise<ListResponse<T>>;
/** Fetches the page a cursor names ('' for the first one), RFC 9865. */
export type CursorFetcher<T> = (cursor: string, count: number) => Promise<ListResponse<T>>;

/**
 * Where a walk through a SCIM list stands: the next `startIndex`, the largest page the server
 * has served, and the ids of the previous page. Plain data, so a host can keep it between calls
 * (the n8n list search hands it to n8n as its pagination token).
 */
export interface PageState {
  startIndex: number;
  largestPage: number;
  previousIds: readonly string[];
}

/** The state before the first page. */
export const FIRST_PAGE: PageState = Object.freeze({
  startIndex: 1,
  largestPage: 0,
  previousIds: Object.freeze([]) as readonly string[],
});

export interface PageStep<T, S = PageState> {
  /** The page's items that the previous page did not already hold. */
  items: T[];
  /** Where the next page starts, or undefined when the list has ended. */
  next: S | undefined;
}

/**
 * The one paging rule: what a page that came back means for the next one. It copes with servers
 * that cap `count`, that omit or misreport `totalResults`, and that return short pages mid-way:
 * it advances by what actually came back and ends on an empty page. A server that ignores
 * `startIndex` would serve the same items forever; items already seen on the previous page are
 * dropped, and a page with nothing new ends the walk. `totalResults` alone never ends it: only
 * when the page was also short of what the server served before (a first page that fits the
 * total could still be a silent cap) is the final empty request saved.
 */
export function nextPage<T>(
  state: PageState,
  page: ListResponse<T>,
  pageSize: number,
): PageStep<T> {
  const served = page.Resources ?? [];
  if (served.length === 0) return { items: [], next: undefined };
  const seen = new Set(state.previousIds);
  const ids: string[] = [];
  const items: T[] = [];
  for (const item of served) {
    // Items without an id (a group's member references) are never taken for repeats.
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      ids.push(id);
      if (seen.has(id)) continue;
    }
    items.push(item);
  }
  if (items.length === 0) return { items, next: undefined };
  const largestPage = Math.max(state.largestPage, served.length);
  const startIndex = state.startIndex + served.length;
  const total = typeof page.totalResults === 'number' ? page.totalResults : undefined;
  const ended =
    total !== undefined && startIndex > total && served.length < Math.min(pageSize, largestPage);
  return { items, next: ended ? undefined : { startIndex, largestPage, previousIds: ids } };
}

/** Walks a SCIM list page by page with `nextPage`. Only one page is held at a time. */
export async function* pages<T extends { id?: string }>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
): AsyncGenerator<T[], void, undefined> {
  let state: PageState | undefined = FIRST_PAGE;
  while (state) {
    const step: PageStep<T> = nextPage(
      state,
      await fetchPage(state.startIndex, pageSize),
      pageSize,
    );
    if (step.items.length > 0) yield step.items;
    state = step.next;
  }
}

/** Where a cursor walk stands: the cursor of the next page ('' before the first). */
export interface CursorState {
  cursor: string;
}

export const FIRST_CURSOR: CursorState = Object.freeze({ cursor: '' });

/**
 * The cursor variant of the paging rule (RFC 9865): a page's `nextCursor` names the next page and
 * its absence ends the list. The server keeps the position, so inserts and deletes between pages
 * neither skip nor repeat the resources that stay. A cursor handed back unchanged would loop:
 * it ends the walk.
 */
export function nextCursorPage<T>(
  state: CursorState,
  page: ListResponse<T>,
): PageStep<T, CursorState> {
  const items = page.Resources ?? [];
  const cursor = typeof page.nextCursor === 'string' ? page.nextCursor : '';
  return { items, next: cursor !== '' && cursor !== state.cursor ? { cursor } : undefined };
}

/** Walks a SCIM list by cursors with `nextCursorPage`. Only one page is held at a time. */
export async function* cursorPages<T>(
  fetchPage: CursorFetcher<T>,
  pageSize: number,
): AsyncGenerator<T[], void, undefined> {
  let state: CursorState | undefined = FIRST_CURSOR;
  while (state) {
    const step: PageStep<T, CursorState> = nextCursorPage(
      state,
      await fetchPage(state.cursor, pageSize),
    );
    if (step.items.length > 0) yield step.items;
    state = step.next;
  }
}

/** Flattens `pages` into items. */
export async function* items<T extends { id?: string }>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages(fetchPage, pageSize)) yield* page;
}

/**
 * The items of a page source, one at a time. A plain iterator over the current page rather than
 * an async generator: one resolved promise per item instead of a generator resumption. The
 * source is opened on the first `next()`.
 */
export function itemsOf<T>(
  open: () => AsyncIterator<T[], void, undefined>,
): AsyncIterableIterator<T> {
  let source: AsyncIterator<T[], void, undefined> | undefined;
  let buffer: T[] = [];
  let index = 0;
  let finished = false;
  const refill = async (): Promise<IteratorResult<T, undefined>> => {
    source ??= open();
    while (!finished) {
      const page = await source.next();
      if (page.done) break;
      buffer = page.value;
      index = 0;
      if (buffer.length > 0) return { value: buffer[index++] as T, done: false };
    }
    finished = true;
    buffer = [];
    return { value: undefined, done: true };
  };
  // Calls made while a page is loading wait for it, as an async generator's would.
  let loading: Promise<IteratorResult<T, undefined>> | undefined;
  const iterator: AsyncIterableIterator<T> = {
    next: (): Promise<IteratorResult<T, undefined>> => {
      if (loading) return loading.then(() => iterator.next());
      if (index < buffer.length)
        return Promise.resolve({ value: buffer[index++] as T, done: false });
      loading = refill().finally(() => {
        loading = undefined;
      });
      return loading;
    },
    return: async () => {
      finished = true;
      buffer = [];
      await source?.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
