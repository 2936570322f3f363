import Database from 'better-sqlite3';
import type { JsonObject, ResourceType } from './types.js';

/** One stored resource: the JSON document plus the columns kept for indexed look-ups. */
export interface Row {
  id: string;
  type: ResourceType;
  data: JsonObject;
  version: number;
  created: string;
  lastModified: string;
}

/** A row with its rowid, the key cursor pages walk by. */
export interface SeqRow {
  seq: number;
  row: Row;
}

export interface MemberRow {
  value: string;
  type: ResourceType;
  display: string | null;
}

interface RawRow {
  id: string;
  type: ResourceType;
  data: string;
  version: number;
  created: string;
  last_modified: string;
}

/** Columns an `eq` filter can be answered from through an index. */
export type IndexedColumn = 'id' | 'user_name' | 'external_id' | 'display_name';
export type SortColumn = 'user_name' | 'display_name' | 'created' | 'last_modified' | 'id';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS resources (
  team TEXT NOT NULL,
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  user_name TEXT,
  external_id TEXT,
  display_name TEXT,
  active INTEGER,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS resources_id ON resources(team, type, id);
CREATE UNIQUE INDEX IF NOT EXISTS resources_user_name ON resources(team, type, user_name);
CREATE INDEX IF NOT EXISTS resources_external_id ON resources(team, type, external_id);
CREATE INDEX IF NOT EXISTS resources_display_name ON resources(team, type, display_name);
CREATE INDEX IF NOT EXISTS resources_last_modified ON resources(team, type, last_modified);
CREATE INDEX IF NOT EXISTS resources_created ON resources(team, type, created);
CREATE INDEX IF NOT EXISTS resources_team_type ON resources(team, type);
CREATE TABLE IF NOT EXISTS members (
  team TEXT NOT NULL,
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_type TEXT NOT NULL,
  copies INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (team, group_id, member_id)
);
CREATE INDEX IF NOT EXISTS members_member ON members(team, member_id);
`;

const lower = (s: unknown): string | null => (typeof s === 'string' ? s.toLowerCase() : null);

/** SQLite persistence of every team's users, groups and group memberships. */
export class Store {
  readonly db: Database.Database;
  private readonly st;

  constructor(file?: string) {
    this.db = new Database(file ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    // Files written before TeamOptions.duplicateMembers have no copies column: each member once.
    const memberCols = this.db.pragma('table_info(members)') as Array<{ name: string }>;
    if (!memberCols.some((c) => c.name === 'copies'))
      this.db.exec('ALTER TABLE members ADD COLUMN copies INTEGER NOT NULL DEFAULT 1');
    const cols = 'id, type, data, version, created, last_modified';
    this.st = {
      get: this.db.prepare(`SELECT ${cols} FROM resources WHERE team = ? AND type = ? AND id = ?`),
      byCol: {
        id: this.db.prepare(`SELECT ${cols} FROM resources WHERE team = ? AND type = ? AND id = ?`),
        user_name: this.db.prepare(
          `SELECT ${cols} FROM resources WHERE team = ? AND type = ? AND user_name = ?`,
        ),
        external_id: this.db.prepare(
          `SELECT ${cols} FROM resources WHERE team = ? AND type = ? AND external_id = ?`,
        ),
        display_name: this.db.prepare(
          `SELECT ${cols} FROM resources WHERE team = ? AND type = ? AND display_name = ?`,
        ),
      },
      count: this.db.prepare(`SELECT count(*) AS n FROM resources WHERE team = ? AND type = ?`),
      all: this.db.prepare(
        `SELECT ${cols} FROM resources WHERE team = ? AND type = ? ORDER BY rowid`,
      ),
      after: this.db.prepare(
        `SELECT rowid AS seq, ${cols} FROM resources WHERE team = ? AND type = ? AND rowid > ?
         ORDER BY rowid LIMIT ?`,
      ),
      insert: this.db.prepare(
        `INSERT INTO resources (team, type, id, user_name, external_id, display_name, active, created, last_modified, version, data)
         VALUES (@team, @type, @id, @userName, @externalId, @displayName, @active, @created, @lastModified, @version, @data)`,
      ),
      update: this.db.prepare(
        `UPDATE resources SET user_name = @userName, external_id = @externalId, display_name = @displayName,
           active = @active, last_modified = @lastModified, version = @version, data = @data
         WHERE team = @team AND type = @type AND id = @id`,
      ),
      delete: this.db.prepare(`DELETE FROM resources WHERE team = ? AND type = ? AND id = ?`),
      userNameOwner: this.db.prepare(
        `SELECT id FROM resources WHERE team = ? AND type = 'User' AND user_name = ?`,
      ),
      members: this.db.prepare(
        `SELECT m.member_id AS value, m.member_type AS type, m.copies AS copies,
           coalesce(json_extract(r.data, '$.displayName'), json_extract(r.data, '$.userName')) AS display
         FROM members m LEFT JOIN resources r
           ON r.team = m.team AND r.type = m.member_type AND r.id = m.member_id
         WHERE m.team = ? AND m.group_id = ? ORDER BY m.rowid`,
      ),
      groupsOf: this.db.prepare(
        `SELECT m.group_id AS value, json_extract(r.data, '$.displayName') AS display FROM members m
         JOIN resources r ON r.team = m.team AND r.type = 'Group' AND r.id = m.group_id
         WHERE m.team = ? AND m.member_id = ?`,
      ),
      groupsOfMany: this.db.prepare(
        `SELECT m.member_id AS member, m.group_id AS value, json_extract(r.data, '$.displayName') AS display
         FROM members m JOIN resources r ON r.team = m.team AND r.type = 'Group' AND r.id = m.group_id
         WHERE m.team = ? AND m.member_id IN (SELECT value FROM json_each(?))`,
      ),
      addMember: this.db.prepare(
        `INSERT INTO members (team, group_id, member_id, member_type) VALUES (?, ?, ?, ?)
         ON CONFLICT (team, group_id, member_id) DO UPDATE SET copies = copies + 1`,
      ),
      hasEmptyGroup: this.db.prepare(
        `SELECT 1 FROM resources r WHERE r.team = ? AND r.type = 'Group' AND NOT EXISTS
           (SELECT 1 FROM members m WHERE m.team = r.team AND m.group_id = r.id) LIMIT 1`,
      ),
      clearMembers: this.db.prepare(`DELETE FROM members WHERE team = ? AND group_id = ?`),
      dropMember: this.db.prepare(`DELETE FROM members WHERE team = ? AND member_id = ?`),
    };
  }

  private static row(r: RawRow): Row {
    return {
      id: r.id,
      type: r.type,
      data: JSON.parse(r.data) as JsonObject,
      version: r.version,
      created: r.created,
      lastModified: r.last_modified,
    };
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      // A rolled-back transaction may have moved a cached count; recount on demand.
      this.counts.clear();
      throw e;
    }
  }

  get(team: string, type: ResourceType, id: string): Row | undefined {
    const r = this.st.get.get(team, type, id) as RawRow | undefined;
    return r ? Store.row(r) : undefined;
  }

  /** Rows whose indexed column equals `value` (user_name and display_name compare lower-cased). */
  findBy(team: string, type: ResourceType, col: IndexedColumn, value: string): Row[] {
    const v = col === 'user_name' || col === 'display_name' ? value.toLowerCase() : value;
    return (this.st.byCol[col].all(team, type, v) as RawRow[]).map(Store.row);
  }

  /** Counting a big team walks a whole index, so counts are cached and kept up to date here. */
  private readonly counts = new Map<string, number>();

  count(team: string, type: ResourceType): number {
    const key = `${type}\u0000${team}`;
    let n = this.counts.get(key);
    if (n === undefined) {
      n = (this.st.count.get(team, type) as { n: number }).n;
      this.counts.set(key, n);
    }
    return n;
  }

  private adjustCount(team: string, type: ResourceType, delta: number): void {
    const key = `${type}\u0000${team}`;
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + delta);
  }

  /** A page in stable order straight from SQL (no filter). */
  page(
    team: string,
    type: ResourceType,
    offset: number,
    limit: number,
    sort?: { col: SortColumn; desc: boolean },
  ): Row[] {
    // Offsets walk an index only (no row data), then the page rows are fetched by rowid.
    const dir = sort?.desc ? 'DESC' : 'ASC';
    const order = sort ? `${sort.col} ${dir}, rowid ${dir}` : 'rowid';
    const stmt = this.db.prepare(
      `SELECT r.id, r.type, r.data, r.version, r.created, r.last_modified FROM resources r
       JOIN (SELECT rowid AS rid, row_number() OVER () AS n FROM (
         SELECT rowid FROM resources WHERE team = ? AND type = ? ORDER BY ${order} LIMIT ? OFFSET ?)) p
       ON r.rowid = p.rid ORDER BY p.n`,
    );
    return (stmt.all(team, type, limit, offset) as RawRow[]).map(Store.row);
  }

  *iterate(team: string, type: ResourceType): Generator<Row> {
    for (const r of this.st.all.iterate(team, type) as Iterable<RawRow>) yield Store.row(r);
  }

  /**
   * Up to `limit` rows after rowid `after`, in rowid order, with their rowids: a cursor page.
   * The rowid of a row never changes while it lives, so a walk by rowid is not shifted by
   * inserts or deletes elsewhere (`limit` -1: no limit).
   */
  after(team: string, type: ResourceType, after: number, limit: number): SeqRow[] {
    return (this.st.after.all(team, type, after, limit) as Array<RawRow & { seq: number }>).map(
      (r) => ({ seq: r.seq, row: Store.row(r) }),
    );
  }

  userNameOwner(team: string, userName: string): string | undefined {
    const r = this.st.userNameOwner.get(team, userName.toLowerCase()) as { id: string } | undefined;
    return r?.id;
  }

  private params(team: string, type: ResourceType, row: Row): Record<string, unknown> {
    const d = row.data;
    return {
      team,
      type,
      id: row.id,
      userName: type === 'User' ? lower(d.userName) : null,
      externalId: typeof d.externalId === 'string' ? d.externalId : null,
      displayName: lower(d.displayName),
      active: typeof d.active === 'boolean' ? Number(d.active) : null,
      created: row.created,
      lastModified: row.lastModified,
      version: row.version,
      data: JSON.stringify(d),
    };
  }

  insert(team: string, type: ResourceType, row: Row): void {
    this.st.insert.run(this.params(team, type, row));
    this.adjustCount(team, type, 1);
  }

  update(team: string, type: ResourceType, row: Row): void {
    this.st.update.run(this.params(team, type, row));
  }

  /** Deletes a resource and every membership that names it. */
  delete(team: string, type: ResourceType, id: string): boolean {
    const res = this.st.delete.run(team, type, id);
    if (res.changes > 0) this.adjustCount(team, type, -res.changes);
    this.st.dropMember.run(team, id);
    if (type === 'Group') this.st.clearMembers.run(team, id);
    return res.changes > 0;
  }

  /** A group's members in the order added; a member stored more than once is listed as often. */
  members(team: string, groupId: string): MemberRow[] {
    const rows = this.st.members.all(team, groupId) as Array<MemberRow & { copies: number }>;
    return rows.flatMap(({ copies, ...m }) => Array.from({ length: copies }, () => ({ ...m })));
  }

  hasEmptyGroup(team: string): boolean {
    return this.st.hasEmptyGroup.get(team) !== undefined;
  }

  /** The groups of many members in one query (a list page renders 100 users at once). */
  groupsOfMany(
    team: string,
    memberIds: string[],
  ): Map<string, Array<{ value: string; display: string | null }>> {
    const out = new Map<string, Array<{ value: string; display: string | null }>>();
    if (memberIds.length === 0) return out;
    const rows = this.st.groupsOfMany.all(team, JSON.stringify(memberIds)) as Array<{
      member: string;
      value: string;
      display: string | null;
    }>;
    for (const r of rows) {
      const list = out.get(r.member) ?? [];
      list.push({ value: r.value, display: r.display });
      out.set(r.member, list);
    }
    return out;
  }

  groupsOf(team: string, memberId: string): Array<{ value: string; display: string | null }> {
    return this.st.groupsOf.all(team, memberId) as Array<{ value: string; display: string | null }>;
  }

  /** Stores the member list; a value given more than once is stored as that many copies. */
  setMembers(team: string, groupId: string, members: Array<{ value: string; type: ResourceType }>) {
    this.st.clearMembers.run(team, groupId);
    for (const m of members) this.st.addMember.run(team, groupId, m.value, m.type);
  }

  close(): void {
    this.db.close();
  }
}
