import { brokenText } from '../../body-check.js';
import { SCHEMA_USER, type ScimUser } from '../../types/index.js';
import { userFromRecord } from '../desired.js';
import { SyncError } from '../errors.js';
import { compileMapping, type AttributeMapping, type CompiledMapping } from '../mapping.js';
import type { DesiredGroup, DesiredState, DesiredUser, SourceRef } from '../types.js';
import { groupsOf } from './csv.js';

export interface JsonReadOptions {
  /** Field -> attribute. Without it, records are SCIM users as they are. */
  mapping?: AttributeMapping | undefined;
  file?: string | undefined;
  /** 'json' (an array, or { users, groups }) or 'ndjson'; detected when absent. */
  format?: 'json' | 'ndjson' | undefined;
  groupSeparator?: string | undefined;
}

type Obj = Record<string, unknown>;

/**
 * Reads users (and optionally groups) from JSON: an array of records, an object
 * `{ users: [...], groups: [{ displayName, members }] }`, or NDJSON (one record per line).
 */
export function readDesiredJson(
  input: string | Uint8Array,
  options: JsonReadOptions = {},
): Promise<DesiredState> {
  return Promise.resolve().then(() => readSync(input, options));
}

function readSync(input: string | Uint8Array, options: JsonReadOptions): DesiredState {
  const file = options.file;
  const text = (typeof input === 'string' ? input : Buffer.from(input).toString('utf8')).replace(
    /^\uFEFF/,
    '',
  );
  const mapping = options.mapping ? compileMapping(options.mapping, { file }) : undefined;
  const format = options.format ?? detect(text);
  let records: Array<{ value: unknown; line?: number }>;
  let groups: unknown;
  if (format === 'ndjson') {
    records = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      records.push({ value: parseJson(line, file, `line ${i + 1}`), line: i + 1 });
    });
  } else {
    const doc = parseJson(text, file, 'the document');
    if (Array.isArray(doc)) records = doc.map((value) => ({ value }));
    else if (isObject(doc) && Array.isArray(doc.users)) {
      records = (doc.users as unknown[]).map((value) => ({ value }));
      groups = doc.groups;
    } else
      throw new SyncError({
        code: 'input',
        file,
        message:
          'expected a JSON array of users, an object { "users": [...], "groups": [...] }, or NDJSON',
      });
  }
  const users = records.map((r, i) => {
    const source: SourceRef = {
      ...(file !== undefined ? { file } : {}),
      row: i + 1,
      ...(r.line ? { line: r.line } : {}),
    };
    if (!isObject(r.value))
      throw new SyncError({
        code: 'input',
        file,
        row: i + 1,
        message: 'a record is not a JSON object',
      });
    return toUser(r.value, source, mapping, options.groupSeparator ?? '|');
  });
  return { users, groups: mergeGroups(groupsOf(users), readGroups(groups, file)) };
}

function toUser(
  record: Obj,
  source: SourceRef,
  mapping: CompiledMapping | undefined,
  sep: string,
): DesiredUser {
  if (mapping) {
    const lower = new Map(Object.keys(record).map((k) => [k.toLowerCase(), k]));
    for (const c of mapping.columns)
      if (!lower.has(c.column.toLowerCase()) && source.row === 1)
        throw new SyncError({
          code: 'input',
          file: source.file,
          row: source.row,
          column: c.column,
          message: 'the mapping names this field but the record has no such field',
        });
    return userFromRecord((c) => record[lower.get(c.toLowerCase()) ?? c], mapping, source, sep);
  }
  const fail = (message: string): never => {
    throw new SyncError({ code: 'input', file: source.file, row: source.row, message });
  };
  if (typeof record.userName !== 'string' || record.userName.trim() === '')
    fail('userName is missing: every user needs one');
  if (brokenText(record)) fail('holds text that is not valid Unicode');
  for (const k of ['id', 'meta', 'password', 'groups'])
    if (k in record) fail(`"${k}" cannot be set from a source file: leave it out`);
  const { schemas, ...rest } = record;
  const list = new Set<string>(Array.isArray(schemas) ? (schemas as string[]) : [SCHEMA_USER]);
  for (const k of Object.keys(rest)) if (k.startsWith('urn:')) list.add(k);
  return { source, user: { schemas: [...list], ...rest } as ScimUser };
}

function readGroups(groups: unknown, file: string | undefined): DesiredGroup[] {
  if (groups === undefined) return [];
  if (!Array.isArray(groups))
    throw new SyncError({
      code: 'input',
      file,
      message: '"groups" must be an array of { "displayName", "members": [...] }',
    });
  return groups.map((g: unknown, i) => {
    if (
      !isObject(g) ||
      typeof g.displayName !== 'string' ||
      g.displayName.trim() === '' ||
      !Array.isArray(g.members) ||
      !g.members.every((m) => typeof m === 'string')
    )
      throw new SyncError({
        code: 'input',
        file,
        message: `groups[${i}] must be { "displayName": "<name>", "members": ["<user key>", ...] }`,
      });
    return {
      displayName: g.displayName,
      members: g.members as string[],
      source: { ...(file !== undefined ? { file } : {}), row: i + 1 },
    };
  });
}

function mergeGroups(a: DesiredGroup[], b: DesiredGroup[]): DesiredGroup[] {
  const out = new Map<string, DesiredGroup>();
  for (const g of [...a, ...b]) {
    const key = g.displayName.toLowerCase();
    const have = out.get(key);
    if (have) have.members.push(...g.members);
    else out.set(key, { ...g, members: [...g.members] });
  }
  return [...out.values()];
}

function detect(text: string): 'json' | 'ndjson' {
  const t = text.trimStart();
  if (t.startsWith('[')) return 'json';
  const firstLine = t.split(/\r?\n/, 1)[0] ?? '';
  try {
    JSON.parse(firstLine);
    return t.includes('\n') && t.slice(firstLine.length).trim() !== '' ? 'ndjson' : 'json';
  } catch {
    return 'json';
  }
}

function parseJson(text: string, file: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyncError({
      code: 'input',
      file,
      message: `${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
