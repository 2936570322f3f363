import { mapEndpoint, type Discovery } from './discovery.js';
import { ScimError, kindForStatus } from './errors.js';
import type { HttpClient } from './http.js';
import {
  SCHEMA_BULK_REQUEST,
  SCHEMA_BULK_RESPONSE,
  type BulkOperation,
  type BulkOperationResult,
  type BulkResponse,
} from './types/index.js';

export interface BulkOptions {
  /** Stop the server after this many errors within one request (RFC 7644 failOnErrors). */
  failOnErrors?: number | undefined;
}

/** Splits operations into requests that fit the server's maxOperations and maxPayloadSize. */
export function chunkOperations(
  operations: readonly BulkOperation[],
  maxOperations: number,
  maxPayloadSize: number,
): BulkOperation[][] {
  const envelope = JSON.stringify({ schemas: [SCHEMA_BULK_REQUEST], Operations: [] }).length + 32;
  const chunks: BulkOperation[][] = [];
  let current: BulkOperation[] = [];
  let size = envelope;
  for (const op of operations) {
    const opSize = Buffer.byteLength(JSON.stringify(op)) + 1;
    if (envelope + opSize > maxPayloadSize)
      throw new RangeError(
        `A bulk operation (${op.method} ${op.path}) is ${opSize} bytes, more than the server's maxPayloadSize of ${maxPayloadSize}: send it on its own.`,
      );
    if (current.length > 0 && (current.length >= maxOperations || size + opSize > maxPayloadSize)) {
      chunks.push(current);
      current = [];
      size = envelope;
    }
    current.push(op);
    size += opSize;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Numeric status of one bulk result ("201", 201 or { code: "201" } all occur). */
export function bulkStatus(result: BulkOperationResult): number {
  const s = result.status as unknown;
  if (typeof s === 'number') return s;
  if (typeof s === 'string') return Number.parseInt(s, 10);
  if (s && typeof s === 'object' && 'code' in s) return Number((s as { code: unknown }).code);
  return 0;
}

/** A ScimError for one failed operation inside a bulk response. */
export function bulkItemError(result: BulkOperationResult): ScimError {
  const status = bulkStatus(result);
  const response = (result.response ?? {}) as { scimType?: unknown; detail?: unknown };
  const scimType = typeof response.scimType === 'string' ? response.scimType : undefined;
  return new ScimError({
    kind: kindForStatus(status, scimType),
    method: result.method,
    path: result.location ?? `/Bulk (${result.bulkId ?? result.method})`,
    status,
    scimType,
    detail: typeof response.detail === 'string' ? response.detail : undefined,
  });
}

/**
 * Sends RFC 7644 bulk requests, chunked to the server's limits, and returns every operation's
 * result in order. Cross-chunk `bulkId` references are not resolved: keep dependent operations
 * within maxOperations of each other, or send them separately.
 */
export async function sendBulk(
  http: HttpClient,
  discovery: Discovery,
  operations: readonly BulkOperation[],
  options: BulkOptions = {},
): Promise<BulkResponse> {
  const caps = await discovery.get();
  if (!caps.bulk.supported)
    throw new ScimError({
      kind: 'invalid',
      method: 'POST',
      path: '/Bulk',
      detail:
        'the server does not support bulk requests (ServiceProviderConfig bulk.supported is false)',
      hint: 'Send the operations one by one (client.users.provision does so automatically).',
    });
  const results: BulkOperationResult[] = [];
  const mapped = operations.map((op) => ({ ...op, path: mapEndpoint(op.path, caps.endpoints) }));
  for (const chunk of chunkOperations(mapped, caps.bulk.maxOperations, caps.bulk.maxPayloadSize)) {
    const res = await http.request<BulkResponse>({
      method: 'POST',
      path: '/Bulk',
      body: {
        schemas: [SCHEMA_BULK_REQUEST],
        ...(options.failOnErrors !== undefined ? { failOnErrors: options.failOnErrors } : {}),
        Operations: chunk,
      },
    });
    results.push(...(res.data?.Operations ?? []));
  }
  return { schemas: [SCHEMA_BULK_RESPONSE], Operations: results };
}
