import { readFileSync } from 'node:fs';

/**
 * The one loader of the bad-input corpus, shared by every suite that runs it (core, sandbox,
 * n8n node), so that the markers and the entry shape are read the same way everywhere.
 */

/** The corpus files, one per kind of input. */
export const CORPUS_FILES = [
  'filters',
  'filter-values',
  'patch-paths',
  'patch-operations',
  'users',
  'groups',
  'raw-bodies',
  'team-urls',
  'base-urls',
  'credentials',
  'http-paths',
  'ids',
] as const;
export type CorpusFile = (typeof CORPUS_FILES)[number];

/** What the core must do with an entry. */
export interface CoreExpect {
  name?: string;
  kind?: string;
  status?: number;
  messageIncludes?: string;
  sent?: boolean;
  roundTrip?: boolean;
  /** Why the client repairs this input itself and the create succeeds. */
  accepted?: string;
}

/** What the sandbox must answer to an entry sent as HTTP. */
export interface SandboxExpect {
  status: number;
  scimType?: string;
  detailIncludes?: string;
  totalResults?: number;
}

/** What the n8n action node must do with an entry reaching its parameters. */
export interface N8nExpect {
  /** `operation`: refused before sending (NodeOperationError); `api`: the server's refusal. */
  error?: 'operation' | 'api';
  messageIncludes?: string;
  /** Whether a request may reach the server. */
  sent?: boolean;
  /** Why the node accepts the input (it is not bad for the node, e.g. it trims it). */
  accepted?: string;
  /** Why the entry does not reach the node's parameters. */
  skip?: string;
  /** Why the node's expectation differs from the core's. */
  note?: string;
}

export interface CorpusEntry {
  input: unknown;
  /** Whether the client can tell before sending (users and groups). */
  known?: boolean;
  expect: { core?: CoreExpect; sandbox?: SandboxExpect; sandboxNote?: string; n8n?: N8nExpect };
}

interface CorpusFileBody {
  description: string;
  entries: CorpusEntry[];
}

const DIR = new URL('./', import.meta.url);

function nest(depth: number, leaf: unknown, wrap: (x: unknown) => unknown): unknown {
  let x = leaf;
  for (let i = 0; i < depth; i++) x = wrap(x);
  return x;
}

/**
 * Large or deep inputs are stored as markers so the corpus stays small and readable:
 * `{ "$repeat": "x", "times": N }`, `{ "$nestObject": N }`, `{ "$nestArray": N }`.
 */
export function expand(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(expand);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$repeat === 'string') {
    if (typeof o.times !== 'number')
      throw new TypeError('corpus: "$repeat" needs a "times" number');
    return o.$repeat.repeat(o.times);
  }
  if (typeof o.$nestObject === 'number') return nest(o.$nestObject, 'leaf', (x) => ({ a: x }));
  if (typeof o.$nestArray === 'number') return nest(o.$nestArray, [], (x) => [x]);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, expand(x)]));
}

/** The entries of one corpus file, markers expanded (a fresh copy on every call). */
export function corpus(name: CorpusFile): CorpusEntry[] {
  const file = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as CorpusFileBody;
  if (!Array.isArray(file.entries)) throw new TypeError(`corpus: ${name}.json has no "entries"`);
  return file.entries.map((e) => ({ ...e, input: expand(e.input) }));
}

/** A short, printable label of an input for assertion messages. */
export const label = (v: unknown): string => JSON.stringify(v)?.slice(0, 60) ?? String(v);
