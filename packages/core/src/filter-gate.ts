import type { FilterNode } from './filter/index.js';
import { filter } from './filter/index.js';

/** A filter as users pass it: SCIM filter text or a node from the filter builder. */
export type FilterInput = string | FilterNode;

/** SCIM string literal: the grammar's escaping is JSON's (RFC 7644 3.4.2.2). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/**
 * Every filter the client sends passes here: text is parsed (a bad filter throws a
 * FilterSyntaxError naming the position before any request) and sent in canonical form.
 */
export function filterText(f: FilterInput): string {
  return filter(f);
}
