import { toNodeError } from '../../../shared/errors';
import {
  SCHEMA_USER,
  SyncError,
  coerce,
  compileMapping,
  type CompiledColumn,
  type PatchOperation,
  type ScimSchema,
  type ScimClient,
  type ScimSchemaAttribute,
  type ScimUser,
  type ServerCapabilities,
} from '@celonis-scim/core';
import {
  NodeOperationError,
  type IExecuteFunctions,
  type INodeProperties,
  type ResourceMapperValue,
} from 'n8n-workflow';
import {
  missingRequired,
  SchemaWriteError,
  withSchemaPatch,
  withSchemaValues,
  type SchemaValue,
} from './schemaWrite';

// The "Schema Attributes" of Create, Update and Create or Update: the team's own user attributes (core,
// enterprise, custom extensions) from its /Schemas, offered by the same resource mapper method
// as Sync Users, and checked against their definitions before anything is sent.

export const SCHEMA_FIELDS = 'schemaFields';

export function schemaFieldsProperty(operation: 'create' | 'update' | 'upsert'): INodeProperties {
  return {
    displayName: 'Schema Attributes',
    name: SCHEMA_FIELDS,
    type: 'resourceMapper',
    noDataExpression: true,
    default: { mappingMode: 'defineBelow', value: null },
    typeOptions: {
      loadOptionsDependsOn: ['resource', 'operation'],
      resourceMapper: {
        resourceMapperMethod: 'getUserAttributes',
        mode: 'map',
        fieldWords: { singular: 'attribute', plural: 'attributes' },
        addAllFields: false,
        supportAutoMap: false,
        noFieldsError: 'The team offers no user attributes: check the credential and the team.',
      },
    },
    description:
      "The team's own user attributes (from its /Schemas: core, enterprise and custom extensions), checked against their definitions before anything is sent",
    displayOptions: { show: { resource: ['user'], operation: [operation] } },
  };
}

/** The definition of the attribute (and sub-attribute) a placement writes, where declared. */
function definitionOf(
  placement: SchemaValue['placement'],
  schemas: readonly ScimSchema[],
): { attr?: ScimSchemaAttribute; sub?: ScimSchemaAttribute } {
  const byName = (list: readonly ScimSchemaAttribute[] | undefined, name: string | undefined) =>
    name === undefined ? undefined : list?.find((a) => a.name.toLowerCase() === name.toLowerCase());
  const schemaOf = (id: string) => schemas.find((s) => s.id?.toLowerCase() === id.toLowerCase());
  if (placement.kind === 'typed') {
    const attr = byName(schemaOf(SCHEMA_USER)?.attributes, placement.attribute);
    return { ...(attr && { attr }), ...ifSub(byName(attr?.subAttributes, placement.sub)) };
  }
  const [first, second, third] = placement.segments;
  const ext = first?.startsWith('urn:') === true;
  const schema = schemaOf(ext ? (first as string) : SCHEMA_USER);
  const attr = byName(schema?.attributes, ext ? second : first);
  return { ...(attr && { attr }), ...ifSub(byName(attr?.subAttributes, ext ? third : second)) };
}

const ifSub = (sub: ScimSchemaAttribute | undefined) => (sub ? { sub } : {});

/** The canonical spelling of `value`, or undefined when the attribute does not list it. */
function canonicalOf(def: ScimSchemaAttribute, value: unknown): string | undefined {
  const text = String(value);
  const values = def.canonicalValues ?? [];
  return def.caseExact
    ? values.find((c) => c === text)
    : values.find((c) => c.toLowerCase() === text.toLowerCase());
}

/** Why the value cannot be written, in words, or the value to send. */
function check(
  column: CompiledColumn,
  raw: unknown,
  def: { attr?: ScimSchemaAttribute; sub?: ScimSchemaAttribute },
  operation: 'create' | 'update',
): { problem: string; hint: string } | { value: unknown } {
  const leaf = def.sub ?? def.attr;
  const mutability = [def.attr?.mutability, def.sub?.mutability];
  if (mutability.includes('readOnly'))
    return {
      problem: 'is read-only in the team’s schema: the server sets it',
      hint: 'Remove it from "Schema Attributes".',
    };
  if (operation === 'update' && mutability.includes('immutable'))
    return {
      problem: 'is immutable in the team’s schema: it can only be set when the user is created',
      hint: 'Remove it from "Schema Attributes"; to change it, create the user anew.',
    };
  const { value, problem } = coerce(raw, column.type);
  if (problem)
    return { problem, hint: `Give a value of type ${leaf?.type ?? column.type} in the item.` };
  if (leaf?.canonicalValues?.length && value !== undefined) {
    const canonical = canonicalOf(leaf, value);
    if (canonical === undefined)
      return {
        problem: `${JSON.stringify(value)} is not one of its values (${leaf.canonicalValues.join(', ')})`,
        hint: `Use one of: ${leaf.canonicalValues.join(', ')}${leaf.caseExact ? ' (exact case)' : ''}.`,
      };
    return { value: canonical };
  }
  return { value };
}

/**
 * The Schema Attributes of item `i`, each checked against the team's attribute definitions
 * (an attribute the team does not have, a value of the wrong type, a read-only or, on update,
 * immutable attribute, a value outside the canonical ones): the first problem is an error
 * naming the field and how to fix it, thrown before anything is sent. Empty values are skipped.
 */
export async function readSchemaValues(
  ctx: IExecuteFunctions,
  client: ScimClient,
  i: number,
  operation: 'create' | 'update',
): Promise<{ values: SchemaValue[]; caps?: ServerCapabilities }> {
  const mapper = ctx.getNodeParameter(SCHEMA_FIELDS, i, null) as ResourceMapperValue | null;
  const given = Object.entries(mapper?.value ?? {}).filter(
    ([, v]) => v !== null && v !== undefined && v !== '',
  );
  // Workflows without Schema Attributes (all older ones) send what they always sent.
  if (given.length === 0) return { values: [] };
  const caps = await client.discover();
  const labelOf = (id: string) => {
    const shown = mapper?.schema?.find((f) => f.id === id)?.displayName;
    return shown && shown !== id ? `"${shown}" (${id})` : `"${id}"`;
  };
  const fail = (label: string, problem: string, hint: string): never => {
    throw new NodeOperationError(ctx.getNode(), `Schema Attributes: ${label} ${problem}`, {
      itemIndex: i,
      description: `${hint} Nothing was sent to the team.`,
    });
  };
  const out: SchemaValue[] = [];
  for (const [path, raw] of given) {
    const label = labelOf(path);
    let column: CompiledColumn | undefined;
    try {
      column = compileMapping({ [path]: path }, { schemas: caps.schemas }).columns[0];
    } catch (e) {
      if (!(e instanceof SyncError)) throw toNodeError(ctx.getNode(), e, i);
    }
    if (!column || column.placement.kind === 'groups')
      return fail(
        label,
        'is not a user attribute of this team',
        'Pick the attribute from the list under "Schema Attributes" (click the refresh icon after a schema change).',
      );
    const checked = check(column, raw, definitionOf(column.placement, caps.schemas), operation);
    if ('problem' in checked) return fail(label, checked.problem, checked.hint);
    if (checked.value !== undefined)
      out.push({ path, label, placement: column.placement, value: checked.value });
  }
  return { values: out, caps };
}

/** The attributes the team's schemas require on a new user (core, and required extensions). */
export function requiredAttributes(caps: ServerCapabilities): string[][] {
  const userType = caps.resourceTypes.find((t) => t.id === 'User' || t.schema === SCHEMA_USER);
  const schemaIds = [
    SCHEMA_USER,
    ...(userType?.schemaExtensions ?? []).filter((e) => e.required).map((e) => e.schema),
  ];
  const out: string[][] = [];
  for (const id of schemaIds) {
    const schema = caps.schemas.find((s) => s.id?.toLowerCase() === id.toLowerCase());
    for (const a of schema?.attributes ?? [])
      if (a.required && a.mutability !== 'readOnly')
        out.push(id === SCHEMA_USER ? [a.name] : [id, a.name]);
  }
  return out;
}

function asNodeError(ctx: IExecuteFunctions, i: number, e: unknown): Error {
  return e instanceof SchemaWriteError
    ? new NodeOperationError(ctx.getNode(), e.message, {
        itemIndex: i,
        description: `${e.hint} Nothing was sent to the team.`,
      })
    : toNodeError(ctx.getNode(), e, i);
}

/** The body of a new user: the fixed fields' user with the Schema Attributes, complete. */
export function newUserWithSchema(
  ctx: IExecuteFunctions,
  i: number,
  user: ScimUser,
  read: { values: SchemaValue[]; caps?: ServerCapabilities },
): ScimUser {
  if (!read.caps) return user;
  let out: ScimUser;
  try {
    out = withSchemaValues(user, read.values);
  } catch (e) {
    throw asNodeError(ctx, i, e);
  }
  const missing = missingRequired(out, requiredAttributes(read.caps));
  if (missing.length > 0)
    throw new NodeOperationError(
      ctx.getNode(),
      `The team's schema requires ${missing.map((m) => `"${m}"`).join(', ')} on a new user`,
      {
        itemIndex: i,
        description: 'Add it under "Schema Attributes". Nothing was sent to the team.',
      },
    );
  return out;
}

/** The fixed fields' PATCH operations with the Schema Attributes added. */
export function patchWithSchema(
  ctx: IExecuteFunctions,
  i: number,
  ops: PatchOperation[],
  values: readonly SchemaValue[],
  current: ScimUser | undefined,
): PatchOperation[] {
  try {
    return withSchemaPatch(ops, values, current);
  } catch (e) {
    throw asNodeError(ctx, i, e);
  }
}
