// Every node of the Teams tree, from one place: parents (team, folder, group) are objects that
// own their pages and filter (parents.ts); the rest are plain data (leaves.ts).
export {
  isInactive,
  userLabel,
  type MemberNode,
  type MessageNode,
  type UserGroupNode,
  type UserNode,
} from './leaves.js';
export {
  nodeId,
  type FolderNode,
  type GroupNode,
  type LoadMoreNode,
  type Node,
  type TeamNode,
} from './parents.js';
