import { badRequest } from './errors.js';
import { parseStrictFilter, type Filter } from './filter-grammar.js';
import type { IndexedColumn } from './store.js';
import type { Json, JsonObject, ResourceType } from './types.js';

export type { Filter };

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Attributes whose string values compare case-sensitively (caseExact in RFC 7643). */
const CASE_EXACT = new Set(['id', 'externalid', 'meta.version', 'members.value', 'groups.value']);
const DATE_ATTRS = new Set(['meta.created', 'meta.lastmodified']);

/** Parses a `?filter=` expression strictly (RFC 7644 3.4.2.2); bad input is 400 invalidFilter. */
export function parseFilter(text: string): Filter {
  return parseStrictFilter(text);
}

/** Splits an attribute path into the schema-relative segments, lower-cased. */
export function attrSegments(path: string, type: ResourceType): string[] {
  const lowerPath = path.toLowerCase();
  const core = (type === 'User' ? USER_SCHEMA : GROUP_SCHEMA).toLowerCase() + ':';
  if (lowerPath.startsWith(core)) return lowerPath.slice(core.length).split('.');
  if (lowerPath.startsWith('urn:')) {
    const i = lowerPath.lastIndexOf(':');
    return [lowerPath.slice(0, i), ...lowerPath.slice(i + 1).split('.')];
  }
  return lowerPath.split('.');
}

function child(node: Json | undefined, key: string): Json | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const k = Object.keys(node).find((x) => x.toLowerCase() === key);
  return k === undefined ? undefined : node[k];
}

/** Every leaf value at the path, flattening multi-valued attributes on the way. */
export function valuesAt(node: Json | undefined, segs: string[]): Json[] {
  if (node === undefined) return [];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, segs));
  if (segs.length === 0) return [node];
  return valuesAt(child(node, segs[0]!), segs.slice(1));
}

type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
type Scalar = boolean | null | number | string;

function compareScalar(op: CompareOp, a: Json, b: Scalar, key: string): boolean {
  if (a === null || typeof a === 'object') return false;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if (op !== 'eq' && op !== 'ne') {
      throw badRequest(
        'invalidFilter',
        `Operator ${op} is not defined for boolean attribute ${key}.`,
      );
    }
    return a === b;
  }
  if (b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return cmp(op, a, b, String(a), String(b));
  let x = String(a);
  let y = String(b);
  if (DATE_ATTRS.has(key) && ['eq', 'gt', 'ge', 'lt', 'le'].includes(op)) {
    const ta = Date.parse(x);
    const tb = Date.parse(y);
    if (Number.isNaN(tb)) {
      throw badRequest('invalidFilter', `${JSON.stringify(y)} is not a date-time for ${key}.`);
    }
    return cmp(op, ta, tb, x, y);
  }
  if (!CASE_EXACT.has(key)) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  return cmp(op, x, y, x, y);
}

function cmp<T extends number | string>(op: CompareOp, a: T, b: T, sa: string, sb: string) {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'co':
      return sa.includes(sb);
    case 'sw':
      return sa.startsWith(sb);
    case 'ew':
      return sa.endsWith(sb);
  }
}

const present = (v: Json): boolean =>
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Evaluates a parsed filter against a resource. We evaluate the library's AST ourselves because
 * its tester compares strings case-sensitively (RFC 7643: caseExact false for userName, emails...),
 * treats null as present, compares dates as strings and does not resolve core-schema URN paths.
 */
export function matches(
  f: Filter,
  res: JsonObject | Json,
  type: ResourceType,
  prefix: string[] = [],
): boolean {
  switch (f.op) {
    case 'and':
      return (f as { filters: Filter[] }).filters.every((x) => matches(x, res, type, prefix));
    case 'or':
      return (f as { filters: Filter[] }).filters.some((x) => matches(x, res, type, prefix));
    case 'not':
      return !matches((f as { filter: Filter }).filter, res, type, prefix);
    case '[]': {
      const v = f as { attrPath: string; valFilter: Filter };
      const segs = attrSegments(v.attrPath, type);
      const items = valuesAt(res, segs);
      return items.some((item) => matches(v.valFilter, item, type, [...prefix, ...segs]));
    }
    case 'pr': {
      const segs = attrSegments((f as { attrPath: string }).attrPath, type);
      return valuesAt(res, segs).some(present);
    }
    default: {
      const c = f as { op: CompareOp; attrPath: string; compValue: Scalar };
      const segs = attrSegments(c.attrPath, type);
      const key = [...prefix, ...segs].join('.');
      const values = valuesAt(res, segs);
      if (c.compValue === null && c.op === 'ne') return values.some(present);
      if (c.op === 'ne') {
        return !values.some((a) => compareScalar('eq', a, c.compValue, key));
      }
      if (c.compValue === null && c.op === 'eq') return !values.some(present);
      return values.some((a) => compareScalar(c.op, a, c.compValue, key));
    }
  }
}

const PUSHDOWN: Record<string, IndexedColumn> = {
  id: 'id',
  username: 'user_name',
  externalid: 'external_id',
  displayname: 'display_name',
};

/** An `attr eq "value"` conjunct that SQL can answer through an index, if the filter has one. */
export function indexedEq(
  f: Filter,
  type: ResourceType,
): { col: IndexedColumn; value: string } | undefined {
  if (f.op === 'and') {
    for (const x of (f as { filters: Filter[] }).filters) {
      const hit = indexedEq(x, type);
      if (hit) return hit;
    }
    return undefined;
  }
  if (f.op !== 'eq') return undefined;
  const c = f as { attrPath: string; compValue: Scalar };
  if (typeof c.compValue !== 'string') return undefined;
  const segs = attrSegments(c.attrPath, type);
  if (segs.length !== 1) return undefined;
  const col = PUSHDOWN[segs[0]!];
  if (!col || (col === 'user_name' && type !== 'User')) return undefined;
  return { col, value: c.compValue };
}
