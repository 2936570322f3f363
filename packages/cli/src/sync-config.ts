import { readFileSync } from 'node:fs';
import {
  compileMapping,
  type AttributeMapping,
  type GroupRule,
  type MatchKey,
  type MissingPolicy,
  type SyncLimits,
  type SyncOptions,
  type SyncScope,
} from '@celonis-scim/core';
import { CliError } from './errors.js';

/**
 * The --map file: either a plain mapping (source column -> SCIM attribute), or an object with
 * `columns` (that mapping) and the sync settings beside it, so that one reviewed file holds all
 * of a sync's configuration.
 */
export interface MapFile {
  columns: AttributeMapping;
  delimiter?: string;
  groupSeparator?: string;
  options: SyncOptions;
}

const SETTINGS = [
  'columns',
  'delimiter',
  'groupSeparator',
  'match',
  'scope',
  'missing',
  'protect',
  'limits',
  'minSourceRatio',
  'rules',
  'attributes',
] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readMapFile(path: string): MapFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`Cannot read the mapping ${path}: ${(e as Error).message}`);
  }
  const bad = (what: string) =>
    new CliError(
      `${path}: ${what}`,
      'A mapping is { "columns": { "<CSV column>": "<SCIM attribute>", ... }, "match": [...], ... } or just the columns object; see the CLI README.',
    );
  if (!isObj(data)) throw bad('not a JSON object');
  if (!('columns' in data)) {
    // A plain mapping: checked now, naming this file, before the source is opened.
    compileMapping(data as AttributeMapping, { file: path });
    return { columns: data as AttributeMapping, options: {} };
  }
  for (const key of Object.keys(data))
    if (!(SETTINGS as readonly string[]).includes(key))
      throw bad(`unknown setting "${key}" (known: ${SETTINGS.join(', ')})`);
  if (!isObj(data.columns)) throw bad('"columns" is not an object');
  compileMapping(data.columns as AttributeMapping, { file: path });
  const strings = (key: string) => {
    const v = data[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw bad(`"${key}" is not a list of strings`);
    return v as string[];
  };
  const text = (key: string) => {
    const v = data[key];
    if (v !== undefined && typeof v !== 'string') throw bad(`"${key}" is not a string`);
    return v as string | undefined;
  };
  const object = (key: string) => {
    const v = data[key];
    if (v !== undefined && !isObj(v)) throw bad(`"${key}" is not an object`);
    return v;
  };
  if (data.rules !== undefined && !Array.isArray(data.rules)) throw bad('"rules" is not a list');
  if (data.minSourceRatio !== undefined && typeof data.minSourceRatio !== 'number')
    throw bad('"minSourceRatio" is not a number');
  const options: SyncOptions = {
    match: strings('match') as MatchKey[] | undefined,
    scope: object('scope') as SyncScope | undefined,
    missing: text('missing') as MissingPolicy | undefined,
    protect: strings('protect'),
    limits: object('limits') as SyncLimits | undefined,
    minSourceRatio: data.minSourceRatio as number | undefined,
    rules: data.rules as GroupRule[] | undefined,
    attributes: strings('attributes'),
  };
  const delimiter = text('delimiter');
  const groupSeparator = text('groupSeparator');
  return {
    columns: data.columns as AttributeMapping,
    options,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(groupSeparator !== undefined ? { groupSeparator } : {}),
  };
}

/** `all`, `externalId`, `group:<displayName>` or `created:<displayName>`. */
export function parseScope(v: string): SyncScope {
  if (v === 'all' || v === 'externalId') return { kind: v };
  const m = /^(group|created):(.+)$/.exec(v);
  if (m) return { kind: m[1] as 'group' | 'created', group: m[2]! };
  throw new CliError(
    `--scope ${JSON.stringify(v)} is not a scope`,
    'Use all, externalId, group:<group name> or created:<group name>.',
  );
}

export interface SyncFlags {
  match?: string;
  scope?: string;
  missing?: MissingPolicy;
  protect?: string[];
  maxRemovals?: number;
  maxRemovalPercent?: number;
  force?: boolean;
}

/** The mapping file's settings with the flags on top. */
export function syncOptions(file: SyncOptions, flags: SyncFlags): SyncOptions {
  const out: SyncOptions = { ...file };
  if (flags.match)
    out.match = flags.match
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as MatchKey[];
  if (flags.scope) out.scope = parseScope(flags.scope);
  if (flags.missing) out.missing = flags.missing;
  if (flags.protect) out.protect = [...(file.protect ?? []), ...flags.protect];
  if (flags.maxRemovals !== undefined || flags.maxRemovalPercent !== undefined)
    out.limits = {
      ...file.limits,
      ...(flags.maxRemovals !== undefined ? { maxRemovals: flags.maxRemovals } : {}),
      ...(flags.maxRemovalPercent !== undefined
        ? { maxRemovalPercent: flags.maxRemovalPercent }
        : {}),
    };
  if (flags.force) out.force = true;
  return out;
}

/** `90s`, `30m`, `24h`, `7d` (or plain seconds) in milliseconds. */
export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(v.trim());
  if (!m)
    throw new CliError(
      `--max-age ${JSON.stringify(v)} is not a duration`,
      'Use e.g. 30m, 24h or 7d.',
    );
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit * 1000;
}
