import type { FilterNode, FilterValue } from './ast.js';

/**
 * Prints a filter in canonical form (lower-case operators, JSON-escaped strings, parentheses
 * only where precedence needs them). `parseFilter(formatFilter(n))` deep-equals `n`.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.type) {
    case 'compare':
      return `${node.path} ${node.op} ${formatValue(node.value)}`;
    case 'present':
      return `${node.path} pr`;
    case 'and':
      // A nested and/or keeps its own parentheses so the tree shape survives a round trip.
      return node.filters
        .map((f) =>
          f.type === 'and' || f.type === 'or' ? `(${formatFilter(f)})` : formatFilter(f),
        )
        .join(' and ');
    case 'or':
      return node.filters
        .map((f) => (f.type === 'or' ? `(${formatFilter(f)})` : formatFilter(f)))
        .join(' or ');
    case 'not':
      return `not (${formatFilter(node.filter)})`;
    case 'valuePath': {
      const base = `${node.path}[${formatFilter(node.filter)}]`;
      return node.subAttr === undefined ? base : `${base}.${node.subAttr}`;
    }
  }
}

/** A compValue as JSON: quotes, backslashes, control characters and lone surrogates are escaped. */
export function formatValue(value: FilterValue): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError(`a filter value must be a finite number, got ${value}`);
  return JSON.stringify(value);
}
