import { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import { SyncError } from '../errors.js';
import { userFromRecord } from '../desired.js';
import { compileMapping, type AttributeMapping } from '../mapping.js';
import type { DesiredGroup, DesiredState, DesiredUser } from '../types.js';

export type TextInput =
  string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface CsvReadOptions {
  mapping: AttributeMapping;
  /** Named in errors. */
  file?: string | undefined;
  /** ',' (default), ';', '\t' or 'auto' (detected from the header line). */
  delimiter?: string | undefined;
  /** Separates the group names of a `$groups` column. Default '|'. */
  groupSeparator?: string | undefined;
}

type Chunk = string | Uint8Array;

/**
 * Reads users from CSV (RFC 4180, streaming; BOM, quoted newlines and `;` delimiters
 * handled by csv-parse). The first line names the columns; every mapped column must be there.
 */
export async function readDesiredCsv(
  input: TextInput,
  options: CsvReadOptions,
): Promise<DesiredState> {
  const file = options.file;
  const mapping = compileMapping(options.mapping, { file });
  const chunks = await withFirstChunk(input);
  const delimiter = pickDelimiter(options.delimiter, chunks.first, file);
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: false,
    relax_quotes: false,
  });
  const source = Readable.from(chunks.all());
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let header: string[] | undefined;
  let index: Map<string, number> = new Map();
  const users: DesiredUser[] = [];
  let row = 0;
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const { record, info } = item;
      const line = lastLine + 1;
      lastLine = info.lines;
      if (record.length === 1 && record[0] === '') continue; // a blank line
      if (!header) {
        header = record.map((h) => h.trim());
        index = headerIndex(
          header,
          mapping.columns.map((c) => c.column),
          file,
        );
        continue;
      }
      row++;
      const at = { ...(file !== undefined ? { file } : {}), row, line };
      users.push(
        userFromRecord(
          (c) => record[index.get(c) as number],
          mapping,
          at,
          options.groupSeparator ?? '|',
        ),
      );
    }
  } catch (e) {
    if (e instanceof SyncError) throw e;
    throw csvError(e, file, row + 1);
  }
  if (!header)
    throw new SyncError({
      code: 'input',
      file,
      message: 'the file is empty: it needs a header line naming the columns',
    });
  return { users, groups: groupsOf(users) };
}

/** Groups named by `$groups` cells: their members are given by userName. */
export function groupsOf(users: DesiredUser[]): DesiredGroup[] {
  const out = new Map<string, DesiredGroup>();
  for (const u of users)
    for (const name of u.groups ?? []) {
      const key = name.toLowerCase();
      const g = out.get(key) ?? { displayName: name, members: [] };
      g.members.push(u.user.userName);
      out.set(key, g);
    }
  return [...out.values()];
}

function headerIndex(
  header: string[],
  wanted: string[],
  file: string | undefined,
): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (index.has(h))
      throw new SyncError({
        code: 'input',
        file,
        row: 0,
        column: h,
        message: 'the header names this column twice',
      });
    index.set(h, i);
  });
  for (const column of wanted)
    if (!index.has(column))
      throw new SyncError({
        code: 'input',
        file,
        column,
        message: `the mapping names this column but the header has no such column (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`,
      });
  return index;
}

function csvError(e: unknown, file: string | undefined, row: number): SyncError {
  const err = e as { code?: string; message?: string; lines?: number };
  const what =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is not closed (a " is missing)'
      : err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? 'this row has a different number of fields than the header (check the delimiter and quoting)'
        : err.code?.startsWith('CSV_')
          ? `the CSV is malformed: ${err.message ?? err.code}`
          : `the input could not be read: ${err.message ?? String(e)}`;
  const at = err.lines !== undefined ? ` (line ${err.lines})` : '';
  return new SyncError({ code: 'input', file, row, message: `${what}${at}`, cause: e });
}

async function withFirstChunk(
  input: TextInput,
): Promise<{ first: string; all: () => AsyncIterable<Chunk> }> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    return {
      first: text.slice(0, 64 * 1024),
      all: async function* () {
        yield Buffer.from(text, 'utf8');
      },
    };
  }
  const it = (
    Symbol.asyncIterator in input
      ? (input as AsyncIterable<Chunk>)[Symbol.asyncIterator]()
      : (input as Iterable<Chunk>)[Symbol.iterator]()
  ) as AsyncIterator<Chunk> | Iterator<Chunk>;
  const head = await it.next();
  const firstChunk = head.done ? undefined : head.value;
  const asBuffer = (c: Chunk) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return {
    first: firstChunk === undefined ? '' : Buffer.from(asBuffer(firstChunk)).toString('utf8'),
    all: async function* () {
      if (firstChunk !== undefined) yield asBuffer(firstChunk);
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield asBuffer(n.value);
      }
    },
  };
}

function pickDelimiter(
  option: string | undefined,
  first: string,
  file: string | undefined,
): string {
  if (option !== undefined && option !== 'auto') {
    if (option.length !== 1 || option === '"' || /[\r\n]/.test(option))
      throw new SyncError({
        code: 'input',
        file,
        message: `delimiter ${JSON.stringify(option)} is not one character other than a quote or newline`,
      });
    return option;
  }
  if (option === undefined) return ',';
  const line = first.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return (counts[0] as readonly [string, number])[1] > 0
    ? (counts[0] as readonly [string, number])[0]
    : ',';
}
