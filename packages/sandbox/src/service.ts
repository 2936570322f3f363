import { randomUUID } from 'node:crypto';
import { Cursors } from './cursor.js';
import { badRequest, HttpError, notFound } from './errors.js';
import { attrSegments, indexedEq, matches, parseFilter, valuesAt } from './filter.js';
import { applyPatch, normaliseOps } from './patch.js';
import { validateResource } from './resources.js';
import type { Row, SeqRow, SortColumn, Store } from './store.js';
import type { JsonObject, ResourceType, TeamConfig } from './types.js';

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ListQuery {
  filter?: string | undefined;
  sortBy?: string | undefined;
  sortOrder?: string | undefined;
  startIndex?: number | undefined;
  count?: number | undefined;
  /** RFC 9865 cursor: '' for the first page, a `nextCursor` for the next one. */
  cursor?: string | undefined;
}

export interface ListResult {
  total: number;
  startIndex: number;
  rows: Row[];
}

const SORT_COLUMNS: Record<string, SortColumn> = {
  id: 'id',
  username: 'user_name',
  displayname: 'display_name',
  'meta.created': 'created',
  'meta.lastmodified': 'last_modified',
};

export const etagOf = (row: Row): string => `W/"${row.version}"`;
const endpointOf = (team: TeamConfig, type: ResourceType) =>
  type === 'User' ? team.usersEndpoint : '/Groups';

/**
 * What a profile adds to the write path (the Celonis profile: its user rules and licence): run
 * in the write's transaction before the row is stored, it may change the document or refuse it,
 * and returns what to do once the write succeeded.
 */
export type PrepareWrite = (
  team: TeamConfig,
  type: ResourceType,
  doc: JsonObject,
  prev: Row | undefined,
) => ((row: Row) => void) | undefined;

/** Team-scoped operations on users and groups, shared by the HTTP routes and Bulk. */
export class Service {
  /** Issues and checks the cursors of cursor pagination; its key lives as long as the sandbox. */
  readonly cursors = new Cursors();

  constructor(
    private readonly store: Store,
    private readonly prepare: PrepareWrite = () => undefined,
  ) {}

  /** The full resource as the API returns it (memberships, meta.location, meta.version). */
  /** Renders a page of resources, reading the groups of all its users in one query. */
  renderMany(team: TeamConfig, base: string, rows: Row[]): JsonObject[] {
    const users = rows.filter((r) => r.type === 'User').map((r) => r.id);
    const groups = this.store.groupsOfMany(team.name, users);
    return rows.map((r) => this.render(team, base, r, groups.get(r.id) ?? []));
  }

  render(
    team: TeamConfig,
    base: string,
    row: Row,
    knownGroups?: Array<{ value: string; display: string | null }>,
  ): JsonObject {
    const doc: JsonObject = { schemas: row.data.schemas ?? null, id: row.id, ...row.data };
    const meta: JsonObject = {
      resourceType: row.type,
      created: row.created,
      lastModified: row.lastModified,
      location: `${base}${endpointOf(team, row.type)}/${row.id}`,
    };
    if (team.etag) meta.version = etagOf(row);
    if (row.type === 'Group') {
      doc.members = this.store.members(team.name, row.id).map((m) => ({
        value: m.value,
        ...(m.display !== null ? { display: m.display } : {}),
        type: m.type,
        $ref: `${base}${endpointOf(team, m.type)}/${m.value}`,
      }));
    } else if (team.userGroups) {
      const groups = knownGroups ?? this.store.groupsOf(team.name, row.id);
      if (groups.length > 0) {
        doc.groups = groups.map((g) => ({
          value: g.value,
          ...(g.display !== null ? { display: g.display } : {}),
          type: 'direct',
          $ref: `${base}/Groups/${g.value}`,
        }));
      }
    }
    doc.meta = meta;
    return doc;
  }

  get(team: TeamConfig, type: ResourceType, id: string): Row {
    const row = this.store.get(team.name, type, id);
    if (!row) throw notFound(`${type} ${JSON.stringify(id)} not found in team ${team.name}.`);
    return row;
  }

  checkIfMatch(team: TeamConfig, row: Row, ifMatch: string | undefined): void {
    if (!team.etag || ifMatch === undefined) return;
    const tags = ifMatch.split(',').map((t) => t.trim());
    const current = etagOf(row);
    const strong = current.slice(2);
    if (tags.some((t) => t === '*' || t === current || t === strong)) return;
    throw new HttpError(
      412,
      undefined,
      `The ${row.type} changed: If-Match ${ifMatch} does not match the current version ${current}. Read it again and retry.`,
    );
  }

  private checkUnique(team: TeamConfig, type: ResourceType, doc: JsonObject, selfId?: string) {
    if (type === 'Group') {
      const name = String(doc.displayName);
      const clash = this.store
        .findBy(team.name, 'Group', 'display_name', name)
        .find((r) => r.id !== selfId);
      if (clash) {
        throw new HttpError(
          409,
          'uniqueness',
          `A group with displayName ${JSON.stringify(name)} already exists in team ${team.name} (id ${clash.id}).`,
        );
      }
      return;
    }
    const owner = this.store.userNameOwner(team.name, String(doc.userName));
    if (owner !== undefined && owner !== selfId) {
      throw new HttpError(
        409,
        'uniqueness',
        `userName ${JSON.stringify(doc.userName)} is already taken in team ${team.name} (user names are case-insensitive).`,
      );
    }
  }

  /**
   * Splits the members out of a group document and checks that each one exists. A `type` the
   * client sent (already one of the canonical values) is kept; one that contradicts what the id
   * is gets 400 rather than being rewritten behind the client's back.
   */
  private takeMembers(team: TeamConfig, doc: JsonObject) {
    const members = Array.isArray(doc.members) ? (doc.members as JsonObject[]) : [];
    delete doc.members;
    const seen = new Set<string>();
    const out: Array<{ value: string; type: ResourceType }> = [];
    const kinds: ResourceType[] = ['User', 'Group'];
    for (const m of members) {
      const value = String(m.value);
      if (seen.has(value)) {
        // TeamOptions.duplicateMembers: a member added again is kept again.
        if (team.duplicateMembers) out.push(out.find((x) => x.value === value)!);
        continue;
      }
      seen.add(value);
      const sent = kinds.find((k) => k === m.type);
      const type = (sent ? [sent] : kinds).find((k) => this.store.get(team.name, k, value));
      if (!type) {
        const other = sent && kinds.find((k) => k !== sent && this.store.get(team.name, k, value));
        throw badRequest(
          'invalidValue',
          other
            ? `Member ${JSON.stringify(value)} is a ${other}, not a ${sent}: send "type": "${other}" or leave "type" out.`
            : `Member ${JSON.stringify(value)} is not a ${sent ?? 'user or group'} of team ${team.name}.`,
        );
      }
      out.push({ value, type });
    }
    return out;
  }

  create(team: TeamConfig, type: ResourceType, body: unknown, id: string = randomUUID()): Row {
    const doc = validateResource(type, body, team);
    let after: ((row: Row) => void) | undefined;
    const created = this.store.transaction(() => {
      this.checkUnique(team, type, doc);
      after = this.prepare(team, type, doc, undefined);
      const members = type === 'Group' ? this.takeMembers(team, doc) : [];
      const now = new Date().toISOString();
      const row: Row = {
        id,
        type,
        data: { ...doc, id, meta: { resourceType: type, created: now, lastModified: now } },
        version: 1,
        created: now,
        lastModified: now,
      };
      this.store.insert(team.name, type, row);
      if (type === 'Group') this.store.setMembers(team.name, id, members);
      return row;
    });
    after?.(created);
    return created;
  }

  private write(team: TeamConfig, prev: Row, doc: JsonObject): Row {
    this.checkUnique(team, prev.type, doc, prev.id);
    this.prepare(team, prev.type, doc, prev);
    const members = prev.type === 'Group' ? this.takeMembers(team, doc) : [];
    const now = new Date().toISOString();
    const row: Row = {
      ...prev,
      data: {
        ...doc,
        id: prev.id,
        meta: { resourceType: prev.type, created: prev.created, lastModified: now },
      },
      version: prev.version + 1,
      lastModified: now,
    };
    this.store.update(team.name, prev.type, row);
    if (prev.type === 'Group') this.store.setMembers(team.name, prev.id, members);
    return row;
  }

  replace(team: TeamConfig, type: ResourceType, id: string, body: unknown, ifMatch?: string): Row {
    const doc = validateResource(type, body, team);
    return this.store.transaction(() => {
      const prev = this.get(team, type, id);
      this.checkIfMatch(team, prev, ifMatch);
      return this.write(team, prev, doc);
    });
  }

  patch(team: TeamConfig, type: ResourceType, id: string, body: unknown, ifMatch?: string): Row {
    if (!team.patch)
      throw new HttpError(501, undefined, `PATCH is not supported by team ${team.name}.`);
    const ops = normaliseOps(body, type, team);
    return this.store.transaction(() => {
      const prev = this.get(team, type, id);
      this.checkIfMatch(team, prev, ifMatch);
      const current: JsonObject = { ...prev.data };
      delete current.meta;
      if (type === 'Group') {
        current.members = this.store
          .members(team.name, id)
          .map((m) => ({ value: m.value, type: m.type }));
      }
      const patched = applyPatch(current, ops, type);
      delete patched.meta;
      const doc = validateResource(type, patched, team);
      return this.write(team, prev, doc);
    });
  }

  delete(team: TeamConfig, type: ResourceType, id: string, ifMatch?: string): void {
    this.store.transaction(() => {
      const prev = this.get(team, type, id);
      this.checkIfMatch(team, prev, ifMatch);
      this.store.delete(team.name, type, id);
    });
  }

  list(team: TeamConfig, type: ResourceType, q: ListQuery): ListResult {
    const startIndex = Math.max(1, Math.floor(q.startIndex ?? 1) || 1);
    const count = Math.min(team.maxResults, Math.max(0, Math.floor(q.count ?? team.maxResults)));
    const desc = (q.sortOrder ?? 'ascending').toLowerCase() === 'descending';
    if (
      q.sortOrder !== undefined &&
      !['ascending', 'descending'].includes(q.sortOrder.toLowerCase())
    ) {
      throw badRequest('invalidValue', 'sortOrder must be "ascending" or "descending".');
    }
    const sortBy = team.sort && q.sortBy ? q.sortBy : undefined;
    // An empty `filter=` means no filter; a blank one (only spaces) is a mistake and gets 400.
    if (q.filter === undefined || q.filter === '') {
      const sortCol = sortBy ? SORT_COLUMNS[sortBy.toLowerCase()] : undefined;
      if (!sortBy || sortCol) {
        const total = this.store.count(team.name, type);
        const rows =
          count === 0
            ? []
            : this.store.page(
                team.name,
                type,
                startIndex - 1,
                count,
                sortCol ? { col: sortCol, desc } : undefined,
              );
        return { total, startIndex, rows };
      }
    }
    let rows = this.filtered(team, type, q.filter);
    if (sortBy) rows = sortRows(rows, sortBy, type, desc);
    return {
      total: rows.length,
      startIndex,
      rows: rows.slice(startIndex - 1, startIndex - 1 + count),
    };
  }

  private filtered(team: TeamConfig, type: ResourceType, text: string | undefined): Row[] {
    const match = this.matcher(team, type, text);
    if (!match) return [...this.store.iterate(team.name, type)];
    const idx = indexedEq(parseFilter(text as string), type);
    const candidates = idx
      ? this.store.findBy(team.name, type, idx.col, idx.value)
      : this.store.iterate(team.name, type);
    const out: Row[] = [];
    for (const row of candidates) if (match(row)) out.push(row);
    return out;
  }

  /** The filter as a test of one row; undefined for no filter (absent or empty `filter=`). */
  private matcher(
    team: TeamConfig,
    type: ResourceType,
    text: string | undefined,
  ): ((row: Row) => boolean) | undefined {
    if (text === undefined || text === '') return undefined;
    const f = parseFilter(text);
    if (type === 'Group' && !team.memberFilter && /\bmembers\b/i.test(text))
      throw badRequest('invalidFilter', 'Filtering groups on members is not supported.');
    if (
      type === 'Group' &&
      team.memberFilterFailsOnEmptyGroup &&
      /\bmembers\b/i.test(text) &&
      this.store.hasEmptyGroup(team.name)
    )
      throw new HttpError(500, undefined, 'Internal server error.');
    // Memberships live in their own table; only attach them when the filter asks for them.
    const needs = /\b(groups|members)\b/i.test(text);
    return (row) => matches(f, needs ? this.withMemberships(team, row) : row.data, type);
  }

  /**
   * A cursor page (RFC 9865): up to `count` matching resources after rowid `after`, in rowid
   * order, the number of matches in all, and the rowid to continue after when more follow.
   */
  listAfter(
    team: TeamConfig,
    type: ResourceType,
    filter: string | undefined,
    after: number,
    count: number,
  ): { total: number; rows: Row[]; next: number | undefined } {
    const match = this.matcher(team, type, filter);
    let total = 0;
    const found: SeqRow[] = [];
    if (!match) {
      total = this.store.count(team.name, type);
      found.push(...this.store.after(team.name, type, after, count + 1));
    } else {
      for (const r of this.store.after(team.name, type, 0, -1)) {
        if (!match(r.row)) continue;
        total++;
        if (r.seq > after && found.length <= count) found.push(r);
      }
    }
    const page = found.slice(0, count);
    const next = found.length > count ? (page.at(-1)?.seq ?? after) : undefined;
    return { total, rows: page.map((r) => r.row), next };
  }

  private withMemberships(team: TeamConfig, row: Row): JsonObject {
    if (row.type === 'Group') {
      return {
        ...row.data,
        members: this.store
          .members(team.name, row.id)
          .map((m) => ({ value: m.value, type: m.type })),
      };
    }
    return {
      ...row.data,
      groups: this.store
        .groupsOf(team.name, row.id)
        .map((g) => ({ value: g.value, display: g.display })),
    };
  }
}

function sortRows(rows: Row[], sortBy: string, type: ResourceType, desc: boolean): Row[] {
  const segs = attrSegments(sortBy, type);
  const keyed = rows.map((row) => {
    const v = valuesAt(row.data, segs)[0];
    const key =
      v === undefined || v === null
        ? undefined
        : typeof v === 'string'
          ? v.toLowerCase()
          : typeof v === 'object'
            ? JSON.stringify(v)
            : v;
    return { row, key };
  });
  keyed.sort((a, b) => {
    if (a.key === undefined) return b.key === undefined ? 0 : 1;
    if (b.key === undefined) return -1;
    const c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return desc ? -c : c;
  });
  return keyed.map((k) => k.row);
}
