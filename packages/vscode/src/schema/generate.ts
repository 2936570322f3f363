import {
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_USER,
  type ScimSchema,
  type ScimSchemaAttribute,
  type ServerCapabilities,
} from '@celonis-scim/core';

/** The JSON Schema (draft-07) subset this module writes. */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  readOnly?: boolean;
  writeOnly?: boolean;
}

export type DocumentType = 'User' | 'Group';

const CORE_SCHEMA: Record<DocumentType, string> = { User: SCHEMA_USER, Group: SCHEMA_GROUP };

/** Where a SCIM attribute type lands in JSON (RFC 7643 2.3). */
const SIMPLE: Record<string, Pick<JsonSchema, 'type' | 'format'>> = {
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  decimal: { type: 'number' },
  integer: { type: 'integer' },
  dateTime: { type: 'string', format: 'date-time' },
  binary: { type: 'string' },
  reference: { type: 'string' },
};

const READ_ONLY_NOTE = 'Read-only: set by the server; a change is refused on save.';

function describe(a: ScimSchemaAttribute): string | undefined {
  const parts = [a.description?.trim(), a.mutability === 'readOnly' ? READ_ONLY_NOTE : undefined];
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

/** One attribute definition as JSON Schema: type, enum, read-only mark, sub-attributes, arrays. */
export function attributeSchema(a: ScimSchemaAttribute): JsonSchema {
  let one: JsonSchema;
  if (a.type === 'complex') {
    one = { type: 'object', ...objectOf(a.subAttributes ?? []) };
  } else {
    one = { ...(SIMPLE[a.type] ?? {}) };
    // canonicalValues are the values the server names (RFC 7643 7): offered and checked by the
    // editor; the server has the last word on save.
    if (a.canonicalValues?.length) one.enum = [...a.canonicalValues];
  }
  const description = describe(a);
  const marks: JsonSchema = {
    ...(description ? { description } : {}),
    ...(a.mutability === 'readOnly' ? { readOnly: true } : {}),
    ...(a.mutability === 'writeOnly' ? { writeOnly: true } : {}),
  };
  if (a.multiValued) return { type: 'array', items: one, ...marks };
  return { ...one, ...marks };
}

function objectOf(attrs: ScimSchemaAttribute[]): Pick<JsonSchema, 'properties' | 'required'> {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const a of attrs) {
    if (!a?.name) continue;
    properties[a.name] = attributeSchema(a);
    // A read-only attribute is the server's to fill: the document need not carry it.
    if (a.required && a.mutability !== 'readOnly') required.push(a.name);
  }
  return { properties, ...(required.length ? { required } : {}) };
}

/** The attributes every resource has (RFC 7643 3.1), which /Schemas does not list. */
const COMMON: Record<string, JsonSchema> = {
  schemas: {
    type: 'array',
    items: { type: 'string' },
    description: 'Schema URNs of the resource.',
  },
  id: { type: 'string', readOnly: true, description: `Assigned by the server. ${READ_ONLY_NOTE}` },
  externalId: { type: 'string', description: 'The identifier in the provisioning client.' },
  meta: {
    type: 'object',
    readOnly: true,
    description: `Resource metadata. ${READ_ONLY_NOTE}`,
    properties: {
      resourceType: { type: 'string' },
      created: { type: 'string', format: 'date-time' },
      lastModified: { type: 'string', format: 'date-time' },
      location: { type: 'string' },
      version: { type: 'string' },
    },
  },
};

/** The extension URNs the server lists for a resource type (/ResourceTypes), with required. */
function extensionsOf(
  caps: ServerCapabilities,
  type: DocumentType,
): Array<{ schema: string; required: boolean }> {
  const core = CORE_SCHEMA[type];
  const rt = caps.resourceTypes.find((t) => t.id === type || t.name === type || t.schema === core);
  if (rt?.schemaExtensions) return rt.schemaExtensions;
  // Without /ResourceTypes, the enterprise extension is the one a User commonly has.
  return type === 'User' ? [{ schema: SCHEMA_ENTERPRISE_USER, required: false }] : [];
}

/**
 * The JSON Schema of a team's User or Group documents, built from its /Schemas (core schema and
 * the extensions /ResourceTypes names), or undefined when the server did not describe the core
 * schema (the caller then falls back to the static schema).
 */
export function documentSchema(
  caps: ServerCapabilities,
  type: DocumentType,
  team?: string,
): JsonSchema | undefined {
  const byId = new Map<string, ScimSchema>(caps.schemas.map((s) => [s.id ?? '', s]));
  const core = byId.get(CORE_SCHEMA[type]);
  if (!core?.attributes?.length) return undefined;
  const body = objectOf(core.attributes);
  const properties: Record<string, JsonSchema> = { ...COMMON, ...body.properties };
  const required = [...(body.required ?? [])];
  for (const ext of extensionsOf(caps, type)) {
    const schema = byId.get(ext.schema);
    if (!schema?.attributes) continue;
    properties[ext.schema] = {
      type: 'object',
      description: [schema.name, schema.description].filter(Boolean).join(': ') || ext.schema,
      ...objectOf(schema.attributes),
    };
    if (ext.required) required.push(ext.schema);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `SCIM ${type}${team ? ` of team ${team}` : ''} (from the server's /Schemas)`,
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
  };
}

/** Names of the attributes a schema marks read-only, as JSON paths of property names. */
export function readOnlyPaths(schema: JsonSchema, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    if (sub.readOnly) out.push(path);
    else if (sub.type === 'object') out.push(...readOnlyPaths(sub, path));
  }
  return out;
}
