import { ScimError } from '../errors.js';
import type { Notes } from '../notes.js';
import type { PatchOperation } from '../types/index.js';

/** The key of the note, and of what it records: this server refuses a `schemas` operation. */
export const SCHEMAS_OP_REFUSED = 'schemas-op-refused';

/**
 * The pathless `{"op": "add", "value": {"schemas": [...]}}` that names a new extension schema
 * (diffToPatch adds it when a change sets the first attribute of an extension).
 */
function isSchemasOp(op: PatchOperation): boolean {
  if (op.path !== undefined || typeof op.value !== 'object' || op.value === null) return false;
  const keys = Object.keys(op.value);
  return keys.length === 1 && keys[0]?.toLowerCase() === 'schemas';
}

/** A 400 that names `schemas` (Better Auth: "schemas is read-only", scimType mutability). */
function refusesSchemas(e: unknown): e is ScimError {
  return (
    e instanceof ScimError &&
    e.kind === 'invalid' &&
    e.status === 400 &&
    /\bschemas\b/i.test(`${e.detail ?? ''} ${e.scimType === 'mutability' ? 'schemas' : ''}`)
  );
}

/**
 * Sends PATCH operations; where the server refuses the `schemas` operation (it derives
 * `schemas` from the attributes a resource holds), sends them again without it. A refused
 * PATCH changed nothing (RFC 7644 3.5.2: all operations or none), so the second request is
 * safe. Learned once per client, with a note.
 */
export async function patchWithSchemasFallback<R>(
  notes: Notes,
  operations: PatchOperation[],
  send: (operations: PatchOperation[]) => Promise<R>,
): Promise<R> {
  const rest = operations.filter((op) => !isSchemasOp(op));
  if (rest.length === operations.length || rest.length === 0) return send(operations);
  if (notes.has(SCHEMAS_OP_REFUSED)) return send(rest);
  try {
    return await send(operations);
  } catch (e) {
    if (!refusesSchemas(e)) throw e;
    const out = await send(rest);
    notes.add(
      SCHEMAS_OP_REFUSED,
      `The server refused a PATCH operation adding to schemas (${e.detail ?? `HTTP ${e.status}`}); this client leaves that operation out from now on (the server derives schemas from the attributes).`,
    );
    return out;
  }
}
