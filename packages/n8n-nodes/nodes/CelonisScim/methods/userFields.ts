import {
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_USER,
  compileMapping,
  unsyncedAttributes,
  type ScimSchema,
  type ScimSchemaAttribute,
  type ServerCapabilities,
} from '@celonis-scim/core';
import type {
  FieldType,
  ILoadOptionsFunctions,
  ResourceMapperField,
  ResourceMapperFields,
} from 'n8n-workflow';
import { clientForNode } from '../../../shared/context';
import { toNodeError } from '../../../shared/errors';

/** Multi-valued attributes offered one field per type, e.g. `emails[type eq "work"].value`. */
const TYPED = ['emails', 'phoneNumbers'];
const DEFAULT_TYPES = ['work', 'home', 'other'];
/** Attributes a sync does not write (server-owned or write-only): core's table. */
const SKIPPED = new Set(unsyncedAttributes('User').map((a) => a.toLowerCase()));

const typeOf = (t: string): FieldType =>
  t === 'boolean'
    ? 'boolean'
    : t === 'integer' || t === 'decimal'
      ? 'number'
      : t === 'dateTime'
        ? 'dateTime'
        : 'string';

const writable = (a: ScimSchemaAttribute) =>
  a.mutability !== 'readOnly' && !SKIPPED.has(a.name.toLowerCase());

function label(prefix: string, a: ScimSchemaAttribute, sub?: ScimSchemaAttribute): string {
  const words = (s: string) =>
    s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  return `${prefix}${words(a.name)}${sub ? ` ${words(sub.name)}` : ''}`;
}

function fieldsOf(schema: ScimSchema, core: boolean): ResourceMapperField[] {
  const out: ResourceMapperField[] = [];
  const urn = core ? '' : `${schema.id}:`;
  const prefix = core
    ? ''
    : schema.id === SCHEMA_ENTERPRISE_USER
      ? 'Enterprise: '
      : `${schema.name ?? 'Extension'}: `;
  const field = (
    id: string,
    display: string,
    type: string,
    required = false,
  ): ResourceMapperField => ({
    id,
    displayName: display,
    type: typeOf(type),
    required,
    defaultMatch: false,
    display: true,
    canBeUsedToMatch: false,
  });
  for (const a of schema.attributes ?? []) {
    if (!writable(a)) continue;
    if (a.multiValued) {
      if (!core || !TYPED.includes(a.name)) continue;
      const types =
        a.subAttributes?.find((s) => s.name === 'type')?.canonicalValues ?? DEFAULT_TYPES;
      for (const t of types)
        out.push(field(`${a.name}[type eq "${t}"].value`, `${label('', a)} (${t})`, 'string'));
    } else if (a.type === 'complex') {
      for (const s of a.subAttributes ?? [])
        if (writable(s) && s.type !== 'complex' && s.type !== 'reference')
          out.push(field(`${urn}${a.name}.${s.name}`, label(prefix, a, s), s.type));
    } else {
      out.push(field(`${urn}${a.name}`, label(prefix, a), a.type, core && a.name === 'userName'));
    }
  }
  return out;
}

/**
 * The user attributes of the team, from its /Schemas and /ResourceTypes: core, enterprise and
 * custom extensions, each kept only when the sync mapping accepts it, so a field offered here
 * can always be written.
 */
export function userFieldsFrom(caps: ServerCapabilities): ResourceMapperField[] {
  const userType = caps.resourceTypes.find((t) => t.id === 'User' || t.schema === SCHEMA_USER);
  const extensions = new Set(
    (userType?.schemaExtensions ?? [{ schema: SCHEMA_ENTERPRISE_USER, required: false }]).map(
      (e) => e.schema,
    ),
  );
  const byId = new Map(caps.schemas.map((s) => [s.id, s]));
  const fields = fieldsOf(byId.get(SCHEMA_USER) ?? { id: SCHEMA_USER, attributes: [] }, true);
  for (const urn of extensions) {
    const schema = byId.get(urn);
    if (schema) fields.push(...fieldsOf(schema, false));
  }
  if (!fields.some((f) => f.id === 'userName'))
    fields.unshift({
      id: 'userName',
      displayName: 'Username',
      type: 'string',
      required: true,
      defaultMatch: false,
      display: true,
      canBeUsedToMatch: false,
    });
  return fields.filter((f) => {
    try {
      compileMapping({ [f.id]: f.id }, { schemas: caps.schemas });
      return true;
    } catch {
      return false;
    }
  });
}

export async function getUserFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
  try {
    const client = await clientForNode(this);
    return { fields: userFieldsFrom(await client.discover()) };
  } catch (e) {
    throw toNodeError(this.getNode(), e, 0);
  }
}

/**
 * The same attributes for Create and Update, without userName: those operations have their
 * own userName field (and Update its locator), so the mapper must not ask for it again.
 */
export async function getUserAttributes(
  this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
  const { fields } = await getUserFields.call(this);
  return { fields: fields.filter((f) => f.id !== 'userName') };
}
