/**
 * The filter builder: one function per SCIM operator, each checking its path and value as it
 * builds, so that a node it returns always formats to a filter a server accepts. The main entry
 * exports this module as the `filter` namespace (`filter.eq('userName', x)`).
 */
import type { CompareOp, FilterNode, ValuePathNode } from './ast.js';
import { checkValue } from './check.js';
import { isAttributeName, parseAttributePath } from './path.js';

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
