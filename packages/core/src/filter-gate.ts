import * as filterModule from './filter/index.js';

/** A filter as users pass it: SCIM filter text or a node from the filter builder. */
export type FilterInput = string | object;

/** SCIM string literal: the grammar's escaping is JSON's (RFC 7644 3.4.2.2). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

type Validate = (f: FilterInput) => string;
const validate = (filterModule as Record<string, unknown>).filter as Validate | undefined;

/** Every filter the client sends passes here: a bad one throws before any request. */
export function filterText(f: FilterInput): string {
  if (typeof validate === 'function') return validate(f);
  if (typeof f === 'string') return f;
  throw new TypeError('filter must be SCIM filter text or a node from the filter builder');
}
