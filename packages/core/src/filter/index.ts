export type {
  AndNode,
  AttributePath,
  CompareNode,
  CompareOp,
  FilterNode,
  FilterValue,
  NotNode,
  OrNode,
  PresentNode,
  ValuePathNode,
} from './ast.js';
export { COMPARE_OPS } from './ast.js';
export { FilterSyntaxError, type SyntaxSubject } from './errors.js';
export { parseFilter, parsePatchPath, type PatchPath } from './parser.js';
export { formatFilter, formatValue } from './format.js';
export {
  and,
  checkFilterNode,
  co,
  eq,
  ew,
  filter,
  ge,
  gt,
  le,
  lt,
  ne,
  not,
  or,
  pr,
  sw,
  validateFilter,
  valuePath,
  type FilterValidation,
} from './builder.js';
export {
  formatAttributePath,
  isAttributeName,
  parseAttributePath,
  sameAttributePath,
} from './path.js';
