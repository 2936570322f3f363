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
  email: {
    path: 'emails',
    read: (u) => (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value,
    value: (v) => [{ value: v, type: 'work', primary: true }],
  },
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
};
