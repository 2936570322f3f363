import { SCHEMA_ENTERPRISE_USER, type ScimUser } from '@celonis-scim/core';
import type { IDataObject } from 'n8n-workflow';

/**
 * The user fields the nodes offer, and where each lives on a SCIM user: the one list Create,
 * Update and Upsert write through and the simplified output of both nodes reads.
 */
export const ENTERPRISE = SCHEMA_ENTERPRISE_USER;

export interface FieldSpec {
  /** PATCH path of the attribute. */
  path: string;
  read(user: ScimUser): unknown;
  /** The PATCH value for a field value (defaults to the value itself). */
  value?(v: unknown): unknown;
  /**
   * One value of a multi-valued attribute, by type (the work e-mail, the mobile number, the
   * locality of the work address): written by merging into the user's list, never by
   * replacing the list, so the other e-mails, numbers and addresses stay.
   */
  typed?: TypedSlot;
}

export interface TypedSlot {
  /** A multi-valued attribute addressed by type: emails, phoneNumbers, addresses, ims... */
  attribute: string;
  type: string;
  sub: string;
  /** The entry is marked primary when it is created. */
  primary?: boolean;
}

type Entry = Record<string, unknown>;

function typedField(slot: TypedSlot, read?: (u: ScimUser) => unknown): FieldSpec {
  return {
    path: slot.attribute,
    typed: slot,
    read:
      read ??
      ((u) =>
        ((u[slot.attribute] as Entry[] | undefined) ?? []).find((e) => e.type === slot.type)?.[
          slot.sub
        ]),
  };
}

/**
 * The list `attribute` with the typed values set: an entry of that type is changed in place,
 * a missing one is added (primary when its slot says so and no entry is primary yet).
 */
export function mergeTyped(
  current: readonly Entry[] | undefined,
  values: Array<[TypedSlot, unknown]>,
): Entry[] {
  const out = (current ?? []).map((e) => ({ ...e }));
  for (const [slot, v] of values) {
    let entry = out.find((e) => e.type === slot.type);
    if (!entry) {
      entry = { type: slot.type };
      if (slot.primary && !out.some((e) => e.primary === true)) entry.primary = true;
      out.push(entry);
    }
    entry[slot.sub] = v;
  }
  return out;
}

const enterprise = (attr: string): FieldSpec => ({
  path: `${ENTERPRISE}:${attr}`,
  read: (u) => (u[ENTERPRISE] as IDataObject | undefined)?.[attr],
});

/** How each field of the node maps onto a SCIM user. */
export const FIELDS: Record<string, FieldSpec> = {
  givenName: { path: 'name.givenName', read: (u) => u.name?.givenName },
  familyName: { path: 'name.familyName', read: (u) => u.name?.familyName },
  displayName: { path: 'displayName', read: (u) => u.displayName },
  // Shown as the primary address (or the work one); written into the work entry.
  email: typedField(
    { attribute: 'emails', type: 'work', sub: 'value', primary: true },
    (u) =>
      (
        u.emails?.find((e) => e.primary) ??
        u.emails?.find((e) => e.type === 'work') ??
        u.emails?.[0]
      )?.value,
  ),
  workPhone: typedField({ attribute: 'phoneNumbers', type: 'work', sub: 'value' }),
  mobilePhone: typedField({ attribute: 'phoneNumbers', type: 'mobile', sub: 'value' }),
  streetAddress: typedField({ attribute: 'addresses', type: 'work', sub: 'streetAddress' }),
  locality: typedField({ attribute: 'addresses', type: 'work', sub: 'locality' }),
  postalCode: typedField({ attribute: 'addresses', type: 'work', sub: 'postalCode' }),
  region: typedField({ attribute: 'addresses', type: 'work', sub: 'region' }),
  country: typedField({ attribute: 'addresses', type: 'work', sub: 'country' }),
  active: { path: 'active', read: (u) => u.active },
  title: { path: 'title', read: (u) => u.title },
  externalId: { path: 'externalId', read: (u) => u.externalId },
  userType: { path: 'userType', read: (u) => u.userType },
  preferredLanguage: { path: 'preferredLanguage', read: (u) => u.preferredLanguage },
  locale: { path: 'locale', read: (u) => u.locale },
  timezone: { path: 'timezone', read: (u) => u.timezone },
  department: enterprise('department'),
  employeeNumber: enterprise('employeeNumber'),
  costCenter: enterprise('costCenter'),
  organization: enterprise('organization'),
  division: enterprise('division'),
  /** The manager's id (the node resolves a userName or employee number to it first). */
  managerId: {
    path: `${ENTERPRISE}:manager`,
    read: (u) =>
      ((u[ENTERPRISE] as IDataObject | undefined)?.manager as IDataObject | undefined)?.value,
    value: (v) => ({ value: v }),
  },
};
