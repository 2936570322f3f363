import { isCaseExactByDefault } from '../attributes.js';
import type { CompareNode, FilterNode, FilterValue } from './ast.js';
import { parseFilter } from './parser.js';
import { splitAttributePath } from './path.js';

type Obj = Record<string, unknown>;

export interface EvaluateOptions {
  /**
   * Whether string comparisons of an attribute path respect case. Default: RFC 7643's
   * case-exact attributes (`id`, `externalId`, `meta.version`, the ids of members and groups).
   */
  caseExact?: ((path: string) => boolean) | undefined;
}

const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:2.0:';

/**
 * Evaluates a SCIM filter (text or parsed) against a resource held in memory, as a server
 * would: multi-valued attributes match when any item does, a bare attribute name also finds
 * an extension attribute (`department` for the enterprise extension's), `pr` needs a
 * non-empty value, and strings ignore case unless the attribute is caseExact.
 */
export function evaluateFilter(
  filter: string | FilterNode,
  resource: Obj,
  options: EvaluateOptions = {},
): boolean {
  const node = typeof filter === 'string' ? parseFilter(filter) : filter;
  const caseExact = options.caseExact ?? isCaseExactByDefault;
  return test(node, resource, caseExact, '');
}

function test(
  node: FilterNode,
  scope: Obj,
  caseExact: (p: string) => boolean,
  prefix: string,
): boolean {
  switch (node.type) {
    case 'and':
      return node.filters.every((f) => test(f, scope, caseExact, prefix));
    case 'or':
      return node.filters.some((f) => test(f, scope, caseExact, prefix));
    case 'not':
      return !test(node.filter, scope, caseExact, prefix);
    case 'present':
      return valuesAt(scope, node.path).some((v) => !empty(v));
    case 'valuePath': {
      const items = valuesAt(scope, node.path, true).filter(isObject);
      return items.some((item) => test(node.filter, item, caseExact, `${prefix}${node.path}.`));
    }
    case 'compare':
      return compareAt(node, scope, caseExact(`${prefix}${node.path}`));
  }
}

function compareAt(node: CompareNode, scope: Obj, exact: boolean): boolean {
  const values = valuesAt(scope, node.path);
  if (node.op === 'ne') return !compareAt({ ...node, op: 'eq' }, scope, exact);
  if (node.value === null) return node.op === 'eq' && values.every(empty);
  return values.some((v) =>
    compareOne(node.op, v, node.value as Exclude<FilterValue, null>, exact),
  );
}

function compareOne(
  op: CompareNode['op'],
  actual: unknown,
  expected: string | number | boolean,
  exact: boolean,
): boolean {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return false;
    const a = exact ? actual : actual.toLowerCase();
    const e = exact ? expected : expected.toLowerCase();
    switch (op) {
      case 'eq':
        return a === e;
      case 'co':
        return a.includes(e);
      case 'sw':
        return a.startsWith(e);
      case 'ew':
        return a.endsWith(e);
      case 'gt':
        return a > e;
      case 'ge':
        return a >= e;
      case 'lt':
        return a < e;
      case 'le':
        return a <= e;
      default:
        return false;
    }
  }
  if (typeof expected === 'boolean') return op === 'eq' && actual === expected;
  if (typeof actual !== 'number') return false;
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    default:
      return false;
  }
}

/** The values an attribute path names, flattened over multi-valued attributes. */
export function valuesAt(scope: Obj, path: string, whole = false): unknown[] {
  const p = splitAttributePath(path);
  if (!p) return [];
  let base: unknown = scope;
  if (p.schema && !p.schema.toLowerCase().startsWith(CORE_SCHEMA_PREFIX))
    base = member(scope, p.schema);
  let top = isObject(base) ? member(base, p.attribute) : undefined;
  if (top === undefined && !p.schema) {
    // A bare name also finds an extension attribute, as servers resolve `department`.
    for (const [key, ext] of Object.entries(scope))
      if (key.startsWith('urn:') && isObject(ext)) {
        top = member(ext, p.attribute);
        if (top !== undefined) break;
      }
  }
  const items = Array.isArray(top) ? top : top === undefined ? [] : [top];
  if (whole) return items;
  if (p.subAttribute === undefined)
    // `emails eq "x"` compares the items' value sub-attribute (RFC 7644 3.4.2.2).
    return items.map((i) => (isObject(i) && Array.isArray(top) ? member(i, 'value') : i));
  const sub = p.subAttribute;
  return items.flatMap((i) => (isObject(i) ? [member(i, sub)] : []));
}

function member(o: Obj, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(o)) if (key.toLowerCase() === lower) return o[key];
  return undefined;
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function empty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.values(v).every(empty);
}
