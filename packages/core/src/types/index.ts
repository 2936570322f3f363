/** RFC 7643 resource types. Index signatures keep attributes and extensions the types do not name. */

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCHEMA_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCHEMA_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCHEMA_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCHEMA_BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const SCHEMA_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCHEMA_BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
  [key: string]: unknown;
}

export interface ScimResource {
  schemas?: string[];
  id?: string;
  externalId?: string;
  meta?: ScimMeta;
  [key: string]: unknown;
}

export interface MultiValued {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  $ref?: string;
  [key: string]: unknown;
}

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
  [key: string]: unknown;
}

export interface EnterpriseUser {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: { value?: string; $ref?: string; displayName?: string };
  [key: string]: unknown;
}

export interface ScimUser extends ScimResource {
  userName: string;
  name?: ScimName;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  password?: string;
  emails?: MultiValued[];
  phoneNumbers?: MultiValued[];
  ims?: MultiValued[];
  photos?: MultiValued[];
  addresses?: Array<Record<string, unknown>>;
  groups?: MultiValued[];
  entitlements?: MultiValued[];
  roles?: MultiValued[];
  x509Certificates?: MultiValued[];
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'?: EnterpriseUser;
}

export interface GroupMember {
  value: string;
  display?: string;
  type?: string;
  $ref?: string;
  [key: string]: unknown;
}

export interface ScimGroup extends ScimResource {
  displayName: string;
  members?: GroupMember[];
}

export interface ListResponse<T> {
  schemas?: string[];
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: T[];
  /** RFC 9865: the cursor of the next page; absent on the last one. */
  nextCursor?: string;
  [key: string]: unknown;
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

export interface PatchRequest {
  schemas: string[];
  Operations: PatchOperation[];
}

export interface Supported {
  supported: boolean;
  [key: string]: unknown;
}

export interface ServiceProviderConfig extends ScimResource {
  documentationUri?: string;
  patch?: Supported;
  bulk?: Supported & { maxOperations?: number; maxPayloadSize?: number };
  filter?: Supported & { maxResults?: number };
  changePassword?: Supported;
  sort?: Supported;
  etag?: Supported;
  /** RFC 9865: the paging methods lists offer. */
  pagination?: {
    cursor?: boolean;
    index?: boolean;
    defaultPaginationMethod?: string;
    defaultPageSize?: number;
    maxPageSize?: number;
    cursorTimeout?: number;
  };
  authenticationSchemes?: Array<Record<string, unknown>>;
}

export interface ScimSchemaAttribute {
  name: string;
  type: string;
  multiValued?: boolean;
  description?: string;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  returned?: string;
  uniqueness?: string;
  subAttributes?: ScimSchemaAttribute[];
  canonicalValues?: string[];
  referenceTypes?: string[];
  [key: string]: unknown;
}

export interface ScimSchema extends ScimResource {
  name?: string;
  description?: string;
  attributes?: ScimSchemaAttribute[];
}

export interface ResourceType extends ScimResource {
  name?: string;
  endpoint?: string;
  schema?: string;
  description?: string;
  schemaExtensions?: Array<{ schema: string; required: boolean }>;
}

export interface BulkOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

export interface BulkOperationResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string | number;
  response?: unknown;
  [key: string]: unknown;
}

export interface BulkResponse {
  schemas?: string[];
  Operations: BulkOperationResult[];
}
