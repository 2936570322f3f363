import { parsePatchPath, type PatchPath } from '../filter/parser.js';
import { SCHEMA_PATCH_OP, type PatchOperation, type PatchRequest } from '../types/index.js';

/**
 * Checks a PATCH path against RFC 7644 section 3.5.2 (PATH = attrPath / valuePath [subAttr])
 * and returns its parts; throws FilterSyntaxError with the position otherwise.
 */
export function validatePatchPath(path: string): PatchPath {
  return parsePatchPath(path);
}

function withValue(
  op: 'add' | 'replace',
  path: string | undefined,
  value: unknown,
): PatchOperation {
  if (value === undefined)
    throw new TypeError(`a PATCH "${op}" needs a value${path ? ` (path ${path})` : ''}`);
  if (path === undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new TypeError(
        `a PATCH "${op}" without a path needs an object of attributes as its value`,
      );
    return { op, value };
  }
  validatePatchPath(path);
  return { op, path, value };
}

/** Builders for single PATCH operations; each validates its path before anything is sent. */
export const patchOps = {
  /** Adds a value (appends to a multi-valued attribute). Without a path, `value` holds attributes. */
  add(path: string | undefined, value: unknown): PatchOperation {
    return withValue('add', path, value);
  },
  /** Replaces a value (adds it where absent). Without a path, `value` holds attributes. */
  replace(path: string | undefined, value: unknown): PatchOperation {
    return withValue('replace', path, value);
  },
  /** Removes an attribute, or the values a filter selects (`members[value eq "id"]`). */
  remove(path: string): PatchOperation {
    if (typeof path !== 'string' || path === '')
      throw new TypeError(
        'a PATCH "remove" needs a path (RFC 7644 3.5.2.2: no path means noTarget)',
      );
    validatePatchPath(path);
    return { op: 'remove', path };
  },
};

const OPS = new Set(['add', 'remove', 'replace']);

/** Checks one operation as a server would (op name, path grammar, value presence). */
export function checkPatchOperation(op: unknown, index = 0): PatchOperation {
  const o = op as Record<string, unknown> | null;
  const where = `Operations[${index}]`;
  if (typeof o !== 'object' || o === null)
    throw new TypeError(`${where} must be an object with op, path and value`);
  // Some identity providers send "Replace"; the RFC's op values are lower case.
  const name = typeof o.op === 'string' ? o.op.toLowerCase() : o.op;
  if (typeof name !== 'string' || !OPS.has(name))
    throw new TypeError(
      `${where}.op must be "add", "remove" or "replace", got ${JSON.stringify(o.op)}`,
    );
  if (o.path !== undefined && typeof o.path !== 'string')
    throw new TypeError(`${where}.path must be a string`);
  try {
    if (name === 'remove') return patchOps.remove(o.path as string);
    return withValue(name as 'add' | 'replace', o.path as string | undefined, o.value);
  } catch (e) {
    if (e instanceof Error) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

/** The body of a PATCH request (`urn:ietf:params:scim:api:messages:2.0:PatchOp`), validated. */
export function patchRequest(operations: readonly PatchOperation[]): PatchRequest {
  if (!Array.isArray(operations) || operations.length === 0)
    throw new TypeError('a PATCH request needs at least one operation');
  return {
    schemas: [SCHEMA_PATCH_OP],
    Operations: operations.map((o, i) => checkPatchOperation(o, i)),
  };
}
