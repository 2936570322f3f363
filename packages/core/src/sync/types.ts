import type { ScimError } from '../errors.js';
import type { PatchOperation, ScimUser } from '../types/index.js';

/** Where a desired record came from, for messages that name the file and row. */
export interface SourceRef {
  file?: string;
  /** 1-based data row (a CSV header is not a row; a JSON array's first item is row 1). */
  row: number;
  /** CSV: the line where the record starts (quoted newlines make it differ from the row). */
  line?: number;
}

export interface DesiredUser {
  source: SourceRef;
  /** A SCIM user: core attributes, and the enterprise extension under its URN. */
  user: ScimUser;
  /** Display names of groups this user should be in (a `$groups` column). */
  groups?: string[];
}

export interface DesiredGroup {
  displayName: string;
  /** Members by the same keys as users: values of the match keys, tried in order. */
  members: string[];
  source?: SourceRef;
}

export interface DesiredState {
  users: DesiredUser[];
  groups: DesiredGroup[];
}

export type MatchKey = 'externalId' | 'employeeNumber' | 'userName' | 'email';
export const MATCH_KEYS: readonly MatchKey[] = [
  'externalId',
  'employeeNumber',
  'userName',
  'email',
];

export type SyncScope =
  | { kind: 'all' }
  | { kind: 'externalId' }
  | { kind: 'group'; group: string }
  | { kind: 'created'; group: string };

export interface GroupRule {
  /** displayName of the group; created when missing. */
  group: string;
  /** SCIM filter over the desired user record. */
  filter: string;
}

export type MissingPolicy = 'deactivate' | 'delete' | 'leave';

export interface SyncLimits {
  maxRemovals?: number | undefined;
  maxRemovalPercent?: number | undefined;
}

export interface SyncOptions {
  match?: MatchKey[] | undefined;
  scope?: SyncScope | undefined;
  missing?: MissingPolicy | undefined;
  protect?: string[] | undefined;
  limits?: SyncLimits | undefined;
  minSourceRatio?: number | undefined;
  force?: boolean | undefined;
  rules?: GroupRule[] | undefined;
  attributes?: string[] | undefined;
  now?: (() => Date) | undefined;
}

export type SyncActionKind =
  | 'createGroup'
  | 'create'
  | 'update'
  | 'rename'
  | 'reactivate'
  | 'removeMembers'
  | 'addMembers'
  | 'deactivate'
  | 'delete';

/** Apply order. */
export const ACTION_KINDS: readonly SyncActionKind[] = [
  'createGroup',
  'create',
  'update',
  'rename',
  'reactivate',
  'deactivate',
  'delete',
  'removeMembers',
  'addMembers',
];

export interface AttributeChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** What an action was planned against: meta.version where the server has one, and a hash. */
export interface Planned {
  version?: string;
  hash: string;
}

export interface CreateGroupAction {
  id: string;
  kind: 'createGroup';
  displayName: string;
  reason: string;
}

export interface CreateAction {
  id: string;
  kind: 'create';
  userName: string;
  user: ScimUser;
  source: SourceRef;
  reason: string;
}

export interface UpdateAction {
  id: string;
  kind: 'update' | 'rename' | 'reactivate' | 'deactivate';
  userId: string;
  /** The current userName (before the change). */
  userName: string;
  match?: { key: MatchKey; value: string };
  source?: SourceRef;
  changes: AttributeChange[];
  patch: PatchOperation[];
  planned: Planned;
  reason: string;
}

export interface DeleteAction {
  id: string;
  kind: 'delete';
  userId: string;
  userName: string;
  planned: Planned;
  reason: string;
}

export interface MemberRef {
  userId?: string;
  /** Id of the create action that makes this user. */
  createdBy?: string;
  userName: string;
  reason: string;
}

export interface MemberAction {
  id: string;
  kind: 'addMembers' | 'removeMembers';
  group: { id?: string; displayName: string; createdBy?: string };
  members: MemberRef[];
  reason: string;
}

export type SyncAction =
  CreateGroupAction | CreateAction | UpdateAction | DeleteAction | MemberAction;

export interface PlanIssue {
  code: string;
  message: string;
  rows: SourceRef[];
  userIds: string[];
}

export interface SyncPlan {
  format: 'celonis-scim/sync-plan';
  version: 1;
  createdAt: string;
  baseUrl: string;
  server: { etag: boolean; bulk: boolean; patch: boolean };
  options: {
    match: MatchKey[];
    scope: SyncScope;
    missing: MissingPolicy;
    limits: { maxRemovals: number; maxRemovalPercent: number };
    rules: GroupRule[];
    /** How many protect entries there were (the entries themselves stay out of the file). */
    protect: number;
    /** Managed attributes: the ones compared and hashed. */
    attributes: string[];
  };
  source: { users: number; groups: number; files: string[] };
  team: { users: number; inScope: number };
  counts: Record<SyncActionKind, number>;
  safety: { safe: boolean; problems: string[] };
  errors: PlanIssue[];
  warnings: PlanIssue[];
  actions: SyncAction[];
}

export type ActionStatus = 'done' | 'conflict' | 'failed' | 'skipped';

export interface ActionResult {
  id: string;
  kind: SyncActionKind;
  status: ActionStatus;
  error?: ScimError;
  detail?: string;
  /** Id of a created user or group. */
  resourceId?: string;
}

export interface ApplyProgress {
  done: number;
  total: number;
  kind: SyncActionKind;
}

export interface ApplyOptions {
  concurrency?: number | undefined;
  onProgress?: ((p: ApplyProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  allowUnsafe?: boolean | undefined;
  maxAgeMs?: number | undefined;
  bulk?: boolean | undefined;
}

export interface ApplyReport {
  results: ActionResult[];
  counts: Record<ActionStatus, number>;
  cancelled: boolean;
}
