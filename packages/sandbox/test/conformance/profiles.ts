import type { TeamOptions } from '../../src/index.js';

/** A way the sandbox can be configured that changes what it serves or accepts. */
export interface Profile {
  name: string;
  options: Omit<TeamOptions, 'name'>;
}

/**
 * Every profile the derived conformance suite runs on (one team each in one sandbox). A new
 * profile is one line here; its checks come from what its /Schemas and /ResourceTypes serve.
 */
export const PROFILES: Profile[] = [
  { name: 'default', options: {} },
  { name: 'custom-schema', options: { customSchema: true } },
  { name: 'no-etag', options: { etag: false } },
  { name: 'no-cursor', options: { cursor: false } },
  { name: 'people-endpoint', options: { usersEndpoint: '/People' } },
  { name: 'no-user-groups', options: { userGroups: false } },
  { name: 'no-patch', options: { patch: false } },
  {
    name: 'odd-server',
    options: {
      writeViewStored: true,
      memberFilter: false,
      metaSubAttributes: false,
      filter: false,
      sort: false,
      bulk: false,
    },
  },
  {
    name: 'everything-changed',
    options: { customSchema: true, usersEndpoint: '/People', etag: false, cursor: false },
  },
  // What Celonis publishes about its SCIM API (the README's "Celonis profile"): no PATCH on
  // users, immutable userName and e-mails, its own error body, its user extension.
  { name: 'celonis', options: { profile: 'celonis' } },
];
