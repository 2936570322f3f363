import { FilterSyntaxError } from '../filter/errors.js';
import { parsePatchPath } from '../filter/parser.js';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER, type ScimSchema } from '../types/index.js';
import { SyncError } from './errors.js';

export type ValueType = 'string' | 'boolean' | 'integer' | 'decimal' | 'dateTime';

export interface MappingTarget {
  /** Attribute path: `name.givenName`, `emails[type eq "work"].value`, `department`, `$groups`. */
  path: string;
  /** Coercion; default from the schema (boolean for `active`, string otherwise). */
  type?: ValueType | undefined;
}

/** Column (CSV) or field (JSON) -> target. */
export type AttributeMapping = Record<string, string | MappingTarget>;

/** Where one column's value goes in a SCIM user. */
export type Placement =
  | { kind: 'attribute'; segments: string[] }
  | { kind: 'typed'; attribute: string; type: string; sub: string }
  | { kind: 'groups' };

export interface CompiledColumn {
  column: string;
  target: string;
  type: ValueType;
  placement: Placement;
}

export interface CompiledMapping {
  columns: CompiledColumn[];
}

const GROUPS = '$groups';

/** RFC 7643 core User attributes a source may set, with sub-attributes of complex ones. */
const CORE: Record<string, readonly string[] | ValueType> = {
  userName: 'string',
  externalId: 'string',
  displayName: 'string',
  nickName: 'string',
  profileUrl: 'string',
  title: 'string',
  userType: 'string',
  preferredLanguage: 'string',
  locale: 'string',
  timezone: 'string',
  active: 'boolean',
  name: [
    'formatted',
    'familyName',
    'givenName',
    'middleName',
    'honorificPrefix',
    'honorificSuffix',
  ],
};
/** Multi-valued attributes addressed by type, with the sub-attributes a source may set. */
const TYPED: Record<string, readonly string[]> = {
  emails: ['value', 'display'],
  phoneNumbers: ['value', 'display'],
  ims: ['value', 'display'],
  photos: ['value', 'display'],
  entitlements: ['value', 'display'],
  roles: ['value', 'display'],
  addresses: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'],
};
const ENTERPRISE: Record<string, ValueType> = {
  employeeNumber: 'string',
  costCenter: 'string',
  organization: 'string',
  division: 'string',
  department: 'string',
  manager: 'string',
};
const TYPES: readonly ValueType[] = ['string', 'boolean', 'integer', 'decimal', 'dateTime'];

const ACCEPTED =
  'userName, externalId, displayName, name.givenName (and other name parts), title, active, locale, ' +
  'emails[type eq "work"].value (phoneNumbers, addresses... by type), employeeNumber, costCenter, ' +
  'organization, division, department, manager, an extension URN path, or $groups';

function findName(names: Iterable<string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const n of names) if (n.toLowerCase() === lower) return n;
  return undefined;
}

/**
 * Checks a column-to-attribute mapping and resolves every target once, before any row is read:
 * an unknown attribute is an error naming the column and the accepted targets.
 */
export function compileMapping(
  mapping: AttributeMapping,
  options: { schemas?: readonly ScimSchema[] | undefined; file?: string | undefined } = {},
): CompiledMapping {
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping))
    throw new SyncError({
      code: 'mapping',
      file: options.file,
      message:
        'the mapping must be an object of column name -> attribute path, e.g. { "Email": "userName" }',
    });
  const columns: CompiledColumn[] = [];
  const seen = new Map<string, string>();
  for (const [column, raw] of Object.entries(mapping)) {
    const spec: MappingTarget = typeof raw === 'string' ? { path: raw } : raw;
    const fail = (message: string): never => {
      throw new SyncError({ code: 'mapping', file: options.file, column, message });
    };
    if (!spec || typeof spec.path !== 'string' || spec.path.trim() === '')
      fail('the mapping gives no attribute path for this column');
    if (spec.type !== undefined && !TYPES.includes(spec.type))
      fail(`type ${JSON.stringify(spec.type)} is not one of ${TYPES.join(', ')}`);
    const resolved =
      resolveTarget(spec.path.trim(), options.schemas) ??
      fail(
        `${JSON.stringify(spec.path)} is not a user attribute this sync can set. Accepted: ${ACCEPTED}.`,
      );
    const key = JSON.stringify(resolved.placement);
    const other = seen.get(key);
    if (other !== undefined && resolved.placement.kind !== 'groups')
      fail(
        `maps to ${spec.path}, as column ${JSON.stringify(other)} does: map each attribute once`,
      );
    seen.set(key, column);
    columns.push({
      column,
      target: spec.path.trim(),
      type: spec.type ?? resolved.type,
      placement: resolved.placement,
    });
  }
  if (columns.length === 0)
    throw new SyncError({
      code: 'mapping',
      file: options.file,
      message: 'the mapping is empty: map at least the column that holds userName',
    });
  return { columns };
}

function resolveTarget(
  path: string,
  schemas: readonly ScimSchema[] | undefined,
): { placement: Placement; type: ValueType } | undefined {
  if (path === GROUPS) return { placement: { kind: 'groups' }, type: 'string' };
  let parsed;
  try {
    parsed = parsePatchPath(path);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return undefined;
    throw e;
  }
  const { attribute: a, filter, subAttr } = parsed;
  if (filter) return typedTarget(a.attribute, a.schema, filter, subAttr);
  const schema = a.schema?.toLowerCase();
  if (schema === undefined || schema === SCHEMA_USER.toLowerCase()) {
    const core = findName(Object.keys(CORE), a.attribute);
    if (core !== undefined) {
      const def = CORE[core] as readonly string[] | ValueType;
      if (typeof def === 'string')
        return a.subAttribute
          ? undefined
          : { placement: { kind: 'attribute', segments: [core] }, type: def };
      const sub = a.subAttribute && findName(def, a.subAttribute);
      return sub
        ? { placement: { kind: 'attribute', segments: [core, sub] }, type: 'string' }
        : undefined;
    }
    if (schema !== undefined) return undefined;
  }
  if (schema === undefined || schema === SCHEMA_ENTERPRISE_USER.toLowerCase()) {
    const ent = findName(Object.keys(ENTERPRISE), a.attribute);
    if (ent === undefined) return schema === undefined ? undefined : undefined;
    if (ent === 'manager') {
      if (a.subAttribute !== undefined && a.subAttribute.toLowerCase() !== 'value')
        return undefined;
      return {
        placement: { kind: 'attribute', segments: [SCHEMA_ENTERPRISE_USER, 'manager', 'value'] },
        type: 'string',
      };
    }
    if (a.subAttribute !== undefined) return undefined;
    return {
      placement: { kind: 'attribute', segments: [SCHEMA_ENTERPRISE_USER, ent] },
      type: ENTERPRISE[ent] as ValueType,
    };
  }
  return extensionTarget(a.schema as string, a.attribute, a.subAttribute, schemas);
}

function typedTarget(
  attribute: string,
  schema: string | undefined,
  filter: NonNullable<ReturnType<typeof parsePatchPath>['filter']>,
  subAttr: string | undefined,
): { placement: Placement; type: ValueType } | undefined {
  if (schema !== undefined && schema.toLowerCase() !== SCHEMA_USER.toLowerCase()) return undefined;
  const name = findName(Object.keys(TYPED), attribute);
  if (!name || filter.type !== 'compare' || filter.op !== 'eq') return undefined;
  if (filter.path.toLowerCase() !== 'type' || typeof filter.value !== 'string') return undefined;
  const sub = findName(TYPED[name] as readonly string[], subAttr ?? 'value');
  if (!sub) return undefined;
  return { placement: { kind: 'typed', attribute: name, type: filter.value, sub }, type: 'string' };
}

/** Custom extension attributes are accepted when the server's /Schemas declares them. */
function extensionTarget(
  urn: string,
  attribute: string,
  sub: string | undefined,
  schemas: readonly ScimSchema[] | undefined,
): { placement: Placement; type: ValueType } | undefined {
  const schema = schemas?.find((s) => s.id?.toLowerCase() === urn.toLowerCase());
  const attr = schema?.attributes?.find((x) => x.name.toLowerCase() === attribute.toLowerCase());
  if (!schema?.id || !attr || attr.multiValued) return undefined;
  if (sub !== undefined) {
    const s = attr.subAttributes?.find((x) => x.name.toLowerCase() === sub.toLowerCase());
    if (!s) return undefined;
    return {
      placement: { kind: 'attribute', segments: [schema.id, attr.name, s.name] },
      type: schemaType(s.type),
    };
  }
  if (attr.type === 'complex') return undefined;
  return {
    placement: { kind: 'attribute', segments: [schema.id, attr.name] },
    type: schemaType(attr.type),
  };
}

function schemaType(t: string | undefined): ValueType {
  if (t === 'boolean' || t === 'integer' || t === 'decimal' || t === 'dateTime') return t;
  return 'string';
}
