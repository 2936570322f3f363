/**
 * The public API of `@celonis-scim/core`, exported by name: what a program needs to talk to a
 * SCIM service (the client, its options and errors), to build filters and PATCH bodies, to watch
 * a team for changes and to plan and apply a sync. Everything else (retry arithmetic, the HTTP
 * pipeline, the semaphore, redaction) stays inside; tests import those from their modules.
 * `test/exports.test.ts` holds the list, so that a new export is a decision, not an accident.
 */

// Resources and messages of RFC 7643 / 7644.
export {
  SCHEMA_BULK_REQUEST,
  SCHEMA_BULK_RESPONSE,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_ERROR,
  SCHEMA_GROUP,
  SCHEMA_LIST_RESPONSE,
  SCHEMA_PATCH_OP,
  SCHEMA_USER,
  type BulkOperation,
  type BulkOperationResult,
  type BulkResponse,
  type EnterpriseUser,
  type GroupMember,
  type ListResponse,
  type MultiValued,
  type PatchOperation,
  type PatchRequest,
  type ResourceType,
  type ScimGroup,
  type ScimMeta,
  type ScimName,
  type ScimResource,
  type ScimSchema,
  type ScimSchemaAttribute,
  type ScimUser,
  type ServiceProviderConfig,
  type Supported,
} from './types/index.js';

// The client.
export { createScimClient, type ScimClient, type ScimClientOptions } from './client.js';
export type {
  GetOptions,
  ListOptions,
  ListPageOptions,
  ResourceClient,
  WriteOptions,
} from './resources/base.js';
export type {
  ProvisionOptions,
  ProvisionProgress,
  ProvisionResult,
  UsersClient,
} from './resources/users.js';
export type { GroupsClient, MemberBatchOptions, MemberChangeResult } from './resources/groups.js';
export { ScimError, isScimError, type ScimErrorInit, type ScimErrorKind } from './errors.js';
export {
  TransportError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport/types.js';
export type { AuthConfig, AuthProvider, OAuth2ClientCredentials } from './auth/types.js';
export { TokenCache, type CachedToken, type TokenSlot } from './auth/cache.js';
export { requestClientCredentialsToken, type IssuedToken } from './auth/oauth2.js';
export type { RetryOptions } from './retry/index.js';
export type { Logger, RequestLogEntry } from './http.js';
export { capabilitiesFrom, type ServerCapabilities } from './discovery.js';
export { FIRST_PAGE, nextPage, type PageFetcher, type PageState, type PageStep } from './paging.js';
export { mapBounded } from './concurrency.js';
export { bulkItemError, bulkStatus, chunkOperations, type BulkOptions } from './bulk.js';

// Celonis teams, and checks of what a user types before anything is sent.
export {
  CELONIS_SCIM_SCOPE,
  TeamUrlError,
  celonisUrls,
  type CelonisUrls,
  type TeamUrlProblem,
} from './celonis.js';
export { baseUrlProblem, hasControlCharacter, shownUrl, type BaseUrlProblem } from './urls.js';
export { idProblem, type ValueProblem } from './ids.js';
export { brokenText } from './body-check.js';
export {
  SCHEMAS_ATTRIBUTE,
  SERVER_ASSIGNED_ATTRIBUTES,
  TYPE_READ_ONLY_ATTRIBUTES,
  isReadOnlyAttribute,
  readOnlyAttributes,
  unsyncedAttributes,
  type ResourceTypeName,
} from './attributes.js';

// Filters: the builder as one namespace (`filter.eq('userName', x)`), text in and out.
export * as filter from './filter/builder.js';
export { filterText, validateFilter, type FilterValidation } from './filter/check.js';
export { parseFilter, parsePatchPath, type PatchPath } from './filter/parser.js';
export { formatFilter, formatValue } from './filter/format.js';
export { formatAttributePath, parseAttributePath, sameAttributePath } from './filter/path.js';
export { FilterSyntaxError, type SyntaxSubject } from './filter/errors.js';
export { evaluateFilter, type EvaluateOptions } from './filter/evaluate.js';
export { quote as quoteFilterValue, type FilterInput } from './filter-gate.js';
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
} from './filter/ast.js';

// PATCH bodies.
export { patchOps, patchRequest, validatePatchPath } from './patch/ops.js';
export { diffToPatch, type DiffOptions } from './patch/diff.js';

// Changes of a team between two snapshots.
export {
  CHANGE_EVENT_ORDER,
  SNAPSHOT_VERSION,
  type ChangeEvent,
  type ChangeEventType,
  type GroupChangeEvent,
  type MemberChangeEvent,
  type Snapshot,
  type SnapshotGroup,
  type UserChangeEvent,
  type UserDeletedEvent,
} from './changes/types.js';
export {
  DEFAULT_GROUP_ATTRIBUTES,
  DEFAULT_USER_ATTRIBUTES,
  snapshot,
  type SnapshotOptions,
} from './changes/snapshot.js';
export { diffSnapshots } from './changes/diff.js';
export {
  SnapshotFormatError,
  parseSnapshot,
  serializeSnapshot,
  snapshotSize,
} from './changes/serialize.js';

// Sync: a desired state in, a plan out, the plan applied.
export {
  ACTION_KINDS,
  MATCH_KEYS,
  type ActionResult,
  type ActionStatus,
  type ApplyOptions,
  type ApplyProgress,
  type ApplyReport,
  type AttributeChange,
  type CreateAction,
  type CreateGroupAction,
  type DeleteAction,
  type DesiredGroup,
  type DesiredState,
  type DesiredUser,
  type GroupRule,
  type MatchKey,
  type MemberAction,
  type MemberRef,
  type MissingPolicy,
  type PlanIssue,
  type Planned,
  type SourceRef,
  type SyncAction,
  type SyncActionKind,
  type SyncLimits,
  type SyncOptions,
  type SyncPlan,
  type SyncScope,
  type UpdateAction,
} from './sync/types.js';
export { SyncError, type SyncErrorCode, type SyncErrorInit } from './sync/errors.js';
export {
  compileMapping,
  type AttributeMapping,
  type CompiledColumn,
  type CompiledMapping,
  type MappingTarget,
  type Placement,
  type ValueType,
} from './sync/mapping.js';
export { coerce, userFromRecord } from './sync/desired.js';
export { readDesiredJson, type JsonReadOptions } from './sync/readers/json.js';
export { planSync } from './sync/plan.js';
export { applyPlan } from './sync/apply.js';
export { parsePlan, planChecksum, serializePlan } from './sync/serialize.js';
export { summarizePlan } from './sync/summary.js';
