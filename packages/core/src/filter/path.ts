import { SCHEMA_ENTERPRISE_USER } from '../types/index.js';
import type { AttributePath } from './ast.js';
import { FilterSyntaxError, type SyntaxSubject } from './errors.js';

// ATTRNAME = ALPHA *(nameChar); "$ref" is the one reserved name RFC 7643 allows besides.
const NAME = String.raw`(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)`;
const NAME_RE = new RegExp(`^${NAME}$`);
const PATH_EXPECTED = `an attribute path such as userName, name.familyName or ${SCHEMA_ENTERPRISE_USER}:employeeNumber`;

/** True when `name` is a valid ATTRNAME (no URI, no dot). */
export function isAttributeName(name: string): boolean {
  return NAME_RE.test(name);
}

/** Splits an attribute path into schema URN, attribute and sub-attribute, or returns undefined. */
export function splitAttributePath(text: string): AttributePath | undefined {
  const m = greedyMatch(text);
  if (!m) return undefined;
  const out: AttributePath = { attribute: m.attribute };
  if (m.schema !== undefined) out.schema = m.schema;
  if (m.sub !== undefined) out.subAttribute = m.sub;
  return out;
}

function greedyMatch(
  text: string,
): { schema?: string; attribute: string; sub?: string } | undefined {
  // A URI prefix is everything up to the last colon: URNs contain dots ("2.0") and colons.
  if (text.includes(':')) return lastColonSplit(text);
  const parts = text.split('.');
  if (parts.length > 2 || !parts.every((x) => NAME_RE.test(x)) || parts[0] === undefined)
    return undefined;
  return parts[1] === undefined ? { attribute: parts[0] } : { attribute: parts[0], sub: parts[1] };
}

function lastColonSplit(
  text: string,
): { schema: string; attribute: string; sub?: string } | undefined {
  const i = text.lastIndexOf(':');
  if (i <= 0) return undefined;
  const schema = text.slice(0, i);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*(?::[A-Za-z0-9._+-]+)*$/.test(schema)) return undefined;
  const rest = text.slice(i + 1).split('.');
  if (rest.length > 2 || !rest.every((p) => NAME_RE.test(p)) || rest[0] === undefined)
    return undefined;
  return rest[1] === undefined
    ? { schema, attribute: rest[0] }
    : { schema, attribute: rest[0], sub: rest[1] };
}

/**
 * Parses an attribute path (`userName`, `name.familyName`, `urn:...:User:manager.value`)
 * or throws a FilterSyntaxError that says how a valid path looks.
 */
export function parseAttributePath(
  text: string,
  subject: SyntaxSubject = 'attribute path',
): AttributePath {
  if (typeof text !== 'string') throw new TypeError('an attribute path must be a string');
  const p = splitAttributePath(text);
  if (p) return p;
  const bad = firstBadOffset(text);
  throw new FilterSyntaxError(text, bad, PATH_EXPECTED, describeAt(text, bad), subject);
}

/** Offset of the first character or segment that cannot belong to an attribute path (for the caret). */
function firstBadOffset(text: string): number {
  const bad = text.search(/[^A-Za-z0-9_.:$+-]/);
  if (bad >= 0) return bad;
  const colon = text.lastIndexOf(':');
  let at = colon + 1;
  const parts = text.slice(at).split('.');
  for (const [i, part] of parts.entries()) {
    if (i > 1) return at - 1; // a third level: attribute.sub.more
    if (!NAME_RE.test(part)) return at;
    at += part.length + 1;
  }
  return 0; // the URI prefix itself is malformed
}

function describeAt(text: string, at: number): string {
  if (at >= text.length) return text.length === 0 ? 'an empty path' : 'end of path';
  return JSON.stringify(text.slice(at, at + 20));
}

export function formatAttributePath(p: AttributePath): string {
  const base = p.schema === undefined ? p.attribute : `${p.schema}:${p.attribute}`;
  return p.subAttribute === undefined ? base : `${base}.${p.subAttribute}`;
}

/** Attribute names and schema URNs compare case-insensitively (RFC 7643 2.1). */
export function sameAttributePath(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
