import type { Call } from './http.js';

/**
 * What a SCIM client can learn from a server's discovery endpoints, read over HTTP, and the rules
 * of RFC 7643 that follow from it. Nothing here knows the sandbox's attributes: they all come
 * from /Schemas and /ResourceTypes.
 */

export type { Call };
// JSON as served; the checks narrow it where they look.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export interface Attr {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  subAttributes?: Attr[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface Schema {
  id: string;
  attributes: Attr[];
}

export interface ResourceTypeDoc {
  id: string;
  name: string;
  endpoint: string;
  schema: string;
  schemaExtensions?: Array<{ schema: string; required: boolean }>;
}

export interface Discovery {
  base: string;
  patch: boolean;
  schemas: Schema[];
  types: ResourceTypeDoc[];
}

const attr = (name: string, type: string, extra: Partial<Attr> = {}): Attr => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: true,
  mutability: 'readOnly',
  returned: 'default',
  ...extra,
});

/** RFC 7643 3.1 common attributes, which schemas do not list. */
export const COMMON: Attr[] = [
  attr('id', 'string', { returned: 'always' }),
  attr('externalId', 'string', { mutability: 'readWrite', caseExact: true }),
  attr('meta', 'complex', {
    subAttributes: ['resourceType', 'version']
      .map((n) => attr(n, 'string'))
      .concat(
        attr('created', 'dateTime'),
        attr('lastModified', 'dateTime'),
        attr('location', 'reference', { referenceTypes: ['uri'] }),
      ),
  }),
];

/** One schema a resource type uses, with its URN and whether it is the core schema. */
export interface SchemaUse {
  urn: string;
  core: boolean;
  attributes: Attr[];
}

export async function discover(call: Call, base: string): Promise<Discovery> {
  const spc = await call('GET', '/ServiceProviderConfig');
  const schemas = await call('GET', '/Schemas');
  const types = await call('GET', '/ResourceTypes');
  if (spc.status !== 200 || schemas.status !== 200 || types.status !== 200)
    throw new Error(`discovery failed: ${spc.status} ${schemas.status} ${types.status}`);
  return {
    base,
    patch: spc.body.patch?.supported === true,
    schemas: schemas.body.Resources as Schema[],
    types: types.body.Resources as ResourceTypeDoc[],
  };
}

export function schemasOf(d: Discovery, rt: ResourceTypeDoc): SchemaUse[] {
  const find = (urn: string) => {
    const s = d.schemas.find((x) => x.id === urn);
    if (!s) throw new Error(`/ResourceTypes/${rt.id} names schema ${urn}, absent from /Schemas`);
    return s.attributes;
  };
  return [
    { urn: rt.schema, core: true, attributes: find(rt.schema) },
    ...(rt.schemaExtensions ?? []).map((e) => ({
      urn: e.schema,
      core: false,
      attributes: find(e.schema),
    })),
  ];
}

export const findAttr = (list: Attr[] | undefined, key: string) =>
  list?.find((a) => a.name.toLowerCase() === key.toLowerCase());

/** Client-writable: the client may send it and (unless writeOnly) read back what it sent. */
export const writable = (a: Attr) => a.mutability === 'readWrite' || a.mutability === 'immutable';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether one (single) value has the attribute's declared type; a problem text if not. */
function typeProblem(a: Attr, v: unknown, d: Discovery): string | undefined {
  const ok = (() => {
    switch (a.type) {
      case 'string':
        return typeof v === 'string';
      case 'boolean':
        return typeof v === 'boolean';
      case 'integer':
        return typeof v === 'number' && Number.isInteger(v);
      case 'decimal':
        return typeof v === 'number';
      case 'dateTime':
        return typeof v === 'string' && ISO_DATE.test(v);
      case 'binary':
        return typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
      case 'reference':
        return typeof v === 'string' && referenceOk(a, v, d);
      case 'complex':
        return typeof v === 'object' && v !== null && !Array.isArray(v);
      default:
        return false;
    }
  })();
  return ok ? undefined : `${JSON.stringify(v)} is not a ${a.type}`;
}

/** A reference to a resource type must be the URL of such a resource at its endpoint. */
function referenceOk(a: Attr, v: string, d: Discovery): boolean {
  const types = d.types.filter((t) => a.referenceTypes?.includes(t.name));
  if (types.length === 0) return /^[a-z][a-z0-9+.-]*:/i.test(v);
  return types.some((t) => v.startsWith(`${d.base}${t.endpoint}/`));
}

/**
 * Every problem of a served resource against its declared schemas: attributes or sub-attributes
 * not declared, values of the wrong type or multiplicity, writeOnly or returned:never served.
 */
export function servedProblems(doc: Doc, rt: ResourceTypeDoc, d: Discovery): string[] {
  const uses = schemasOf(d, rt);
  const out: string[] = [];
  const listed: unknown = doc.schemas;
  if (!Array.isArray(listed) || !listed.includes(rt.schema))
    out.push(`schemas ${JSON.stringify(listed)} lacks ${rt.schema}`);
  for (const [key, v] of Object.entries(doc)) {
    if (key === 'schemas') continue;
    const ext = uses.find((u) => !u.core && u.urn.toLowerCase() === key.toLowerCase());
    if (ext) {
      if (!Array.isArray(listed) || !listed.includes(ext.urn))
        out.push(`${key} is served but not listed in schemas`);
      for (const [k, x] of Object.entries(v as Doc))
        out.push(...valueProblems(findAttr(ext.attributes, k), x, `${key}:${k}`, d));
      continue;
    }
    const core = [...uses[0]!.attributes, ...COMMON];
    out.push(...valueProblems(findAttr(core, key), v, key, d));
  }
  for (const u of uses)
    if (!u.core && Array.isArray(listed) && listed.includes(u.urn) && doc[u.urn] === undefined)
      out.push(`schemas lists ${u.urn} but the resource has no such extension`);
  return out;
}

function valueProblems(a: Attr | undefined, v: unknown, where: string, d: Discovery): string[] {
  if (!a) return [`${where} is served but not declared in /Schemas`];
  if (a.mutability === 'writeOnly' || a.returned === 'never')
    return [`${where} is served although it is ${a.mutability}/returned ${a.returned}`];
  if (a.multiValued !== Array.isArray(v))
    return [
      `${where} is ${Array.isArray(v) ? '' : 'not '}an array; multiValued is ${a.multiValued}`,
    ];
  const items = (Array.isArray(v) ? v : [v]) as unknown[];
  return items.flatMap((item, i) => {
    const at = a.multiValued ? `${where}[${i}]` : where;
    const p = typeProblem(a, item, d);
    if (p) return [`${at}: ${p}`];
    if (a.type !== 'complex') return [];
    return Object.entries(item as Doc).flatMap(([k, x]) =>
      valueProblems(findAttr(a.subAttributes, k), x, `${at}.${k}`, d),
    );
  });
}
