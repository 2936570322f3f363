import { ScimError } from './errors.js';
import type { HttpClient } from './http.js';
import {
  SCHEMA_GROUP,
  SCHEMA_USER,
  type ListResponse,
  type ResourceType,
  type ScimSchema,
  type ServiceProviderConfig,
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
  /** Where users and groups are served, from /ResourceTypes (default `/Users`, `/Groups`). */
  endpoints: { users: string; groups: string };
}

const DEFAULT_ENDPOINTS = { users: '/Users', groups: '/Groups' };

/** The endpoint /ResourceTypes gives a resource type, when it is one path segment. */
function endpointOf(types: ResourceType[], id: string, schema: string): string | undefined {
  const t = types.find((x) => x.id === id || x.name === id || x.schema === schema);
  const e = typeof t?.endpoint === 'string' ? t.endpoint.trim() : '';
  const path = e.startsWith('/') ? e : `/${e}`;
  return /^\/[A-Za-z0-9._~-]+$/.test(path) && !/^\/\.+$/.test(path) ? path : undefined;
}

/**
 * A request path with the default endpoint (`/Users/...`, `/Groups/...`) moved to where the
 * server serves that type. The one place paths are mapped, for plain requests and /Bulk alike.
 */
export function mapEndpoint(
  path: string,
  endpoints: ServerCapabilities['endpoints'] | undefined,
): string {
  if (!endpoints) return path;
  for (const [from, to] of [
    [DEFAULT_ENDPOINTS.users, endpoints.users],
    [DEFAULT_ENDPOINTS.groups, endpoints.groups],
  ] as const)
    if (from !== to && (path === from || path.startsWith(`${from}/`)))
      return to + path.slice(from.length);
  return path;
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
    endpoints: {
      users: endpointOf(resourceTypes, 'User', SCHEMA_USER) ?? DEFAULT_ENDPOINTS.users,
      groups: endpointOf(resourceTypes, 'Group', SCHEMA_GROUP) ?? DEFAULT_ENDPOINTS.groups,
    },
  };
}

/** Fetches and caches the discovery documents; concurrent callers share one fetch. */
export class Discovery {
  private cached: Promise<ServerCapabilities> | undefined;
  private settled: ServerCapabilities | undefined;

  constructor(private readonly http: HttpClient) {}

  get(): Promise<ServerCapabilities> {
    this.cached ??= this.load().catch((e: unknown) => {
      this.cached = undefined; // a failed discovery is retried by the next caller
      throw e;
    });
    return this.cached;
  }

  /** The capabilities when discovery has already completed, without starting it. */
  peek(): ServerCapabilities | undefined {
    return this.settled;
  }

  /** Forgets the cached documents (after a server configuration change). */
  reset(): void {
    this.cached = undefined;
    this.settled = undefined;
  }

  private async load(): Promise<ServerCapabilities> {
    const get = async <T>(path: string): Promise<T | undefined> =>
      (await this.http.request<T>({ method: 'GET', path })).data;
    const [spc, types, schemas] = await Promise.all([
      optional(get<ServiceProviderConfig>('/ServiceProviderConfig'), undefined),
      optional(get<ListResponse<ResourceType> | ResourceType[]>('/ResourceTypes'), undefined),
      optional(get<ListResponse<ScimSchema> | ScimSchema[]>('/Schemas'), undefined),
    ]);
    this.settled = capabilitiesFrom(spc ?? {}, listOf(types), listOf(schemas));
    return this.settled;
  }
}
