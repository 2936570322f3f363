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
  /** Bumped by `reset`: a page that arrives for an older generation is dropped. */
  private generation = 0;

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
    if (this.pending) return this.pending;
    const pending = this.fetchNext(this.generation).finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    return pending;
  }

  private async fetchNext(generation: number): Promise<void> {
    if (!(await this.step(generation))) return;
    // The rule cannot confirm the end of a first page that only totalResults calls complete (a
    // silent cap looks the same): settling it now saves a "Load more" row that brings nothing.
    if (!this.done && this.total !== undefined && this.items.length >= this.total)
      if (!(await this.step(generation))) return;
    this.loaded = true;
  }

  /** Loads one page into the list; false when a reset came while it loaded (page dropped). */
  private async step(generation: number): Promise<boolean> {
    const size = this.pageSize();
    const page = await this.load(this.state.startIndex, size);
    if (generation !== this.generation) return false;
    const { items, next } = nextPage(this.state, page, size);
    this.items.push(...items);
    if (typeof page.totalResults === 'number') this.total = page.totalResults;
    if (next) this.state = next;
    this.done = next === undefined;
    return true;
  }

  /** Forgets every page; one still loading lands nowhere, and the next `more` loads afresh. */
  reset(): void {
    this.generation++;
    this.pending = undefined;
    this.items = [];
    this.total = undefined;
    this.done = false;
    this.loaded = false;
    this.state = FIRST_PAGE;
  }
}
