export * from './types/index.js';
export * from './errors.js';
export * from './transport/index.js';
export * from './auth/index.js';
export * from './retry/index.js';
export {
  pages,
  items,
  itemsOf,
  nextPage,
  FIRST_PAGE,
  cursorPages,
  nextCursorPage,
  FIRST_CURSOR,
  type CursorFetcher,
  type CursorState,
  type PageFetcher,
  type PageState,
  type PageStep,
} from './paging.js';
export { Semaphore, mapBounded } from './concurrency.js';
export { SCIM_MEDIA_TYPE, type Logger, type RequestLogEntry } from './http.js';
export { capabilitiesFrom, mapEndpoint, type ServerCapabilities } from './discovery.js';
export { chunkOperations, bulkStatus, bulkItemError, type BulkOptions } from './bulk.js';
export { celonisUrls, CELONIS_SCIM_SCOPE, type CelonisUrls } from './celonis.js';
export { shownUrl, hasControlCharacter, baseUrlProblem, type BaseUrlProblem } from './urls.js';
export { idProblem, type ValueProblem } from './ids.js';
export { quote as quoteFilterValue, type FilterInput } from './filter-gate.js';
export { brokenText } from './body-check.js';
export {
  SERVER_ASSIGNED_ATTRIBUTES,
  SCHEMAS_ATTRIBUTE,
  TYPE_READ_ONLY_ATTRIBUTES,
  readOnlyAttributes,
  isReadOnlyAttribute,
  type ResourceTypeName,
} from './attributes.js';
export * from './resources/base.js';
export * from './resources/users.js';
export * from './resources/groups.js';
export * from './client.js';
export * from './filter/index.js';
export * from './patch/index.js';
export * from './changes/index.js';
export * from './sync/index.js';
