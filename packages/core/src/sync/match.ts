import {
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_USER,
  type ScimSchema,
  type ScimUser,
} from '../types/index.js';
import type { DesiredUser, MatchKey, PlanIssue, SourceRef } from './types.js';

type Obj = Record<string, unknown>;

/** Folds a key value as the server compares it (caseExact from its schema). */
export type Folder = (key: MatchKey, value: string) => string;

/** RFC 7643 defaults: only externalId is caseExact among the match keys. */
const DEFAULT_CASE_EXACT: Record<MatchKey, boolean> = {
  externalId: true,
  employeeNumber: false,
  userName: false,
  email: false,
};

export function folderFor(schemas: readonly ScimSchema[]): Folder {
  const exact = { ...DEFAULT_CASE_EXACT };
  const attr = (schemaId: string, name: string, sub?: string) => {
    const s = schemas.find((x) => x.id?.toLowerCase() === schemaId.toLowerCase());
    const a = s?.attributes?.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return sub ? a?.subAttributes?.find((x) => x.name.toLowerCase() === sub) : a;
  };
  const set = (key: MatchKey, found: { caseExact?: boolean } | undefined) => {
    if (typeof found?.caseExact === 'boolean') exact[key] = found.caseExact;
  };
  set('userName', attr(SCHEMA_USER, 'userName'));
  set('externalId', attr(SCHEMA_USER, 'externalId'));
  set('email', attr(SCHEMA_USER, 'emails', 'value'));
  set('employeeNumber', attr(SCHEMA_ENTERPRISE_USER, 'employeeNumber'));
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

/** Team users by folded key value, per key (a value may be shared, e.g. an e-mail). */
export function indexTeam(
  users: readonly ScimUser[],
  keys: readonly MatchKey[],
  fold: Folder,
): Map<MatchKey, Map<string, ScimUser[]>> {
  const out = new Map<MatchKey, Map<string, ScimUser[]>>();
  for (const key of keys) {
    const m = new Map<string, ScimUser[]>();
    for (const u of users) {
      const v = keyValue(u, key);
      if (v === undefined) continue;
      const f = fold(key, v);
      const list = m.get(f);
      if (list) list.push(u);
      else m.set(f, [u]);
    }
    out.set(key, m);
  }
  return out;
}

export interface Match {
  row: DesiredUser;
  user?: ScimUser;
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

/**
 * Pairs desired rows with team users by the keys in priority order. Duplicate key values in
 * the input, a row whose keys point at two users, and two rows that reach one user are
 * errors naming the rows; such rows get no match (and so no action).
 */
export function matchUsers(
  rows: readonly DesiredUser[],
  team: Map<MatchKey, Map<string, ScimUser[]>>,
  keys: readonly MatchKey[],
  fold: Folder,
): MatchResult {
  const errors: PlanIssue[] = [];
  const bad = new Set<DesiredUser>();
  // Keys that are unique by nature in the source: userName always, the chosen keys too.
  for (const key of new Set<MatchKey>([...keys, 'userName'])) {
    const seen = new Map<string, DesiredUser[]>();
    for (const r of rows) {
      const v = keyValue(r.user, key);
      if (v === undefined) continue;
      const f = fold(key, v);
      const list = seen.get(f);
      if (list) list.push(r);
      else seen.set(f, [r]);
    }
    for (const [, list] of seen)
      if (list.length > 1) {
        list.forEach((r) => bad.add(r));
        const v = keyValue(list[0]!.user, key);
        errors.push({
          code: 'duplicateKey',
          message: `${key} ${JSON.stringify(v)} is on ${list.length} rows (${list.map((r) => rowText(r.source)).join(', ')}): each person must appear once`,
          rows: list.map((r) => r.source),
          userIds: [],
        });
      }
  }
  const matches: Match[] = [];
  const byUser = new Map<string, Match[]>();
  const claimed = new Set<string>();
  for (const row of rows) {
    const found: Array<{ key: MatchKey; value: string; users: ScimUser[] }> = [];
    for (const key of keys) {
      const v = keyValue(row.user, key);
      if (v === undefined) continue;
      const users = team.get(key)?.get(fold(key, v));
      if (users && users.length > 0) found.push({ key, value: v, users });
    }
    const ids = new Set(found.flatMap((f) => f.users.map((u) => u.id as string)));
    ids.forEach((id) => claimed.add(id));
    if (bad.has(row)) continue;
    if (ids.size > 1) {
      errors.push({
        code: 'ambiguousMatch',
        message: `${rowText(row.source)} matches ${ids.size} users (${found.map((f) => `${f.key} ${JSON.stringify(f.value)} -> ${f.users.map((u) => u.userName).join(', ')}`).join('; ')}): fix the source or the team so the keys agree`,
        rows: [row.source],
        userIds: [...ids].sort(),
      });
      continue;
    }
    const first = found[0];
    const m: Match = first
      ? { row, user: first.users[0] as ScimUser, key: first.key, value: first.value }
      : { row };
    matches.push(m);
    if (m.user) {
      const list = byUser.get(m.user.id as string) ?? [];
      list.push(m);
      byUser.set(m.user.id as string, list);
    }
  }
  const shared = new Set<Match>();
  for (const [id, list] of byUser)
    if (list.length > 1) {
      list.forEach((m) => shared.add(m));
      errors.push({
        code: 'sharedMatch',
        message: `${list.map((m) => rowText(m.row.source)).join(' and ')} all match user ${JSON.stringify(list[0]!.user!.userName)} (${list.map((m) => m.key).join(', ')}): one user can stand for one row only`,
        rows: list.map((m) => m.row.source),
        userIds: [id],
      });
    }
  return { matches: matches.filter((m) => !shared.has(m)), errors, claimed };
}
