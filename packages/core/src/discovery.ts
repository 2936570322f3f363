import { ScimError } from './errors.js';
import type { HttpClient } from './http.js';
import type {
  ListResponse,
  ResourceType,
  ScimSchema,
  ServiceProviderConfig,
} from './types/index.js';

/** What the server supports, read from its discovery endpoints, with the raw documents. */
export interface ServerCapabilities {
  serviceProviderConfig: ServiceProviderConfig;
  resourceTypes: ResourceType[];
  schemas: ScimSchema[];
  /** Largest page the server returns (filter.maxResults), or undefined when it does not say. */
  maxResults: number | undefined;
  patch: boolean;
  sort: boolean;
  etag: boolean;
  filter: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  changePassword: boolean;
  /** Lists can be paged with RFC 9865 cursors (ServiceProviderConfig pagination.cursor). */
  cursor: boolean;
}

const DEFAULT_BULK_OPS = 1000;
const DEFAULT_BULK_BYTES = 1_048_576;

function listOf<T>(data: ListResponse<T> | T[] | undefined): T[] {
  if (Array.isArray(data)) return data;
  return data?.Resources ?? [];
}

async function optional<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (e) {
    // A server without this endpoint still works with defaults; auth failures must surface.
    if (e instanceof ScimError && (e.kind === 'notFound' || e.kind === 'invalid')) return fallback;
    throw e;
  }
}

export function capabilitiesFrom(
  spc: ServiceProviderConfig,
  resourceTypes: ResourceType[] = [],
  schemas: ScimSchema[] = [],
): ServerCapabilities {
  const positive = (n: unknown): number | undefined =>
    typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
  return {
    serviceProviderConfig: spc,
    resourceTypes,
    schemas,
    maxResults: positive(spc.filter?.maxResults),
    // Absent flags are read as supported: RFC 7644 servers implement PATCH, and the server's
    // error then says what is missing rather than the client guessing.
    patch: spc.patch?.supported ?? true,
    sort: spc.sort?.supported ?? false,
    etag: spc.etag?.supported ?? false,
    filter: spc.filter?.supported ?? true,
    bulk: {
      supported: spc.bulk?.supported ?? false,
      maxOperations: positive(spc.bulk?.maxOperations) ?? DEFAULT_BULK_OPS,
      maxPayloadSize: positive(spc.bulk?.maxPayloadSize) ?? DEFAULT_BULK_BYTES,
    },
    changePassword: spc.changePassword?.supported ?? false,
    cursor: spc.pagination?.cursor === true,
  };
}

/** Fetches and caches the discovery documents; concurrent callers share one fetch. */
export class Discovery {
  private cached: Promise<ServerCapabilities> | undefined;

  constructor(private readonly http: HttpClient) {}

  get(): Promise<ServerCapabilities> {
    this.cached ??= this.load().catch((e: unknown) => {
      this.cached = undefined; // a failed discovery is retried by the next caller
      throw e;
    });
    return this.cached;
  }

  /** Forgets the cached documents (after a server configuration change). */
  reset(): void {
    this.cached = undefined;
  }

  private async load(): Promise<ServerCapabilities> {
    const get = async <T>(path: string): Promise<T | undefined> =>
      (await this.http.request<T>({ method: 'GET', path })).data;
    const [spc, types, schemas] = await Promise.all([
      optional(get<ServiceProviderConfig>('/ServiceProviderConfig'), undefined),
      optional(get<ListResponse<ResourceType> | ResourceType[]>('/ResourceTypes'), undefined),
      optional(get<ListResponse<ScimSchema> | ScimSchema[]>('/Schemas'), undefined),
    ]);
    return capabilitiesFrom(spc ?? {}, listOf(types), listOf(schemas));
  }
}
