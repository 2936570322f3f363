import { isDeepStrictEqual } from 'node:util';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isReadOnlyAttribute } from '@celonis-scim/core';
import { readOnlyPaths, type DocumentType, type JsonSchema } from './generate.js';

/** RFC 3339 / xsd:dateTime as SCIM servers send it (RFC 7643 2.3.5); the zone may be left out. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * canonicalValues are the values a server names, not a closed list (RFC 7643 7): the editor
 * offers and flags them, the server decides on save.
 */
const ADVISORY = new Set(['enum']);

function compile(schema: JsonSchema): ValidateFunction {
  // strict off: static schemas carry annotations (examples) Ajv's strict mode would refuse.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  ajv.addFormat('date-time', DATE_TIME);
  return ajv.compile(schema);
}

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** `/urn:...:User/contractor` -> `urn:...:User:contractor`; `/emails/0/value` -> `emails[0].value`. */
export function attributePath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  parts.forEach((p, i) => {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (i === 0) out = p;
    // An extension's attributes follow its URN after a colon (RFC 7644 3.10).
    else out += i === 1 && out.startsWith('urn:') ? `:${p}` : `.${p}`;
  });
  return out;
}

function article(types: string): string {
  return /^[aeiou]/.test(types) ? `an ${types}` : `a ${types}`;
}

function explain(e: ErrorObject): string | undefined {
  if (ADVISORY.has(e.keyword)) return undefined;
  const where = attributePath(e.instancePath);
  const got = JSON.stringify(e.data);
  switch (e.keyword) {
    case 'type': {
      const want = String((e.params as { type: string }).type).replace(/,/g, ' or ');
      return `${where || 'The document'} must be ${article(want)}, not ${got}.`;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return `${where ? `${where} needs` : 'The document needs'} the required attribute "${missing}".`;
    }
    case 'format':
      return `${where} must be a date and time such as "2026-05-04T09:00:00Z", not ${got}.`;
    default:
      return `${where || 'The document'} ${e.message ?? 'is not valid'}.`;
  }
}

/**
 * What keeps an edited document from being saved, checked against the team's schema before
 * anything is sent: values of the wrong type, missing required attributes, and changes of
 * attributes the schema marks read-only. Those the client drops from every write anyway (core's
 * table: id, meta, schemas, a User's groups) are left to it.
 */
export function documentProblems(
  schema: JsonSchema,
  type: DocumentType,
  base: object,
  edited: object,
): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = compile(schema);
    compiled.set(schema, validate);
  }
  const problems: string[] = [];
  if (!validate(edited))
    for (const e of validate.errors ?? []) {
      const text = explain(e);
      if (text && !problems.includes(text)) problems.push(text);
    }
  for (const path of readOnlyPaths(schema)) {
    if (isReadOnlyAttribute(type, path[0] ?? '')) continue;
    const now = valueAt(edited, path);
    // Left out is not a change: clearing a complex attribute (an enterprise manager) drops its
    // read-only parts with it, and the server answers for a removal it does not allow.
    if (now !== undefined && !isDeepStrictEqual(valueAt(base, path), now))
      problems.push(`${attributePath(`/${path.join('/')}`)} is read-only: the server sets it.`);
  }
  return problems;
}

function valueAt(doc: unknown, path: string[]): unknown {
  let v = doc;
  for (const p of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}
