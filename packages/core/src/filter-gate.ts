import { ScimError } from './errors.js';
import type { FilterNode } from './filter/index.js';
import { filterText as filter } from './filter/index.js';

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

/**
 * The server answered a filter it could not evaluate (400 invalidFilter, or 400 with another
 * scimType: servers differ). A caller that needs the answer falls back to a path without that
 * filter (one by one, or paging and comparing here); it never reads the refusal as "none".
 */
export function filterRefused(e: unknown): e is ScimError {
  return e instanceof ScimError && e.kind === 'invalid' && e.status !== undefined;
}
