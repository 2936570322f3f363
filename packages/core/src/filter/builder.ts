import {
  COMPARE_OPS,
  type CompareOp,
  type FilterNode,
  type FilterValue,
  type ValuePathNode,
} from './ast.js';
import { formatFilter } from './format.js';
import { parseFilter } from './parser.js';
import { isAttributeName, parseAttributePath } from './path.js';
import { FilterSyntaxError } from './errors.js';

function checkValue(value: unknown, path: string): FilterValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`filter value for ${path} must be a finite number, got ${value}`);
    return value === 0 ? 0 : value; // -0 prints as 0; keep the tree equal to what parses back
  }
  const kind = value instanceof Date ? 'a Date (pass value.toISOString())' : typeof value;
  throw new TypeError(
    `filter value for ${path} must be a string, number, boolean or null, got ${kind}`,
  );
}

function compare(op: CompareOp) {
  return (path: string, value: string | number | boolean | null): FilterNode => {
    parseAttributePath(path);
    return { type: 'compare', op, path, value: checkValue(value, path) };
  };
}

export const eq = compare('eq');
export const ne = compare('ne');
export const co = compare('co');
export const sw = compare('sw');
export const ew = compare('ew');
export const gt = compare('gt');
export const ge = compare('ge');
export const lt = compare('lt');
export const le = compare('le');

export function pr(path: string): FilterNode {
  parseAttributePath(path);
  return { type: 'present', path };
}

function logical(type: 'and' | 'or', nodes: FilterNode[]): FilterNode {
  if (nodes.length === 0) throw new TypeError(`${type}() needs at least one filter`);
  if (nodes.length === 1) return nodes[0] as FilterNode;
  return { type, filters: nodes };
}

export function and(...nodes: FilterNode[]): FilterNode {
  return logical('and', nodes);
}

export function or(...nodes: FilterNode[]): FilterNode {
  return logical('or', nodes);
}

export function not(node: FilterNode): FilterNode {
  return { type: 'not', filter: node };
}

/** `path[filter]`, e.g. valuePath('emails', and(eq('type', 'work'), co('value', '@x'))). */
export function valuePath(path: string, filter: FilterNode, subAttr?: string): ValuePathNode {
  parseAttributePath(path);
  if (subAttr !== undefined && !isAttributeName(subAttr))
    throw new TypeError(
      `sub-attribute ${JSON.stringify(subAttr)} is not an attribute name (letters, digits, "-" and "_")`,
    );
  return subAttr === undefined
    ? { type: 'valuePath', path, filter }
    : { type: 'valuePath', path, filter, subAttr };
}

/** Checks a tree built by hand or deserialised, so nothing malformed reaches a server. */
export function checkFilterNode(
  node: unknown,
  where = 'filter',
  inValuePath = false,
): asserts node is FilterNode {
  const n = node as Record<string, unknown> | null;
  if (typeof n !== 'object' || n === null)
    throw new TypeError(`${where} must be a filter node, got ${n === null ? 'null' : typeof n}`);
  const path = (): void => {
    if (typeof n.path !== 'string') throw new TypeError(`${where}.path must be a string`);
    parseAttributePath(n.path);
  };
  switch (n.type) {
    case 'compare':
      path();
      if (!(COMPARE_OPS as readonly unknown[]).includes(n.op))
        throw new TypeError(
          `${where}.op must be one of ${COMPARE_OPS.join(', ')}, got ${JSON.stringify(n.op)}`,
        );
      checkValue(n.value, String(n.path));
      return;
    case 'present':
      return path();
    case 'and':
    case 'or':
      if (!Array.isArray(n.filters) || n.filters.length < 2)
        throw new TypeError(`${where}.filters must be an array of at least two filters`);
      n.filters.forEach((f, i) => checkFilterNode(f, `${where}.filters[${i}]`, inValuePath));
      return;
    case 'not':
      return checkFilterNode(n.filter, `${where}.filter`, inValuePath);
    case 'valuePath':
      path();
      if (inValuePath) throw new TypeError(`${where}: value filters cannot be nested`);
      if (n.subAttr !== undefined)
        throw new TypeError(`${where}.subAttr belongs in PATCH paths, not in filters`);
      return checkFilterNode(n.filter, `${where}.filter`, true);
    default:
      throw new TypeError(
        `${where}.type must be compare, present, and, or, not or valuePath, got ${JSON.stringify(n.type)}`,
      );
  }
}

/**
 * Returns valid filter text for filter text or a builder node, or throws before anything is
 * sent: FilterSyntaxError for bad text, TypeError for a malformed node.
 */
export function filter(input: string | FilterNode): string {
  if (typeof input === 'string') return formatFilter(parseFilter(input));
  checkFilterNode(input);
  return formatFilter(input);
}

export type FilterValidation =
  { ok: true; ast: FilterNode } | { ok: false; error: FilterSyntaxError };

/** Non-throwing parse for editors and forms: the error carries position, expected and found. */
export function validateFilter(text: string): FilterValidation {
  try {
    return { ok: true, ast: parseFilter(text) };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e };
    throw e;
  }
}
