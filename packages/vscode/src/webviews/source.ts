import { parse } from 'csv-parse/sync';
import {
  compileMapping,
  readDesired,
  type AttributeMapping,
  type DesiredState,
} from '@celonis-scim/core/node';

/** A file to sync from, read into memory (an HR export is a few MB at most). */
export interface SyncSource {
  /** Shown to the user and named in reader errors. */
  name: string;
  /** Stable key the column mapping is remembered under (the document URI). */
  key: string;
  text: string;
  format: 'csv' | 'json' | 'ndjson';
}

export interface Preview {
  columns: string[];
  rows: string[][];
}

/** Attributes offered for a column; any other attribute path typed into the view is checked by core. */
export const TARGETS: readonly string[] = [
  'userName',
  'externalId',
  'displayName',
  'name.givenName',
  'name.familyName',
  'emails[type eq "work"].value',
  'active',
  'title',
  'employeeNumber',
  'department',
  'costCenter',
  'organization',
  'division',
  'manager',
  'locale',
  'preferredLanguage',
  'phoneNumbers[type eq "work"].value',
  '$groups',
];

export function formatOf(fileName: string, languageId?: string): SyncSource['format'] | undefined {
  const lower = fileName.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower) || languageId === 'csv') return 'csv';
  if (/\.(ndjson|jsonl)$/.test(lower)) return 'ndjson';
  if (lower.endsWith('.json') || languageId === 'json') return 'json';
  return undefined;
}

/** The column names and the first rows, for the mapping step. */
export function preview(source: SyncSource, rows = 5): Preview {
  if (source.format === 'csv') {
    const firstLine = source.text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
    const records = parse(source.text, {
      bom: true,
      delimiter,
      to_line: rows + 1,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    const [header = [], ...data] = records;
    return { columns: header.map((h) => h.trim()), rows: data };
  }
  const records = jsonRecords(source).slice(0, rows);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return {
    columns,
    rows: records.map((r) => columns.map((c) => cell(r[c]))),
  };
}

function jsonRecords(source: SyncSource): Record<string, unknown>[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (source.format === 'ndjson')
    return source.text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .slice(0, 50)
      .map((l) => JSON.parse(l) as unknown)
      .filter(isObj);
  const data = JSON.parse(source.text) as unknown;
  const list = Array.isArray(data)
    ? data
    : isObj(data) && Array.isArray(data.users)
      ? data.users
      : [];
  return list.filter(isObj);
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const GUESSES: Array<[RegExp, string]> = [
  [/^(user ?name|login|e-?mail|mail|email address|upn)$/, 'userName'],
  [/^(external ?id|employee ?id|person ?id|hr ?id)$/, 'externalId'],
  [/^(employee ?number|personnel ?number)$/, 'employeeNumber'],
  [/^(display ?name|full ?name|name)$/, 'displayName'],
  [/^(first ?name|given ?name|forename)$/, 'name.givenName'],
  [/^(last ?name|family ?name|surname)$/, 'name.familyName'],
  [/^(work ?e-?mail|work ?mail)$/, 'emails[type eq "work"].value'],
  [/^(active|enabled|status)$/, 'active'],
  [/^(title|job ?title|position)$/, 'title'],
  [/^(department|dept)$/, 'department'],
  [/^(cost ?cent(er|re))$/, 'costCenter'],
  [/^(organi[sz]ation|company)$/, 'organization'],
  [/^division$/, 'division'],
  [/^(manager|manager ?id)$/, 'manager'],
  [/^(locale)$/, 'locale'],
  [/^(groups|teams)$/, '$groups'],
];

/** A first mapping from the column names (each target used once); the user reviews it. */
export function guessMapping(columns: string[]): AttributeMapping {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const column of columns) {
    const norm = column
      .trim()
      .toLowerCase()
      .replace(/[_.-]+/g, ' ');
    const hit = GUESSES.find(([re, target]) => re.test(norm) && !used.has(target));
    out[column] = hit ? hit[1] : '';
    if (hit) used.add(hit[1]);
  }
  return out;
}

/**
 * The mapping to use: what was remembered for this file (for the columns it still has),
 * otherwise a guess.
 */
export function initialMapping(columns: string[], remembered?: AttributeMapping): AttributeMapping {
  const guess = guessMapping(columns);
  if (!remembered) return guess;
  const out: Record<string, string> = {};
  for (const c of columns) {
    const r = remembered[c];
    out[c] = typeof r === 'string' ? r : (guess[c] as string);
  }
  return out;
}

/** Drops unmapped columns; throws core's SyncError for an unknown attribute (naming the column). */
export function effectiveMapping(mapping: Record<string, string>, file: string): AttributeMapping {
  const m = Object.fromEntries(Object.entries(mapping).filter(([, t]) => t.trim() !== ''));
  compileMapping(m, { file });
  return m;
}

/** Reads the whole source with core's readers (every row checked before anything is sent). */
export async function readSource(
  source: SyncSource,
  mapping: Record<string, string>,
): Promise<DesiredState> {
  const m = effectiveMapping(mapping, source.name);
  if (source.format === 'csv' && Object.keys(m).length === 0)
    throw new Error('Map at least the column that holds the userName before planning.');
  if (source.format === 'csv')
    return readDesired(source.text, {
      format: 'csv',
      file: source.name,
      delimiter: 'auto',
      mapping: m,
    });
  return readDesired(source.text, {
    format: source.format,
    file: source.name,
    ...(Object.keys(m).length > 0 ? { mapping: m } : {}),
  });
}
