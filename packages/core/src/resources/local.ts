import { isCaseExactByDefault } from '../attributes.js';
import type { ServerCapabilities } from '../discovery.js';
import { ScimError } from '../errors.js';
import {
  formatAttributePath,
  parseAttributePath,
  parseFilter,
  sameAttributePath,
  type AttributePath,
} from '../filter/index.js';
import type { ScimResource, ScimSchemaAttribute } from '../types/index.js';

/**
 * What the client does itself when the server cannot. A server whose ServiceProviderConfig says
 * `filter.supported: false` refuses (or worse, ignores) every `filter`, so the client either says
 * so before sending or, for a lookup by one attribute, pages through the list and compares values
 * itself; a server without sorting gets its list sorted here when the caller asks.
 */

/** `attribute eq value`, the one filter the client evaluates itself. */
export interface Equality {
  path: AttributePath;
  /** The path as the server spells it, for the `attributes` of the scan. */
  text: string;
  value: string | number | boolean;
}

export function filterUnsupported(method: string, path: string, hint?: string): ScimError {
  return new ScimError({
    kind: 'invalid',
    method,
    path,
    detail:
      'the server does not support filtering (ServiceProviderConfig filter.supported is false)',
    hint:
      hint ??
      'List without a filter and select the resources locally, or get one by id. findOne, getByUserName and getByDisplayName still work on such a server: they page through the list and compare one attribute.',
  });
}

/**
 * The filter as an equality on one attribute, or undefined when it is anything else. The path is
 * made relative to the resource: a core-schema URN prefix names the resource itself.
 */
export function equalityOf(filterText: string, coreSchema: string): Equality | undefined {
  const node = parseFilter(filterText);
  if (node.type !== 'compare' || node.op !== 'eq' || node.value === null) return undefined;
  const { schema, ...rest } = parseAttributePath(node.path);
  const path =
    schema === undefined || sameAttributePath(schema, coreSchema) ? rest : { schema, ...rest };
  return { path, text: node.path, value: node.value };
}

function child(node: unknown, name: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const key = Object.keys(node).find((k) => sameAttributePath(k, name));
  return key === undefined ? undefined : (node as Record<string, unknown>)[key];
}

/** Every value at the path; a multi-valued attribute contributes each of its elements. */
function valuesAt(resource: unknown, path: AttributePath): unknown[] {
  const base = path.schema === undefined ? resource : child(resource, path.schema);
  const top = child(base, path.attribute);
  const elements = Array.isArray(top) ? top : [top];
  const values =
    path.subAttribute === undefined
      ? elements
      : elements.map((e) => child(e, path.subAttribute as string));
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined);
}

/** caseExact from the server's /Schemas where it says, else RFC 7643's. */
export function isCaseExact(
  caps: ServerCapabilities,
  coreSchema: string,
  path: AttributePath,
): boolean {
  const schemaId = path.schema ?? coreSchema;
  const schema = caps.schemas.find(
    (s) => typeof s.id === 'string' && sameAttributePath(s.id, schemaId),
  );
  const find = (list: ScimSchemaAttribute[] | undefined, name: string) =>
    list?.find((a) => typeof a.name === 'string' && sameAttributePath(a.name, name));
  const top = find(schema?.attributes, path.attribute);
  const attr = path.subAttribute === undefined ? top : find(top?.subAttributes, path.subAttribute);
  if (typeof attr?.caseExact === 'boolean') return attr.caseExact;
  return path.schema === undefined && isCaseExactByDefault(formatAttributePath(path));
}

/**
 * A matcher comparing the way a SCIM server does for `eq` (RFC 7644 3.4.2.2): strings
 * case-insensitively unless the attribute is caseExact, other values as they are, and a
 * multi-valued attribute matching when any of its values does.
 */
export function matcher(eq: Equality, caseExact: boolean): (resource: unknown) => boolean {
  const path = eq.path;
  const fold = (v: string) => (caseExact ? v : v.toLowerCase());
  const wanted = typeof eq.value === 'string' ? fold(eq.value) : eq.value;
  return (resource) =>
    valuesAt(resource, path).some((v) =>
      typeof v === 'string' && typeof wanted === 'string' ? fold(v) === wanted : v === wanted,
    );
}

/** What a scan needs of a resource client (an interface: this module does not import the client). */
export interface Scannable<T, O> {
  pages(options: { attributes: string }): AsyncGenerator<T[], void, undefined>;
  get(id: string, options: O): Promise<T>;
}

/**
 * The first resource whose attribute equals the value, by paging through the whole list: every
 * page asks only for that attribute (and id), and the match is then read in full by id.
 */
export async function scanFor<T extends { id?: string }, O>(
  client: Scannable<T, O>,
  eq: Equality,
  caseExact: boolean,
  options: O,
): Promise<T | undefined> {
  const matches = matcher(eq, caseExact);
  for await (const page of client.pages({ attributes: eq.text })) {
    for (const hit of page.filter(matches)) {
      if (hit.id === undefined) return hit;
      try {
        return await client.get(hit.id, options);
      } catch (e) {
        // Deleted between the page and the read: as if the page had not listed it.
        if (!(e instanceof ScimError) || e.kind !== 'notFound') throw e;
      }
    }
  }
  return undefined;
}

/** Sorts a whole list here, for servers without sorting (holds every item in memory). */
export function sortLocally<T extends ScimResource>(
  all: T[],
  sortBy: string,
  order: 'ascending' | 'descending' | undefined,
): T[] {
  const pick = (r: T): string => {
    let v: unknown = r;
    for (const part of sortBy.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
    return v === undefined || v === null ? '' : String(v);
  };
  const sign = order === 'descending' ? -1 : 1;
  return all.sort((a, b) => sign * pick(a).localeCompare(pick(b)));
}
