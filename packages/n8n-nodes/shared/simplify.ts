import type { ScimGroup, ScimUser } from '@celonis-scim/core';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { FIELDS } from './userFields';

// The flat output both nodes give by default (the action node with Simplify on, the trigger's
// events), from one place.

/** The flat view of a user most workflows need. */
export function simplifyUser(user: ScimUser): IDataObject {
  const out: IDataObject = { id: user.id, userName: user.userName };
  for (const [key, spec] of Object.entries(FIELDS)) {
    const v = spec.read(user);
    if (v !== undefined && v !== null && v !== '') out[key] = v as IDataObject[string];
  }
  if (user.groups)
    out.groups = user.groups.map((g) => ({ id: g.value, displayName: g.display }) as IDataObject);
  if (user.meta?.created) out.created = user.meta.created;
  if (user.meta?.lastModified) out.lastModified = user.meta.lastModified;
  return out;
}

/** The flat view of a group: its members as { id, display } and a member count. */
export function simplifyGroup(group: {
  id?: string;
  displayName: string;
  externalId?: string;
  members?: Array<{ value: string; display?: string }>;
  meta?: { created?: string; lastModified?: string };
}): IDataObject {
  const out: IDataObject = { id: group.id, displayName: group.displayName };
  if (group.externalId) out.externalId = group.externalId;
  if (group.members) {
    out.memberCount = group.members.length;
    out.members = group.members.map((m) => ({ id: m.value, display: m.display }) as IDataObject);
  }
  if (group.meta?.created) out.created = group.meta.created;
  if (group.meta?.lastModified) out.lastModified = group.meta.lastModified;
  return out;
}

/** The item an operation returns: the flat view with Simplify on, else the raw SCIM resource. */
export function outputOf<T extends ScimUser | ScimGroup>(
  simplify: boolean,
  resource: T,
  flat: (resource: T) => IDataObject,
): IDataObject {
  return simplify ? flat(resource) : (resource as IDataObject);
}

/** `outputOf` with the operation's own Simplify parameter. */
export function simplified<T extends ScimUser | ScimGroup>(
  ctx: IExecuteFunctions,
  i: number,
  resource: T,
  flat: (resource: T) => IDataObject,
): IDataObject {
  return outputOf(ctx.getNodeParameter('simplify', i, true) as boolean, resource, flat);
}
