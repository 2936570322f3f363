import { badRequest, HttpError } from './errors.js';
import { errorReply, type Reply } from './http.js';
import { MAX_BULK_OPERATIONS, MAX_BULK_PAYLOAD } from './discovery.js';
import { scimRoute, type ScimRequest } from './routes.js';
import type { Service } from './service.js';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

interface BulkOp {
  method: string;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replaces "bulkId:x" references in strings; returns the ids still unresolved. */
function resolveRefs(v: unknown, ids: Map<string, string>, missing: Set<string>): unknown {
  if (typeof v === 'string') {
    return v.replace(/bulkId:([\w.-]+)/g, (m, id: string) => {
      const real = ids.get(id);
      if (real === undefined) missing.add(id);
      return real ?? m;
    });
  }
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, ids, missing));
  if (isObject(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, ids, missing)]));
  return v;
}

function validate(body: unknown): { ops: BulkOp[]; failOnErrors: number } {
  if (!isObject(body) || !Array.isArray(body.Operations)) {
    throw badRequest(
      'invalidSyntax',
      `A bulk request needs schemas ["${BULK_REQUEST}"] and an "Operations" array.`,
    );
  }
  if (body.Operations.length > MAX_BULK_OPERATIONS) {
    throw new HttpError(
      413,
      'tooMany',
      `The bulk request has ${body.Operations.length} operations; maxOperations is ${MAX_BULK_OPERATIONS}.`,
    );
  }
  if (JSON.stringify(body).length > MAX_BULK_PAYLOAD) {
    throw new HttpError(
      413,
      'tooLarge',
      `The bulk request exceeds maxPayloadSize ${MAX_BULK_PAYLOAD} bytes.`,
    );
  }
  const f = body.failOnErrors;
  if (f !== undefined && (typeof f !== 'number' || !Number.isInteger(f) || f < 1)) {
    throw badRequest('invalidValue', '"failOnErrors" must be an integer >= 1.');
  }
  const ops = body.Operations.map((o, i): BulkOp => {
    if (!isObject(o) || typeof o.method !== 'string' || typeof o.path !== 'string') {
      throw badRequest('invalidSyntax', `Operations[${i}] needs a string "method" and "path".`);
    }
    const method = o.method.toUpperCase();
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      throw badRequest(
        'invalidValue',
        `Operations[${i}].method must be POST, PUT, PATCH or DELETE.`,
      );
    }
    if (method === 'POST' && typeof o.bulkId !== 'string') {
      throw badRequest('invalidValue', `Operations[${i}]: POST needs a "bulkId".`);
    }
    const op: BulkOp = { method, path: o.path };
    if (typeof o.bulkId === 'string') op.bulkId = o.bulkId;
    if (typeof o.version === 'string') op.version = o.version;
    if (o.data !== undefined) op.data = o.data;
    return op;
  });
  return { ops, failOnErrors: typeof f === 'number' ? f : Number.POSITIVE_INFINITY };
}

/** POST /Bulk (RFC 7644 3.7): operations in order, bulkId references, failOnErrors. */
export function bulkHandler(svc: Service, r: ScimRequest): Reply {
  const { ops, failOnErrors: asked } = validate(r.body);
  // Celonis runs the operations in sequence and stops after the first that fails.
  const celonis = r.team.profile === 'celonis';
  const failOnErrors = celonis ? 1 : asked;
  const passes = celonis ? 1 : 2;
  const ids = new Map<string, string>();
  const results: Array<Record<string, unknown>> = new Array(ops.length);
  let errors = 0;
  // A reference to a bulkId created later in the request is retried after the others (not by
  // the Celonis profile: its operations run strictly in sequence).
  let pending = ops.map((_, i) => i);
  for (let pass = 0; pass < passes && pending.length > 0 && errors < failOnErrors; pass++) {
    const later: number[] = [];
    for (const i of pending) {
      if (errors >= failOnErrors) break;
      const op = ops[i]!;
      const missing = new Set<string>();
      const path = resolveRefs(op.path, ids, missing) as string;
      const data = resolveRefs(op.data, ids, missing);
      const result: Record<string, unknown> = { method: op.method };
      if (op.bulkId) result.bulkId = op.bulkId;
      if (missing.size > 0) {
        if (pass === 0 && !celonis) {
          later.push(i);
          continue;
        }
        const e = new HttpError(
          409,
          'invalidValue',
          `Unresolved bulkId reference(s): ${[...missing].join(', ')}.`,
        );
        results[i] = { ...result, status: '409', response: e.body() };
        errors++;
        continue;
      }
      let reply: Reply;
      try {
        reply = scimRoute(svc, {
          ...r,
          method: op.method,
          path: path.split('/').filter(Boolean),
          query: new URLSearchParams(),
          body: data,
          ifMatch: op.version,
        });
      } catch (e) {
        reply = errorReply(e, r.team);
      }
      result.status = String(reply.status);
      if (reply.status >= 400) {
        errors++;
        result.response = reply.body;
      } else {
        const meta = (reply.body as { meta?: { location?: string; version?: string } } | undefined)
          ?.meta;
        result.location = meta?.location ?? `${r.base}/${path.replace(/^\//, '')}`;
        if (meta?.version) result.version = meta.version;
        const id = (reply.body as { id?: string } | undefined)?.id;
        if (op.bulkId && id) ids.set(op.bulkId, id);
      }
      results[i] = result;
    }
    pending = later;
  }
  return {
    status: 200,
    body: { schemas: [BULK_RESPONSE], Operations: results.filter((x) => x !== undefined) },
  };
}
