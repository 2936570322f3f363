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
export { and, co, eq, ew, ge, gt, le, lt, ne, not, or, pr, sw, valuePath } from './builder.js';
export { checkFilterNode, filterText, validateFilter, type FilterValidation } from './check.js';
export {
  formatAttributePath,
  isAttributeName,
  parseAttributePath,
  sameAttributePath,
} from './path.js';
