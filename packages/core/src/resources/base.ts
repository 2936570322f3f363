import { mapEndpoint, type Discovery, type ServerCapabilities } from '../discovery.js';
import { brokenText } from '../body-check.js';
import { ScimError } from '../errors.js';
import { filterText, quote, type FilterInput } from '../filter-gate.js';
import type { HttpClient, HttpResult, RequestSpec } from '../http.js';
import { idProblem, urlComponentProblem } from '../ids.js';
import { cursorPages, itemsOf, pages } from '../paging.js';
import { checkOperations } from './operations.js';
import { equalityOf, filterUnsupported, isCaseExact, scanFor, sortLocally } from './local.js';
import type { Resend } from '../retry/resend.js';
import type { Notes } from '../notes.js';
import { patchWithSchemasFallback } from './schemas-op.js';
import { withViewFallback } from './view-fallback.js';
import {
  SCHEMA_PATCH_OP,
  type ListResponse,
  type PatchOperation,
  type ScimResource,
} from '../types/index.js';

export interface ClientContext {
  http: HttpClient;
  discovery: Discovery;
  /** The resend layer, bound to the client's retry policy and sleep (retry/resend.ts). */
  resend: Resend;
  /** What the client learned about the server and worked around, said once. */
  notes: Notes;
}

export interface GetOptions {
  attributes?: string | string[] | undefined;
  excludedAttributes?: string | string[] | undefined;
  /**
   * Where the server refuses the attribute lists (400), read whole resources instead, learned
   * once per client with a note (`client.notes()`). For readers that ask for less only to save
   * bytes; without it the refusal is thrown.
   */
  wholeIfRefused?: boolean | undefined;
}

export interface ListOptions extends GetOptions {
  /** SCIM filter text or a filter-builder node; validated before any request. */
  filter?: FilterInput | undefined;
  /**
   * Sent only when the server supports sorting (ServiceProviderConfig sort.supported);
   * otherwise dropped, unless `clientSort` asks to sort here (which holds every item in memory).
   */
  sortBy?: string | undefined;
  sortOrder?: 'ascending' | 'descending' | undefined;
  clientSort?: boolean | undefined;
  /** Items per request; capped to the server's filter.maxResults. */
  pageSize?: number | undefined;
  /**
   * How to walk the pages: `auto` (default) takes RFC 9865 cursors where the server offers them
   * (stable while others insert and delete) and nothing asks for a server-side sort, index
   * paging (`startIndex`) elsewhere.
   */
  paging?: 'auto' | 'cursor' | 'index' | undefined;
}

export interface ListPageOptions extends ListOptions {
  /** 1-based index of the first item. Default 1. Ignored with `cursor`. */
  startIndex?: number | undefined;
  /** RFC 9865 cursor of the page ('' for the first); sent instead of startIndex. */
  cursor?: string | undefined;
  /** Items to return; capped to the server's filter.maxResults. */
  count?: number | undefined;
}

export interface WriteOptions {
  /** An ETag (meta.version). Sent as If-Match when the server supports ETags, ignored otherwise. */
  ifMatch?: string | undefined;
}

const DEFAULT_PAGE_SIZE = 100;

function csv(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/** create/get/list/replace/patch/delete shared by Users and Groups. */
export class ResourceClient<T extends ScimResource> {
  constructor(
    protected readonly ctx: ClientContext,
    /** `/Users` or `/Groups`. */
    readonly endpoint: string,
    readonly schema: string,
    /** The attribute that identifies a resource to people and is unique in a team. */
    readonly uniqueAttribute: string,
  ) {}

  protected invalid(method: string, path: string, detail: string, hint: string): ScimError {
    return new ScimError({ kind: 'invalid', method, path, detail, hint });
  }

  /**
   * The one place an id becomes a path: an id that is empty, broken or would address something
   * else once in the URL (".", "..", ".search", a "/", "?" or "#", a control character) is
   * refused here, before anything is sent.
   */
  protected pathOf(id: string, method: string, what = 'the id'): string {
    const problem = idProblem(id, what);
    if (problem) throw this.invalid(method, `${this.endpoint}/{id}`, problem.detail, problem.hint);
    return `${this.endpoint}/${encodeURIComponent(id)}`;
  }

  /** Refuses query values that cannot travel in a URL, before discovery or any request. */
  protected checkQuery(method: string, options: ListPageOptions): void {
    const values: Array<[string, string | string[] | undefined]> = [
      ['attributes', options.attributes],
      ['excludedAttributes', options.excludedAttributes],
      ['sortBy', options.sortBy],
    ];
    for (const [name, value] of values) {
      const problem =
        typeof value === 'string' || Array.isArray(value)
          ? urlComponentProblem(String(csv(value)), `the ${name} option`)
          : undefined;
      if (problem) throw this.invalid(method, this.endpoint, problem.detail, problem.hint);
    }
  }

  /**
   * Sends a request to this resource type's endpoint, where the server's /ResourceTypes put it
   * (users at `/People`, say). Before discovery has run the default path is tried; a 404 there
   * runs discovery and, if the endpoint is elsewhere, repeats the request at the right path.
   */
  protected async send<R>(spec: RequestSpec): Promise<HttpResult<R>> {
    const known = this.ctx.discovery.peek();
    const path = mapEndpoint(spec.path, known?.endpoints);
    try {
      return await this.ctx.http.request<R>({ ...spec, path });
    } catch (e) {
      if (known || !(e instanceof ScimError) || e.kind !== 'notFound') throw e;
      const moved = mapEndpoint(spec.path, (await this.capabilities()).endpoints);
      if (moved === path) throw e;
      return this.ctx.http.request<R>({ ...spec, path: moved });
    }
  }

  protected capabilities(): Promise<ServerCapabilities> {
    return this.ctx.discovery.get();
  }

  protected async ifMatch(value: string | undefined): Promise<string | undefined> {
    if (!value) return undefined;
    return (await this.capabilities()).etag ? value : undefined;
  }

  protected withSchemas(resource: T): T {
    const schemas = new Set(resource.schemas ?? []);
    schemas.add(this.schema);
    for (const key of Object.keys(resource)) if (key.startsWith('urn:')) schemas.add(key);
    return { ...resource, schemas: [...schemas] };
  }

  /** Text the server could not store (an unpaired surrogate) is refused before any request. */
  protected checkText(body: unknown, method: string, path: string): void {
    const problem = brokenText(body);
    if (problem) throw this.invalid(method, path, problem.detail, problem.hint);
  }

  protected checkNew(resource: T): void {
    const schemas: unknown = resource?.schemas;
    if (
      schemas !== undefined &&
      (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string'))
    )
      throw this.invalid(
        'POST',
        this.endpoint,
        'schemas must be an array of schema URIs',
        `Leave "schemas" out (the client fills it in) or pass e.g. ["${this.schema}"].`,
      );
    const value = resource?.[this.uniqueAttribute];
    if (typeof value !== 'string' || value.trim() === '')
      throw this.invalid(
        'POST',
        this.endpoint,
        `${this.uniqueAttribute} is missing`,
        `Every ${this.endpoint.slice(1, -1).toLowerCase()} needs a non-empty "${this.uniqueAttribute}".`,
      );
    this.checkText(resource, 'POST', this.endpoint);
  }

  /**
   * Creates a resource. A create whose answer was lost is never blindly resent: the resend
   * layer first looks the resource up by its unique attribute and returns it if a send landed.
   */
  async create(resource: T): Promise<T> {
    this.checkNew(resource);
    const body = this.withSchemas(resource);
    const key = body[this.uniqueAttribute] as string;
    const lookup = async () => this.findBy(this.uniqueAttribute, key);
    let sent = false;
    return this.ctx.resend({
      send: async () => {
        try {
          const res = await this.send<T>({ method: 'POST', path: this.endpoint, body });
          return res.data ?? ((await lookup()) as T);
        } catch (e) {
          // A conflict after an earlier send may be that send, landed after all.
          const existing =
            sent && e instanceof ScimError && e.kind === 'conflict' ? await lookup() : undefined;
          if (existing) return existing;
          throw e;
        } finally {
          sent = true;
        }
      },
      landed: lookup,
    });
  }

  async get(id: string, options: GetOptions = {}): Promise<T> {
    this.checkQuery('GET', options);
    const path = this.pathOf(id, 'GET');
    const read = async (view: GetOptions) =>
      (
        await this.send<T>({
          method: 'GET',
          path,
          query: {
            attributes: csv(view.attributes),
            excludedAttributes: csv(view.excludedAttributes),
          },
        })
      ).data as T;
    return options.wholeIfRefused ? withViewFallback(this.ctx.notes, options, read) : read(options);
  }

  /** One page of results, as the server returned it. */
  async listPage(options: ListPageOptions = {}): Promise<ListResponse<T>> {
    // Validated before anything else, discovery included: a bad filter sends nothing.
    const filter = options.filter === undefined ? undefined : filterText(options.filter);
    this.checkQuery('GET', options);
    const caps = await this.listCapabilities(filter);
    const wanted = options.count ?? options.pageSize ?? caps.maxResults ?? DEFAULT_PAGE_SIZE;
    const count = Math.max(0, Math.min(wanted, caps.maxResults ?? Number.POSITIVE_INFINITY));
    const read = async (view: GetOptions) =>
      (
        await this.send<ListResponse<T>>({
          method: 'GET',
          path: this.endpoint,
          query: {
            filter,
            ...(options.cursor !== undefined
              ? { cursor: options.cursor }
              : { startIndex: options.startIndex ?? 1 }),
            count,
            sortBy: caps.sort ? options.sortBy : undefined,
            sortOrder: caps.sort && options.sortBy ? options.sortOrder : undefined,
            attributes: csv(view.attributes),
            excludedAttributes: csv(view.excludedAttributes),
          },
        })
      ).data ?? { Resources: [], totalResults: 0 };
    return options.wholeIfRefused ? withViewFallback(this.ctx.notes, options, read) : read(options);
  }

  /** Every page in turn; holds one page in memory. */
  async *pages(options: ListOptions = {}): AsyncGenerator<T[], void, undefined> {
    const filter = options.filter === undefined ? undefined : filterText(options.filter);
    this.checkQuery('GET', options);
    const caps = await this.listCapabilities(filter);
    const pageSize = Math.min(
      options.pageSize ?? caps.maxResults ?? DEFAULT_PAGE_SIZE,
      caps.maxResults ?? Number.POSITIVE_INFINITY,
    );
    const sorted = caps.sort && options.sortBy !== undefined;
    const mode = options.paging ?? 'auto';
    if (mode === 'cursor' || (mode === 'auto' && caps.cursor && !sorted)) {
      yield* cursorPages<T>(
        (cursor, count) => this.listPage({ ...options, filter, cursor, count }),
        pageSize,
      );
      return;
    }
    yield* pages<T>(
      (startIndex, count) => this.listPage({ ...options, filter, startIndex, count }),
      pageSize,
    );
  }

  /**
   * Every matching resource, across all pages (see `itemsOf` for why not an async generator).
   */
  list(options: ListOptions = {}): AsyncIterableIterator<T> {
    return itemsOf(() => this.pagesForList(options));
  }

  private async *pagesForList(options: ListOptions): AsyncGenerator<T[], void, undefined> {
    const filter = options.filter === undefined ? undefined : filterText(options.filter);
    this.checkQuery('GET', options);
    const caps = await this.listCapabilities(filter);
    if (options.sortBy && !caps.sort && options.clientSort) {
      const all: T[] = [];
      for await (const page of this.pages(options)) all.push(...page);
      yield sortLocally(all, options.sortBy, options.sortOrder);
      return;
    }
    yield* this.pages(options);
  }

  /**
   * The capabilities, once it is clear the list request can be sent: a filter to a server
   * without filtering is refused here, after discovery and before the list request.
   */
  private async listCapabilities(filter: string | undefined): Promise<ServerCapabilities> {
    const caps = await this.capabilities();
    if (filter !== undefined && !caps.filter) throw filterUnsupported('GET', this.endpoint);
    return caps;
  }

  /**
   * The first resource matching the filter, or undefined. On a server without filtering an
   * `attribute eq value` filter still works: the whole list is paged through (only that
   * attribute per page) and compared here, then the match is read by id.
   */
  async findOne(filter: FilterInput, options: GetOptions = {}): Promise<T | undefined> {
    const text = filterText(filter);
    this.checkQuery('GET', options);
    const caps = await this.capabilities();
    if (caps.filter) {
      const page = await this.listPage({ ...options, filter: text, count: 1 });
      return page.Resources?.[0];
    }
    const eq = equalityOf(text, this.schema);
    if (!eq)
      throw filterUnsupported(
        'GET',
        this.endpoint,
        'Without server filtering, findOne can only look for `attribute eq value` (it pages through the list and compares); for other filters list without a filter and select locally, or get the resource by id.',
      );
    return scanFor(this, eq, isCaseExact(caps, this.schema, eq.path), options);
  }

  protected findBy(attribute: string, value: string): Promise<T | undefined> {
    return this.findOne(`${attribute} eq ${quote(value)}`);
  }

  async replace(id: string, resource: T, options: WriteOptions = {}): Promise<T> {
    const path = this.pathOf(id, 'PUT');
    this.checkText(resource, 'PUT', path);
    const { meta: _meta, ...rest } = resource;
    const res = await this.send<T>({
      method: 'PUT',
      path,
      body: this.withSchemas({ ...rest, id } as T),
      ifMatch: await this.ifMatch(options.ifMatch ?? undefined),
    });
    return res.data ?? this.get(id);
  }

  /**
   * Applies PATCH operations. Without If-Match the request is repeated only when the server
   * said it did not process it (429/503).
   */
  async patch(
    id: string,
    operations: PatchOperation[],
    options: WriteOptions & { idempotent?: boolean } = {},
  ): Promise<T> {
    const path = this.pathOf(id, 'PATCH');
    const checked = checkOperations(operations, path);
    if (!(await this.capabilities()).patch)
      throw this.invalid(
        'PATCH',
        path,
        'the server does not support PATCH (ServiceProviderConfig patch.supported is false)',
        'Use replace() with the whole resource instead.',
      );
    const ifMatch = await this.ifMatch(options.ifMatch);
    const res = await patchWithSchemasFallback(this.ctx.notes, checked, (Operations) =>
      this.send<T>({
        method: 'PATCH',
        path,
        body: { schemas: [SCHEMA_PATCH_OP], Operations },
        ifMatch,
        ...(options.idempotent ? { idempotent: true } : {}),
      }),
    );
    return res.data ?? this.get(id);
  }

  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    const path = this.pathOf(id, 'DELETE');
    try {
      await this.send({
        method: 'DELETE',
        path,
        ifMatch: await this.ifMatch(options.ifMatch),
      });
    } catch (e) {
      // A repeat after a dropped connection finds the resource already gone: that is success.
      if (e instanceof ScimError && e.kind === 'notFound' && e.attempts > 1) return;
      throw e;
    }
  }

  /**
   * Reads, changes and writes back a resource with PUT, guarded by If-Match where the server
   * has ETags, and re-reads on a 412. The fallback for servers without PATCH.
   */
  protected async modify(id: string, change: (current: T) => T, attempts = 3): Promise<T> {
    for (let i = 1; ; i++) {
      const current = await this.get(id);
      try {
        return await this.replace(
          id,
          change(current),
          current.meta?.version ? { ifMatch: current.meta.version } : {},
        );
      } catch (e) {
        if (!(e instanceof ScimError) || e.kind !== 'preconditionFailed' || i >= attempts) throw e;
      }
    }
  }
}
