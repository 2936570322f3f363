import { badRequest } from './errors.js';
import type { AttributeDef, SchemaDef } from './discovery.js';
import type { JsonObject, TeamConfig } from './types.js';

/**
 * A custom User schema extension a team can offer (TeamOptions.customSchema), as organisations
 * add their own attributes beside the enterprise ones. Clients must learn it from /Schemas and
 * /ResourceTypes, send it under its URN and get it back unchanged.
 */
export const CUSTOM_SCHEMA = 'urn:celonis:scim:schemas:extension:sandbox:2.0:User';

type Kind = 'string' | 'boolean' | 'integer' | 'dateTime';
interface CustomAttribute {
  name: string;
  type: Kind;
  description: string;
  caseExact?: boolean;
  required?: boolean;
  canonicalValues?: string[];
}

export const CUSTOM_ATTRIBUTES: CustomAttribute[] = [
  {
    name: 'region',
    type: 'string',
    description: 'Sales region the user works in.',
    canonicalValues: ['EMEA', 'AMER', 'APAC'],
  },
  { name: 'costObject', type: 'string', description: 'Cost object code.', caseExact: true },
  {
    name: 'contractor',
    type: 'boolean',
    description: 'Whether the user is an external contractor.',
  },
  { name: 'grade', type: 'integer', description: 'Pay grade, 1 to 20.' },
  { name: 'startDate', type: 'dateTime', description: 'First working day.' },
];

export function customSchema(): SchemaDef {
  return {
    id: CUSTOM_SCHEMA,
    name: 'SandboxUser',
    description: 'Custom attributes of this team (sandbox customSchema option)',
    attributes: CUSTOM_ATTRIBUTES.map((a): AttributeDef => ({
      name: a.name,
      type: a.type,
      multiValued: false,
      description: a.description,
      required: a.required ?? false,
      caseExact: a.caseExact ?? false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
    })),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'dateTime':
      return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
  }
}

/**
 * Checks the custom extension of a user document: on a team without it the URN is unknown
 * (400, as a strict server says), on a team with it every value must have its declared type.
 * Returns the URN key as stored, if present.
 */
export function checkCustomExtension(
  team: TeamConfig | undefined,
  doc: JsonObject,
): string | undefined {
  const key = Object.keys(doc).find((k) => k.toLowerCase() === CUSTOM_SCHEMA.toLowerCase());
  if (key === undefined) return undefined;
  if (!team?.customSchema)
    throw badRequest('invalidValue', `Unknown schema extension "${key}": see /Schemas.`);
  const ext = doc[key];
  if (ext === null || typeof ext !== 'object' || Array.isArray(ext))
    throw badRequest('invalidValue', `"${key}" must be an object of custom attributes.`);
  for (const [name, value] of Object.entries(ext)) {
    const def = CUSTOM_ATTRIBUTES.find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (!def)
      throw badRequest(
        'invalidValue',
        `Unknown attribute "${name}" in ${CUSTOM_SCHEMA}: the extension has ${CUSTOM_ATTRIBUTES.map((a) => a.name).join(', ')}.`,
      );
    if (value !== null && !fits(def.type, value))
      throw badRequest(
        'invalidValue',
        `"${CUSTOM_SCHEMA}:${def.name}" must be ${def.type === 'integer' ? 'an integer' : `a ${def.type}`}, got ${JSON.stringify(value)}.`,
      );
  }
  return key;
}
