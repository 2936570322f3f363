export { checkPatchOperation, patchOps, patchRequest, validatePatchPath } from './ops.js';
export { diffToPatch, type DiffOptions } from './diff.js';
