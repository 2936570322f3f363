/** Syntax tree of an RFC 7644 section 3.4.2.2 filter. */

export const COMPARE_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** compValue: a JSON string, number, true, false or null. */
export type FilterValue = string | number | boolean | null;

/** `path op value`, e.g. `userName eq "bjensen"`. */
export interface CompareNode {
  type: 'compare';
  op: CompareOp;
  path: string;
  value: FilterValue;
}

/** `path pr`: the attribute has a non-empty value. */
export interface PresentNode {
  type: 'present';
  path: string;
}

/** `a and b and c` (at least two operands). */
export interface AndNode {
  type: 'and';
  filters: FilterNode[];
}

/** `a or b or c` (at least two operands). */
export interface OrNode {
  type: 'or';
  filters: FilterNode[];
}

/** `not (filter)`. */
export interface NotNode {
  type: 'not';
  filter: FilterNode;
}

/**
 * `emails[type eq "work"]`. `subAttr` only occurs in PATCH paths
 * (`emails[type eq "work"].value`); a filter never has one.
 */
export interface ValuePathNode {
  type: 'valuePath';
  path: string;
  filter: FilterNode;
  subAttr?: string;
}

export type FilterNode = CompareNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;

/** attrPath = [URI ":"] ATTRNAME *1subAttr, split into its parts. */
export interface AttributePath {
  /** Schema URN of an extension attribute, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}
