import { COMPARE_OPS, type FilterNode, type FilterValue } from './ast.js';
import { FilterSyntaxError } from './errors.js';
import { formatFilter } from './format.js';
import { parseFilter } from './parser.js';
import { parseAttributePath } from './path.js';

/** A builder value as the filter grammar allows it, or a TypeError that says what is wrong. */
export function checkValue(value: unknown, path: string): FilterValue {
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
export function filterText(input: string | FilterNode): string {
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
