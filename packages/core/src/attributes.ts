/**
 * The one table of attribute rules a client follows: which attributes it does not write, which
 * a sync never sets, and which compare case-exactly when a server's /Schemas does not say. The
 * PATCH diff, create and replace bodies, the sync, the change fingerprint, the local filter
 * evaluation, the n8n node's field list and the VS Code editor's read-only check all read it,
 * so that a new rule lands everywhere at once.
 */
export type ResourceTypeName = 'User' | 'Group';

/** Assigned by the server on every resource (RFC 7643 3.1): never sent as written. */
export const SERVER_ASSIGNED_ATTRIBUTES: readonly string[] = ['id', 'meta'];

/** Names the schemas a resource uses; the client fills it in rather than diffing it. */
export const SCHEMAS_ATTRIBUTE = 'schemas';

/**
 * Read-only on one resource type: a User's `groups` (RFC 7643 4.1.2; memberships change on the
 * Group, and Celonis refuses them on the User).
 */
export const TYPE_READ_ONLY_ATTRIBUTES: Readonly<Record<ResourceTypeName, readonly string[]>> = {
  User: ['groups'],
  Group: [],
};

/** Everything an edit of a resource of `type` may not change: server-assigned, schemas, read-only. */
export function readOnlyAttributes(type: ResourceTypeName): readonly string[] {
  return [...SERVER_ASSIGNED_ATTRIBUTES, SCHEMAS_ATTRIBUTE, ...TYPE_READ_ONLY_ATTRIBUTES[type]];
}

/** Whether `name` (an attribute name, any case) is read-only on `type`. */
export function isReadOnlyAttribute(type: ResourceTypeName, name: string): boolean {
  const lower = name.toLowerCase();
  return readOnlyAttributes(type).some((a) => a.toLowerCase() === lower);
}

/**
 * Never returned by a server (RFC 7643 `returned: "never"`): a client may send it, but cannot
 * read it back, so a sync cannot compare it and a fingerprint cannot see it change.
 */
export const TYPE_WRITE_ONLY_ATTRIBUTES: Readonly<Record<ResourceTypeName, readonly string[]>> = {
  User: ['password'],
  Group: [],
};

/**
 * Attributes a sync (or a field mapped from a source) never sets on a resource of `type`: the
 * read-only ones and the write-only ones.
 */
export function unsyncedAttributes(type: ResourceTypeName): readonly string[] {
  return [...readOnlyAttributes(type), ...TYPE_WRITE_ONLY_ATTRIBUTES[type]];
}

/**
 * Attribute paths RFC 7643 makes case-exact (the identifiers: `id`, `externalId`, the version,
 * and the ids in `members` and a user's `groups`), as the sandbox and Celonis compare them.
 * Every other string compares case-insensitively, unless the server's /Schemas says otherwise.
 */
export const CASE_EXACT_ATTRIBUTES: readonly string[] = [
  'id',
  'externalId',
  'meta.version',
  'members.value',
  'groups.value',
];

const CASE_EXACT = new Set(CASE_EXACT_ATTRIBUTES.map((p) => p.toLowerCase()));

/**
 * Whether a core-schema attribute path (`externalId`, `members.value`, any case) compares
 * case-exactly by RFC 7643's defaults. Extension attributes (a `urn:` path) do not.
 */
export function isCaseExactByDefault(path: string): boolean {
  return CASE_EXACT.has(path.toLowerCase());
}
