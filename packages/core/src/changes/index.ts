export * from './types.js';
export { diffSnapshots } from './diff.js';
export {
  snapshot,
  DEFAULT_USER_ATTRIBUTES,
  DEFAULT_GROUP_ATTRIBUTES,
  type SnapshotOptions,
} from './snapshot.js';
export {
  serializeSnapshot,
  parseSnapshot,
  snapshotSize,
  SnapshotFormatError,
} from './serialize.js';
