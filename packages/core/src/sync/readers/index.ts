import type { DesiredState } from '../types.js';
import { readDesiredCsv, type CsvReadOptions, type TextInput } from './csv.js';
import { readDesiredJson, type JsonReadOptions } from './json.js';

export type ReadOptions =
  | ({ format: 'csv' } & CsvReadOptions)
  | ({ format: 'json' | 'ndjson' } & Omit<JsonReadOptions, 'format'>);

/** Reads a desired state from CSV, JSON or NDJSON. */
export async function readDesired(input: TextInput, options: ReadOptions): Promise<DesiredState> {
  if (options.format === 'csv') return readDesiredCsv(input, options);
  let text: string | Uint8Array;
  if (typeof input === 'string' || input instanceof Uint8Array) text = input;
  else {
    const parts: Buffer[] = [];
    for await (const c of input as AsyncIterable<string | Uint8Array>)
      parts.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
    text = Buffer.concat(parts);
  }
  return readDesiredJson(text, options);
}
