import { isCaseExactByDefault } from '../attributes.js';
import {
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_USER,
  type ScimSchema,
  type ScimUser,
} from '../types/index.js';
import type { TeamUser } from './team.js';
import type { DesiredUser, MatchKey, PlanIssue, SourceRef } from './types.js';

type Obj = Record<string, unknown>;

/** Folds a key value as the server compares it (caseExact from its schema). */
export type Folder = (key: MatchKey, value: string) => string;

/** Where each match key lives on a user: schema, attribute and sub-attribute. */
const KEY_ATTRIBUTES: Record<MatchKey, [schema: string, name: string, sub?: string]> = {
  userName: [SCHEMA_USER, 'userName'],
  externalId: [SCHEMA_USER, 'externalId'],
  email: [SCHEMA_USER, 'emails', 'value'],
  employeeNumber: [SCHEMA_ENTERPRISE_USER, 'employeeNumber'],
};

export function folderFor(schemas: readonly ScimSchema[]): Folder {
  // RFC 7643's defaults (only externalId is case-exact among the keys), unless /Schemas says.
  const exact = Object.fromEntries(
    Object.entries(KEY_ATTRIBUTES).map(([key, [schema, name, sub]]) => [
      key,
      schema === SCHEMA_USER && isCaseExactByDefault(sub ? `${name}.${sub}` : name),
    ]),
  ) as Record<MatchKey, boolean>;
  const attr = (schemaId: string, name: string, sub?: string) => {
    const s = schemas.find((x) => x.id?.toLowerCase() === schemaId.toLowerCase());
    const a = s?.attributes?.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return sub ? a?.subAttributes?.find((x) => x.name.toLowerCase() === sub) : a;
  };
  const set = (key: MatchKey, found: { caseExact?: boolean } | undefined) => {
    if (typeof found?.caseExact === 'boolean') exact[key] = found.caseExact;
  };
  for (const [key, [schema, name, sub]] of Object.entries(KEY_ATTRIBUTES))
    set(key as MatchKey, attr(schema, name, sub));
  return (key, value) => (exact[key] ? value : value.toLowerCase());
}

function field(o: unknown, name: string): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  const rec = o as Obj;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

/** The value of a match key on a user, or undefined when it has none. */
export function keyValue(user: ScimUser | Obj, key: MatchKey): string | undefined {
  let v: unknown;
  switch (key) {
    case 'externalId':
      v = field(user, 'externalId');
      break;
    case 'userName':
      v = field(user, 'userName');
      break;
    case 'employeeNumber':
      v = field(field(user, SCHEMA_ENTERPRISE_USER), 'employeeNumber');
      break;
    case 'email': {
      const emails = field(user, 'emails');
      if (Array.isArray(emails)) {
        const primary = emails.find((e) => field(e, 'primary') === true);
        v = field(primary ?? (emails.length === 1 ? emails[0] : undefined), 'value');
      }
      break;
    }
  }
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** One entry, or several when a value is shared: arrays only for the rare collisions. */
type Bucket<T> = T | T[];
export type TeamIndex = Map<MatchKey, Map<string, Bucket<TeamUser>>>;

function put<T>(m: Map<string, Bucket<T>>, k: string, v: T): void {
  const have = m.get(k);
  if (have === undefined) m.set(k, v);
  else if (Array.isArray(have)) have.push(v);
  else m.set(k, [have, v]);
}

const all = <T>(b: Bucket<T> | undefined): T[] =>
  b === undefined ? [] : Array.isArray(b) ? b : [b];

/** Team users by folded key value, per key (a value may be shared, e.g. an e-mail). */
export function indexTeam(
  users: readonly TeamUser[],
  keys: readonly MatchKey[],
  fold: Folder,
): TeamIndex {
  const out: TeamIndex = new Map();
  for (const key of keys) {
    const m = new Map<string, Bucket<TeamUser>>();
    for (const u of users) {
      const v = keyValue(u, key);
      if (v !== undefined) put(m, fold(key, v), u);
    }
    out.set(key, m);
  }
  return out;
}

export interface Match {
  row: DesiredUser;
  user?: TeamUser;
  key?: MatchKey;
  value?: string;
}

export interface MatchResult {
  matches: Match[];
  errors: PlanIssue[];
  /** Ids of team users some row reaches, rows in error included: never "missing from source". */
  claimed: Set<string>;
}

const rowText = (r: SourceRef) => `${r.file ? `${r.file} ` : ''}row ${r.row}`;

/** Key values of every row, computed once: index `row * keys + key`, raw and folded. */
interface RowKeys {
  width: number;
  raw: Array<string | undefined>;
  folded: Array<string | undefined>;
}

function rowKeys(rows: readonly DesiredUser[], keys: readonly MatchKey[], fold: Folder): RowKeys {
  const width = keys.length;
  const raw = new Array<string | undefined>(rows.length * width);
  const folded = new Array<string | undefined>(rows.length * width);
  for (let i = 0; i < rows.length; i++)
    for (let k = 0; k < width; k++) {
      const v = keyValue(rows[i]!.user, keys[k]!);
      raw[i * width + k] = v;
      folded[i * width + k] = v === undefined ? undefined : fold(keys[k]!, v);
    }
  return { width, raw, folded };
}

/** Rows sharing a value of a key that must be unique in the source. */
function duplicates(
  rows: readonly DesiredUser[],
  keys: readonly MatchKey[],
  cached: RowKeys,
  errors: PlanIssue[],
): Uint8Array {
  const bad = new Uint8Array(rows.length);
  // Keys that are unique by nature in the source: userName always, the chosen keys too.
  for (let k = 0; k < keys.length; k++) {
    const seen = new Map<string, number>();
    let clashes: Map<string, number[]> | undefined;
    for (let i = 0; i < rows.length; i++) {
      const v = cached.folded[i * cached.width + k];
      if (v === undefined) continue;
      const first = seen.get(v);
      if (first === undefined) seen.set(v, i);
      else {
        clashes ??= new Map();
        clashes.set(v, [...(clashes.get(v) ?? [first]), i]);
      }
    }
    for (const list of clashes?.values() ?? []) {
      list.forEach((i) => (bad[i] = 1));
      const group = list.map((i) => rows[i]!);
      errors.push({
        code: 'duplicateKey',
        message: `${keys[k]} ${JSON.stringify(cached.raw[list[0]! * cached.width + k])} is on ${list.length} rows (${group.map((r) => rowText(r.source)).join(', ')}): each person must appear once`,
        rows: group.map((r) => r.source),
        userIds: [],
      });
    }
  }
  return bad;
}

/**
 * Pairs desired rows with team users by the keys in priority order. Duplicate key values in
 * the input, a row whose keys point at two users, and two rows that reach one user are
 * errors naming the rows; such rows get no match (and so no action).
 */
export function matchUsers(
  rows: readonly DesiredUser[],
  team: TeamIndex,
  keys: readonly MatchKey[],
  fold: Folder,
): MatchResult {
  const errors: PlanIssue[] = [];
  const unique = [...new Set<MatchKey>([...keys, 'userName'])];
  const cached = rowKeys(rows, unique, fold);
  const bad = duplicates(rows, unique, cached, errors);
  const indexes = keys.map((key) => team.get(key));
  const matches: Match[] = [];
  const byUser = new Map<string, Match>();
  let shared: Map<string, Match[]> | undefined;
  const claimed = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let first: Match | undefined;
    let several = false;
    for (let k = 0; k < keys.length; k++) {
      const v = cached.folded[i * cached.width + k];
      const bucket = v === undefined ? undefined : indexes[k]?.get(v);
      if (bucket === undefined) continue;
      for (const u of all(bucket)) {
        claimed.add(u.id);
        if (!first)
          first = { row, user: u, key: keys[k]!, value: cached.raw[i * cached.width + k]! };
        else if (first.user!.id !== u.id) several = true;
      }
    }
    if (bad[i]) continue;
    // A row none of the match keys can find is not a new person but a gap in the source: its
    // person may well be in the team under that key, and creating would make them twice.
    let keyed = false;
    for (let k = 0; k < keys.length && !keyed; k++)
      keyed = cached.folded[i * cached.width + k] !== undefined;
    if (!keyed) {
      errors.push({
        code: 'missingKey',
        message: `${rowText(row.source)} has no ${keys.join(' or ')}, the key${keys.length > 1 ? 's' : ''} rows are matched on: fill it in, or match on another key`,
        rows: [row.source],
        userIds: [],
      });
      continue;
    }
    if (several) {
      errors.push(ambiguous(row, team, keys, fold));
      continue;
    }
    const m = first ?? { row };
    matches.push(m);
    if (!m.user) continue;
    const id = m.user.id;
    const other = byUser.get(id);
    if (other === undefined) byUser.set(id, m);
    else {
      shared ??= new Map();
      shared.set(id, [...(shared.get(id) ?? [other]), m]);
    }
  }
  if (!shared) return { matches, errors, claimed };
  const dropped = new Set<Match>();
  for (const [id, list] of shared) {
    list.forEach((m) => dropped.add(m));
    errors.push({
      code: 'sharedMatch',
      message: `${list.map((m) => rowText(m.row.source)).join(' and ')} all match user ${JSON.stringify(list[0]!.user!.userName)} (${list.map((m) => m.key).join(', ')}): one user can stand for one row only`,
      rows: list.map((m) => m.row.source),
      userIds: [id],
    });
  }
  return { matches: matches.filter((m) => !dropped.has(m)), errors, claimed };
}

function ambiguous(
  row: DesiredUser,
  team: TeamIndex,
  keys: readonly MatchKey[],
  fold: Folder,
): PlanIssue {
  const found: Array<{ key: MatchKey; value: string; users: TeamUser[] }> = [];
  for (const key of keys) {
    const v = keyValue(row.user, key);
    const users = v === undefined ? [] : all(team.get(key)?.get(fold(key, v)));
    if (v !== undefined && users.length > 0) found.push({ key, value: v, users });
  }
  const ids = new Set(found.flatMap((f) => f.users.map((u) => u.id)));
  return {
    code: 'ambiguousMatch',
    message: `${rowText(row.source)} matches ${ids.size} users (${found.map((f) => `${f.key} ${JSON.stringify(f.value)} -> ${f.users.map((u) => u.userName).join(', ')}`).join('; ')}): fix the source or the team so the keys agree`,
    rows: [row.source],
    userIds: [...ids].sort(),
  };
}
