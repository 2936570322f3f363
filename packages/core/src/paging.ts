import type { ListResponse } from './types/index.js';

export type PageFetcher<T> = (startIndex: number, count: number) => Promise<ListResponse<T>>;

/**
 * Walks a SCIM list page by page. Copes with servers that cap `count`, that omit or misreport
 * `totalResults`, and that return short pages mid-way: it advances by what actually came back
 * and stops on an empty page. A server that ignores `startIndex` would serve the same items
 * forever; items already seen on the previous page are dropped, and a page with nothing new
 * ends the walk. Only one page is held at a time.
 */
export async function* pages<T extends { id?: string }>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
): AsyncGenerator<T[], void, undefined> {
  let startIndex = 1;
  let previousIds = new Set<string>();
  let largestPage = 0;
  for (;;) {
    const page = await fetchPage(startIndex, pageSize);
    const items = page.Resources ?? [];
    if (items.length === 0) return;
    largestPage = Math.max(largestPage, items.length);
    const ids = new Set<string>();
    const fresh: T[] = [];
    for (const item of items) {
      if (item.id !== undefined) {
        ids.add(item.id);
        if (previousIds.has(item.id)) continue;
      }
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    yield fresh;
    startIndex += items.length;
    previousIds = ids;
    // Save the final empty request when the server's own numbers agree that this was the end.
    const total = typeof page.totalResults === 'number' ? page.totalResults : undefined;
    if (total !== undefined && startIndex > total && items.length < Math.min(pageSize, largestPage))
      return;
  }
}

/** Flattens `pages` into items. */
export async function* items<T extends { id?: string }>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages(fetchPage, pageSize)) yield* page;
}
