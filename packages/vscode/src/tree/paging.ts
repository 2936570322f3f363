/**
 * One lazily paged list (a folder's users or groups, or a group's members): pages are fetched
 * on demand and appended; `reset` forgets them (refresh, new filter).
 */
export interface Page<T> {
  items: T[];
  total: number | undefined;
  /** True when there is nothing after this page. */
  done: boolean;
}

export type PageLoader<T> = (startIndex: number, count: number) => Promise<Page<T>>;

export class PagedList<T> {
  items: T[] = [];
  total: number | undefined;
  done = false;
  loaded = false;
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
    const page = await this.load(this.items.length + 1, this.pageSize());
    this.items.push(...page.items);
    this.total = page.total;
    this.done =
      page.done ||
      page.items.length === 0 ||
      (page.total !== undefined && this.items.length >= page.total);
    this.loaded = true;
  }

  reset(): void {
    this.items = [];
    this.total = undefined;
    this.done = false;
    this.loaded = false;
  }
}
