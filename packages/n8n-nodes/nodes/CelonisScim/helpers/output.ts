import type { ScimGroup, ScimUser } from '@celonis-scim/core';
import {
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type INodeProperties,
} from 'n8n-workflow';
import { simplifyGroup, simplifyUser } from '../../../shared/simplify';
import { FIELDS } from '../../../shared/userFields';
import { simplifyToggle } from './options';
import { FROM_V1_1, ONLY_V1 } from './versions';

// What a user or group operation returns. Node version 1 has the Simplify toggle (kept, so saved
// workflows give the items they always gave); from 1.1 the Output option: Simplified (at most
// ten fields, for AI agents and tools), Raw, or Selected Fields.

export type OutputMode = 'simplified' | 'raw' | 'selected';

export interface OutputChoice {
  mode: OutputMode;
  /** Version 1's Simplify: the long flat view of `shared/simplify`. */
  legacy: boolean;
  /** The fields Selected Fields names, as typed (empty otherwise). */
  fields: string[];
}

export type ResourceKind = 'user' | 'group';

/** The ten fields of a simplified user (README "Output"). */
export const SIMPLIFIED_USER_FIELDS = [
  'id',
  'userName',
  'displayName',
  'givenName',
  'familyName',
  'email',
  'active',
  'externalId',
  'employeeNumber',
  'department',
] as const;

/** Simplify (version 1) and Output with its field list (version 1.1 on). */
export function outputProperties(what: string): INodeProperties[] {
  const simplified = what.startsWith('user')
    ? 'ID, username, display, given and family name, e-mail, active, external ID, employee number, department'
    : 'ID, display name, external ID, member count and members, created and last modified';
  return [
    { ...simplifyToggle(what), displayOptions: { show: ONLY_V1 } },
    {
      displayName: 'Output',
      name: 'output',
      type: 'options',
      default: 'simplified',
      options: [
        {
          name: 'Simplified',
          value: 'simplified',
          description: `At most 10 fields per item: ${simplified}`,
        },
        { name: 'Raw', value: 'raw', description: 'The resource as the server sent it' },
        {
          name: 'Selected Fields',
          value: 'selected',
          description: 'Only the fields you name (and the ID)',
        },
      ],
      displayOptions: { show: FROM_V1_1 },
    },
    {
      displayName: 'Fields',
      name: 'selectedFields',
      type: 'string',
      default: '',
      required: true,
      placeholder: what.startsWith('user')
        ? 'e.g. userName, email, department, name.givenName'
        : 'e.g. displayName, externalId',
      description:
        'Comma-separated field names: SCIM attributes (dotted sub-attributes, schema URNs) or the simplified names (email, department, employeeNumber…)',
      displayOptions: { show: { ...FROM_V1_1, output: ['selected'] } },
    },
  ];
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);

/** The Output (or, on version 1, Simplify) of item `i`; Selected Fields with none is refused. */
export function readOutput(ctx: IExecuteFunctions, i: number): OutputChoice {
  if (ctx.getNode().typeVersion < 1.1) {
    const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
    return { mode: simplify ? 'simplified' : 'raw', legacy: true, fields: [] };
  }
  const mode = ctx.getNodeParameter('output', i, 'simplified') as OutputMode;
  if (mode !== 'selected') return { mode, legacy: false, fields: [] };
  const raw: unknown = ctx.getNodeParameter('selectedFields', i, '');
  const fields = Array.isArray(raw) ? raw.map(String) : splitList(String(raw ?? ''));
  if (fields.length === 0)
    throw new NodeOperationError(
      ctx.getNode(),
      'Output is Selected Fields, but no field is named',
      {
        itemIndex: i,
        description:
          'Name the fields under "Fields" (e.g. userName, email), or pick another Output.',
      },
    );
  return { mode, legacy: false, fields };
}

/** The SCIM attribute a field name asks the server for (`email` is in `emails`). */
function scimAttribute(field: string): string {
  const spec = FIELDS[field];
  if (!spec) return field;
  return spec.typed ? spec.typed.attribute : spec.path;
}

/** The `attributes=` a user read sends for Selected Fields (none for the other outputs). */
export function requestedAttributes(choice: OutputChoice): string[] {
  if (choice.mode !== 'selected') return [];
  return [...new Set(choice.fields.map(scimAttribute))];
}

/** The value at a SCIM attribute path: `name.givenName`, `urn:...:User:department`. */
function valueAt(resource: IDataObject, path: string): unknown {
  let segments: string[];
  if (path.startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    segments = [path.slice(0, cut), ...path.slice(cut + 1).split('.')];
  } else segments = path.split('.');
  let v: unknown = resource;
  for (const s of segments) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const key = Object.keys(v).find((k) => k.toLowerCase() === s.toLowerCase());
    v = key === undefined ? undefined : (v as IDataObject)[key];
  }
  return v;
}

function selected(kind: ResourceKind, resource: IDataObject, fields: string[]): IDataObject {
  const out: IDataObject = { id: resource.id };
  for (const field of fields) {
    const spec = kind === 'user' ? FIELDS[field] : undefined;
    const v = spec ? spec.read(resource as ScimUser) : valueAt(resource, field);
    if (v !== undefined) out[field] = v as IDataObject[string];
  }
  return out;
}

/** The simplified user of Output: the ten fields of SIMPLIFIED_USER_FIELDS that are set. */
export function compactUser(user: ScimUser): IDataObject {
  const out: IDataObject = {};
  for (const field of SIMPLIFIED_USER_FIELDS) {
    const v =
      field === 'id' || field === 'userName' ? user[field] : FIELDS[field]?.read(user as ScimUser);
    if (v !== undefined && v !== null && v !== '') out[field] = v as IDataObject[string];
  }
  return out;
}

/** The item for `resource` as `choice` says. */
export function shapeOutput(
  choice: OutputChoice,
  kind: ResourceKind,
  resource: ScimUser | ScimGroup,
): IDataObject {
  if (choice.mode === 'raw') return resource as IDataObject;
  if (choice.mode === 'selected') return selected(kind, resource as IDataObject, choice.fields);
  if (kind === 'group') return simplifyGroup(resource as ScimGroup);
  return choice.legacy ? simplifyUser(resource as ScimUser) : compactUser(resource as ScimUser);
}
