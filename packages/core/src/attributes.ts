/**
 * The one table of attributes a client does not write. The PATCH diff, create and replace
 * bodies, the change fingerprint, the n8n node's custom-attribute check and the VS Code editor's
 * read-only check all read it, so that a new rule lands everywhere at once.
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
