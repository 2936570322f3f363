import { brokenText } from '../body-check.js';
import { SCHEMA_USER, type ScimUser } from '../types/index.js';
import { SyncError } from './errors.js';
import type { CompiledColumn, CompiledMapping, ValueType } from './mapping.js';
import type { DesiredUser, SourceRef } from './types.js';

type Obj = Record<string, unknown>;

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const DATE_RE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads one cell as `type`; undefined for an empty cell, a message for a bad one. */
export function coerce(raw: unknown, type: ValueType): { value?: unknown; problem?: string } {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'string' && raw.trim() === '') return {};
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case 'boolean': {
      if (typeof text === 'boolean') return { value: text };
      const t = String(text).toLowerCase();
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return {
        problem: `${JSON.stringify(text)} is not a boolean (use yes/no, true/false or 1/0)`,
      };
    }
    case 'integer': {
      const n =
        typeof text === 'number' ? text : /^[+-]?\d+$/.test(String(text)) ? Number(text) : NaN;
      return Number.isSafeInteger(n)
        ? { value: n }
        : { problem: `${JSON.stringify(text)} is not a whole number` };
    }
    case 'decimal': {
      const n = typeof text === 'number' ? text : Number(String(text).replace(/^\+/, ''));
      return Number.isFinite(n) && String(text).trim() !== ''
        ? { value: n }
        : { problem: `${JSON.stringify(text)} is not a number` };
    }
    case 'dateTime': {
      const s = String(text);
      const ms = DATE_RE.test(s) ? Date.parse(s) : NaN;
      return Number.isFinite(ms)
        ? { value: new Date(ms).toISOString() }
        : {
            problem: `${JSON.stringify(s)} is not a date (use ISO 8601, e.g. 2024-05-01 or 2024-05-01T09:00:00Z)`,
          };
    }
    default:
      if (typeof text === 'object')
        return { problem: 'holds a list or an object where text was expected' };
      return { value: String(text) };
  }
}

/** Builds the desired user of one record (CSV row or JSON object) through a compiled mapping. */
export function userFromRecord(
  get: (column: string) => unknown,
  mapping: CompiledMapping,
  source: SourceRef,
  groupSeparator: string,
): DesiredUser {
  const user: Obj = { schemas: [SCHEMA_USER] };
  const typed = new Map<string, Obj[]>();
  let groups: string[] | undefined;
  for (const col of mapping.columns) {
    const fail = (message: string): never => {
      throw new SyncError({
        code: 'input',
        file: source.file,
        row: source.row,
        column: col.column,
        message,
      });
    };
    const raw = get(col.column);
    const { value, problem } = coerce(raw, col.type);
    if (problem) fail(problem);
    if (typeof value === 'string' && brokenText(value))
      fail('holds text that is not valid Unicode');
    if (value === undefined) continue;
    const p = col.placement;
    if (p.kind === 'groups') {
      groups = String(value)
        .split(groupSeparator)
        .map((g) => g.trim())
        .filter((g) => g !== '');
    } else if (p.kind === 'typed') {
      const items = typed.get(p.attribute) ?? [];
      let item = items.find((i) => i.type === p.type);
      if (!item) items.push((item = { type: p.type }));
      item[p.sub] = value;
      typed.set(p.attribute, items);
    } else {
      setPath(user, p.segments, value);
    }
  }
  for (const [attribute, items] of typed) {
    if (attribute === 'emails' || attribute === 'phoneNumbers') (items[0] as Obj).primary = true;
    user[attribute] = items;
  }
  for (const key of Object.keys(user))
    if (key.startsWith('urn:')) (user.schemas as string[]).push(key);
  const userName = user.userName;
  if (typeof userName !== 'string') {
    const column = columnOf(mapping.columns, 'userName');
    throw new SyncError({
      code: 'input',
      file: source.file,
      row: source.row,
      column,
      message: column
        ? 'userName is empty: every row needs one'
        : 'no column is mapped to userName: map the column that holds it, e.g. { "Email": "userName" }',
    });
  }
  return { source, user: user as ScimUser, ...(groups ? { groups } : {}) };
}

function columnOf(columns: CompiledColumn[], attribute: string): string | undefined {
  return columns.find(
    (c) => c.placement.kind === 'attribute' && c.placement.segments.join('.') === attribute,
  )?.column;
}

function setPath(target: Obj, segments: string[], value: unknown): void {
  let o = target;
  for (const seg of segments.slice(0, -1)) {
    const next = o[seg];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) o = next as Obj;
    else o = o[seg] = {};
  }
  o[segments[segments.length - 1] as string] = value;
}
