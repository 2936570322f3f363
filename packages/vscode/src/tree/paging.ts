import { FIRST_PAGE, nextPage, type ListResponse, type PageState } from '@celonis-scim/core';

/**
 * One lazily paged list (a folder's users or groups, or a group's members): pages are fetched
 * on demand and appended; `reset` forgets them (refresh, new filter). When a list ends is core's
 * paging rule (`nextPage`), the same the client's own iteration follows.
 */
export type PageLoader<T> = (startIndex: number, count: number) => Promise<ListResponse<T>>;

export class PagedList<T> {
  items: T[] = [];
  total: number | undefined;
  done = false;
  loaded = false;
  private state: PageState = FIRST_PAGE;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly load: PageLoader<T>,
    private readonly pageSize: () => number,
  ) {}

  /** Loads the first page if nothing is loaded yet. */
  async ensure(): Promise<void> {
    if (!this.loaded) await this.more();
  }

  /** Loads the next page; concurrent calls share one request. */
  more(): Promise<void> {
    if (this.done && this.loaded) return Promise.resolve();
    this.pending ??= this.fetchNext().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchNext(): Promise<void> {
    await this.step();
    // The rule cannot confirm the end of a first page that only totalResults calls complete (a
    // silent cap looks the same): settling it now saves a "Load more" row that brings nothing.
    if (!this.done && this.total !== undefined && this.items.length >= this.total)
      await this.step();
    this.loaded = true;
  }

  private async step(): Promise<void> {
    const size = this.pageSize();
    const page = await this.load(this.state.startIndex, size);
    const { items, next } = nextPage(this.state, page, size);
    this.items.push(...items);
    if (typeof page.totalResults === 'number') this.total = page.totalResults;
    if (next) this.state = next;
    this.done = next === undefined;
  }

  reset(): void {
    this.items = [];
    this.total = undefined;
    this.done = false;
    this.loaded = false;
    this.state = FIRST_PAGE;
  }
}
