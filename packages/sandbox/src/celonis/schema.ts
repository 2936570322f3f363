import type { SchemaDef } from '../discovery.js';
import type { CelonisTeamConfig } from './options.js';

/** The Celonis user extension, as listed in `schemas` of Celonis' samples. */
export const CELONIS_USER = 'urn:celonis:params:scim:schemas:extension:2.0:User';

/** Longest name Celonis accepts ("names longer than 100 characters" are a 400 cause). */
export const MAX_NAME = 100;

/** The extension's /Schemas entry; role values as canonicalValues, the invitation flag write-only. */
export function celonisUserSchema(team: CelonisTeamConfig) {
  return {
    id: CELONIS_USER,
    name: 'CelonisUser',
    description: 'Celonis user extension: the role in the team and the invitation e-mail',
    attributes: [
      {
        name: 'role',
        type: 'string',
        multiValued: false,
        description: 'The role of the user in this team; a new user gets MEMBER by default.',
        required: false,
        caseExact: false,
        canonicalValues: team.roles,
        mutability: 'readWrite',
        returned: 'default',
        uniqueness: 'none',
      },
      {
        name: 'sendEmailOnInvitation',
        type: 'boolean',
        multiValued: false,
        description:
          'On create: whether the new user is e-mailed an invitation (also accepted as "true"/"false").',
        required: false,
        caseExact: false,
        mutability: 'writeOnly',
        returned: 'never',
        uniqueness: 'none',
      },
    ],
  };
}

/**
 * "Email updates are forbidden": the userName (the user's address) and the e-mails may be set on
 * create and never changed, which RFC 7643 7 calls immutable. /Schemas says so, so that a client
 * learns it from discovery instead of from a refused PUT.
 */
export const IMMUTABLE_USER_ATTRIBUTES = ['userName', 'emails'];

/** The core User schema as the Celonis profile serves it: the RFC one, with the above immutable. */
export function celonisCoreUser(rfc: SchemaDef): SchemaDef {
  return {
    ...rfc,
    attributes: rfc.attributes.map((a) =>
      IMMUTABLE_USER_ATTRIBUTES.includes(a.name) ? { ...a, mutability: 'immutable' } : a,
    ),
  };
}
