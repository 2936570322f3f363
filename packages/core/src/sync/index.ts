export { SyncError, type SyncErrorCode } from './errors.js';
export * from './types.js';
export {
  compileMapping,
  type AttributeMapping,
  type CompiledColumn,
  type CompiledMapping,
  type Placement,
  type MappingTarget,
  type ValueType,
} from './mapping.js';
export { coerce, userFromRecord } from './desired.js';
export { readDesiredJson, type JsonReadOptions } from './readers/json.js';
export { planSync } from './plan.js';
export { applyPlan } from './apply.js';
export { serializePlan, parsePlan, planChecksum } from './serialize.js';
export { summarizePlan } from './summary.js';
export { evaluateFilter, type EvaluateOptions } from '../filter/evaluate.js';
