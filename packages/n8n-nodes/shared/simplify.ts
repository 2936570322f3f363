import type { ScimUser } from '@celonis-scim/core';
import type { IDataObject } from 'n8n-workflow';
import { FIELDS } from './userFields';

// The flat output of the trigger's events and of the action node's version 1 with Simplify on
// (version 1.1's Output is in nodes/CelonisScim/helpers/output.ts).

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
