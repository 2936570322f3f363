import type { ScimClient } from '../client.js';
import type { ServerCapabilities } from '../discovery.js';
import { filterRefused, quote } from '../filter-gate.js';
import type { ScimGroup, ScimUser } from '../types/index.js';
import type { PlanIssue } from './types.js';

/** A team user as the sync reads it: every user the server lists has an id. */
export type TeamUser = ScimUser & { id: string };

export interface TeamState {
  caps: ServerCapabilities;
  users: TeamUser[];
  /** The groups the plan names, by lower-case displayName. */
  groups: Map<string, ScimGroup>;
}

/** What the client learned about the server and worked around, as plan warnings. */
export function serverNotes(client: ScimClient): PlanIssue[] {
  return client.notes().map((message) => ({ code: 'serverNote', message, rows: [], userIds: [] }));
}

/** Page size when the server states no maximum. */
const DEFAULT_PAGE = 100;

/** Group names per filtered list request: short enough for any URL limit. */
const NAMES_PER_REQUEST = 10;

/**
 * Reads what a plan needs, once: discovery, every user (only `attributes`, through the
 * client's paging) and the named groups with their members.
 */
export async function readTeam(
  client: ScimClient,
  attributes: readonly string[],
  groupNames: readonly string[],
): Promise<TeamState> {
  const caps = await client.discover();
  const users = await readUsers(client, caps, attributes);
  const groups = new Map<string, ScimGroup>();
  const wanted = new Set(groupNames.map((n) => n.toLowerCase()));
  const keep = (g: ScimGroup) => {
    if (typeof g.displayName === 'string' && wanted.has(g.displayName.toLowerCase()))
      groups.set(g.displayName.toLowerCase(), g);
  };
  const names = [...new Set(groupNames)];
  if (names.length > 0) await readGroups(client, caps, names, keep);
  return { caps, users, groups };
}

/**
 * The named groups with their members: by `displayName eq ... or ...` filters, or by paging
 * through every group where the server does not filter or refuses that filter.
 */
async function readGroups(
  client: ScimClient,
  caps: ServerCapabilities,
  names: readonly string[],
  keep: (g: ScimGroup) => void,
): Promise<void> {
  const attributes = ['displayName', 'members'];
  if (caps.filter) {
    try {
      for (let i = 0; i < names.length; i += NAMES_PER_REQUEST) {
        const filter = names
          .slice(i, i + NAMES_PER_REQUEST)
          .map((n) => `displayName eq ${quote(n)}`)
          .join(' or ');
        for await (const g of client.groups.list({ filter, attributes, wholeIfRefused: true }))
          keep(g);
      }
      return;
    } catch (e) {
      if (!filterRefused(e)) throw e;
    }
  }
  for await (const g of client.groups.list({ attributes, wholeIfRefused: true })) keep(g);
}

const hasId = (u: ScimUser): u is TeamUser => typeof u.id === 'string';

/**
 * Every user, through the client's paging rule: RFC 9865 cursors where the server offers them
 * (stable while the team changes under the read), index paging elsewhere. An id served twice
 * (index paging under concurrent deletes) is kept once.
 */
async function readUsers(
  client: ScimClient,
  caps: ServerCapabilities,
  attributes: readonly string[],
): Promise<TeamUser[]> {
  const users: TeamUser[] = [];
  const seen = new Set<string>();
  const pageSize = caps.maxResults ?? DEFAULT_PAGE;
  // A server that refuses the list (some do as soon as it names an extension attribute) is
  // read whole instead, with a note the plan carries as a warning.
  const options = { attributes: [...attributes], pageSize, wholeIfRefused: true };
  for await (const page of client.users.pages(options))
    for (const u of page) {
      if (!hasId(u) || seen.has(u.id)) continue;
      seen.add(u.id);
      users.push(u);
    }
  return users;
}
