import { SNAPSHOT_VERSION, type Snapshot } from './types.js';

export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
  constructor(
    /** `version`: stored by another version of this library; `invalid`: not a snapshot at all. */
    readonly reason: 'version' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a snapshot from its JSON text (or from the already-parsed object, as n8n's static
 * data keeps it). Throws SnapshotFormatError when the data is from another snapshot version or
 * is not a snapshot: the caller should then take a fresh baseline instead of diffing.
 */
export function parseSnapshot(input: string | unknown): Snapshot {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new SnapshotFormatError(
        'invalid',
        `The stored snapshot is not valid JSON (${(e as Error).message}); take a new snapshot.`,
      );
    }
  }
  if (!isRecord(value) || !('v' in value))
    throw new SnapshotFormatError(
      'invalid',
      'The stored value is not a snapshot (no "v" field); take a new snapshot.',
    );
  if (value.v !== SNAPSHOT_VERSION)
    throw new SnapshotFormatError(
      'version',
      `The stored snapshot has version ${JSON.stringify(value.v)}, this library reads version ${SNAPSHOT_VERSION}; take a new snapshot as the baseline.`,
    );
  const groupsOk =
    isRecord(value.groups) &&
    Object.values(value.groups).every(
      (g) => isRecord(g) && typeof g.h === 'string' && Array.isArray(g.m),
    );
  const usersOk =
    isRecord(value.users) && Object.values(value.users).every((u) => typeof u === 'string');
  if (!usersOk || !groupsOk || typeof value.cfg !== 'string' || typeof value.at !== 'string')
    throw new SnapshotFormatError(
      'invalid',
      'The stored snapshot is damaged (users, groups, cfg or at missing or of the wrong type); take a new snapshot.',
    );
  return value as unknown as Snapshot;
}

/** Bytes of the serialised snapshot (UTF-8), without building the whole string. */
export function snapshotSize(snapshot: Snapshot): number {
  const bytes = (s: string) => utf8Length(JSON.stringify(s));
  let total = utf8Length(serializeSnapshot({ ...snapshot, users: {}, groups: {} }));
  // Each entry adds `"id":value` and a comma, except that the first entry of a map has none.
  const users = Object.entries(snapshot.users);
  for (const [id, entry] of users) total += bytes(id) + bytes(entry) + 2;
  const groups = Object.entries(snapshot.groups);
  for (const [id, g] of groups) total += bytes(id) + 2 + utf8Length(JSON.stringify(g));
  return total - (users.length > 0 ? 1 : 0) - (groups.length > 0 ? 1 : 0);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
