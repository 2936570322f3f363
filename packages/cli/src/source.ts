import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import {
  readDesired,
  type DesiredState,
  type ReadOptions,
  type TextInput,
} from '@celonis-scim/core/node';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readMapFile, type MapFile } from './sync-config.js';

// The source of `sync plan`: a file, or standard input (`--from -`), read and checked in full
// before the team is asked anything.

export type Format = 'csv' | 'json' | 'ndjson';

export interface SourceFlags {
  from: string;
  map?: string;
  format?: Format;
}

/** `--from -`: the source is read from standard input. */
const STDIN = '-';

function formatOf(path: string, flag: Format | undefined): Format {
  if (flag) return flag;
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  throw new CliError(
    `Cannot tell the format of ${path} from its extension`,
    'Pass --format csv, json or ndjson.',
  );
}

/**
 * The format of text without a file name: a JSON document starts with `[` or `{`; several
 * `{...}` lines that do not parse as one document are NDJSON; anything else is CSV.
 */
export function sniffFormat(text: string): Format {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return 'json';
  if (!t.startsWith('{')) return 'csv';
  try {
    JSON.parse(t);
    return 'json';
  } catch {
    return 'ndjson';
  }
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY)
    throw new CliError(
      '--from - reads the source from standard input, but that is a terminal',
      'Pipe the export in, e.g. "cat hr.csv | celonis-scim sync plan --from - --map mapping.json".',
    );
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** The source's text (or a stream of a file), its format and the name errors give it. */
async function openSource(
  ctx: Context,
  flags: SourceFlags,
): Promise<{ input: TextInput; format: Format; file: string }> {
  if (flags.from !== STDIN) {
    const format = formatOf(flags.from, flags.format);
    if (!existsSync(flags.from)) throw new CliError(`Cannot read ${flags.from}: no such file`);
    return { input: createReadStream(flags.from), format, file: flags.from };
  }
  const text = await readStdin();
  const format = flags.format ?? sniffFormat(text.toString('utf8'));
  if (!flags.format)
    ctx.out.note(`Reading standard input as ${format.toUpperCase()} (--format chooses another).`);
  return { input: text, format, file: 'standard input' };
}

/** Reads the source completely (a reader error names the file, row and column) before any request. */
export async function readSource(
  ctx: Context,
  flags: SourceFlags,
): Promise<{ desired: DesiredState; map?: MapFile }> {
  const { input, format, file } = await openSource(ctx, flags);
  const map = flags.map ? readMapFile(flags.map) : undefined;
  if (format === 'csv' && !map)
    throw new CliError(
      `A CSV source needs a mapping from its columns to SCIM attributes`,
      'Pass --map mapping.json (see examples/mapping.json).',
    );
  const options: ReadOptions =
    format === 'csv'
      ? {
          format,
          mapping: map!.columns,
          file,
          ...(map!.delimiter ? { delimiter: map!.delimiter } : {}),
          ...(map!.groupSeparator ? { groupSeparator: map!.groupSeparator } : {}),
        }
      : {
          format,
          file,
          ...(map ? { mapping: map.columns } : {}),
          ...(map?.groupSeparator ? { groupSeparator: map.groupSeparator } : {}),
        };
  const desired = await readDesired(input, options);
  return { desired, ...(map ? { map } : {}) };
}
