import type { ScimClient } from '../client.js';
import type { ServerCapabilities } from '../discovery.js';
import { quote } from '../filter-gate.js';
import type { ScimGroup, ScimUser } from '../types/index.js';

export interface TeamState {
  caps: ServerCapabilities;
  users: ScimUser[];
  /** The groups the plan names, by lower-case displayName. */
  groups: Map<string, ScimGroup>;
}

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
  const users: ScimUser[] = [];
  for await (const u of client.users.list({ attributes: [...attributes] })) users.push(u);
  const groups = new Map<string, ScimGroup>();
  const wanted = new Set(groupNames.map((n) => n.toLowerCase()));
  const keep = (g: ScimGroup) => {
    if (typeof g.displayName === 'string' && wanted.has(g.displayName.toLowerCase()))
      groups.set(g.displayName.toLowerCase(), g);
  };
  const names = [...new Set(groupNames)];
  for (let i = 0; i < names.length; i += NAMES_PER_REQUEST) {
    const filter = names
      .slice(i, i + NAMES_PER_REQUEST)
      .map((n) => `displayName eq ${quote(n)}`)
      .join(' or ');
    for await (const g of client.groups.list({ filter, attributes: ['displayName', 'members'] }))
      keep(g);
  }
  return { caps, users, groups };
}
