import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  diffSnapshots,
  isScimError,
  parseSnapshot,
  serializeSnapshot,
  snapshot,
  type ChangeEvent,
  type ScimClient,
  type Snapshot,
} from '@celonis-scim/core';
import type { OverviewData } from './messages.js';

/** Names listed per figure (the counts cover everything). */
const SAMPLE = 50;
/** Groups drawn in the chart, the largest first. */
const CHART_GROUPS = 30;
/** Recent changes listed. */
const EVENTS = 200;

/** Where the snapshot of the last opening is kept, per team. */
export interface SnapshotStore {
  load(team: string): Promise<Snapshot | undefined>;
  save(team: string, snap: Snapshot): Promise<void>;
}

/** Snapshots as files in the extension's storage folder (100k users are a few MB: not for globalState). */
export function fileSnapshotStore(dir: string): SnapshotStore {
  const file = (team: string) => join(dir, `overview-${encodeURIComponent(team)}.json`);
  return {
    async load(team) {
      try {
        return parseSnapshot(await readFile(file(team), 'utf8'));
      } catch {
        return undefined; // none yet, or from another version: this opening starts afresh
      }
    },
    async save(team, snap) {
      await mkdir(dir, { recursive: true });
      await writeFile(file(team), serializeSnapshot(snap));
    },
  };
}

/** A snapshot user entry is "<active 1|0>:<hash>[:<userName>]" (core changes/types.ts). */
function decodeUser(entry: string): { active: boolean; userName: string } {
  const second = entry.indexOf(':', 2);
  return { active: entry[0] === '1', userName: second < 0 ? '' : entry.slice(second + 1) };
}

export interface OverviewOptions {
  staleDays: number;
  previous?: Snapshot | undefined;
  now?: () => Date;
}

/**
 * The figures of the Team Overview from one full paged read of the team (core `snapshot`:
 * users, then groups with their members), plus one filtered request that counts the users
 * not changed in `staleDays` days. Recent changes are the difference to `previous`.
 */
export async function computeOverview(
  client: ScimClient,
  team: string,
  options: OverviewOptions,
): Promise<{ data: OverviewData; snapshot: Snapshot }> {
  const now = options.now ?? (() => new Date());
  const snap = await snapshot(client, { mode: 'full', now });
  const users = new Map(Object.entries(snap.users).map(([id, e]) => [id, decodeUser(e)]));
  const inSomeGroup = new Set<string>();
  const perGroup: Array<{ id: string; name: string; users: number }> = [];
  for (const [id, g] of Object.entries(snap.groups)) {
    const members = g.m.filter((m) => users.has(m));
    members.forEach((m) => inSomeGroup.add(m));
    perGroup.push({ id, name: g.n ?? id, users: members.length });
  }
  perGroup.sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));
  const empty = perGroup
    .filter((g) => (snap.groups[g.id]?.m.length ?? 0) === 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  const noGroup = [...users].filter(([id]) => !inSomeGroup.has(id));
  noGroup.sort((a, b) => a[1].userName.localeCompare(b[1].userName));
  const active = [...users.values()].filter((u) => u.active).length;
  const data: OverviewData = {
    team,
    takenAt: snap.at,
    users: users.size,
    active,
    inactive: users.size - active,
    groups: perGroup.length,
    usersPerGroup: perGroup
      .slice(0, CHART_GROUPS)
      .map(({ name, users: n }) => ({ name, users: n })),
    emptyGroups: {
      count: empty.length,
      sample: empty.slice(0, SAMPLE).map(({ id, name }) => ({ id, name })),
    },
    usersInNoGroup: {
      count: noGroup.length,
      sample: noGroup.slice(0, SAMPLE).map(([id, u]) => ({ id, name: u.userName })),
    },
    stale: await staleUsers(client, options.staleDays, now()),
    changes: recentChanges(options.previous, snap),
  };
  return { data, snapshot: snap };
}

/** Users whose meta.lastModified is older than `days` days: one filtered request. */
async function staleUsers(
  client: ScimClient,
  days: number,
  now: Date,
): Promise<OverviewData['stale']> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  const caps = await client.discover();
  if (!caps.filter)
    return { days, sample: [], note: 'The server does not filter, so this cannot be counted.' };
  try {
    const page = await client.users.listPage({
      filter: `meta.lastModified lt ${JSON.stringify(before)}`,
      attributes: 'userName',
      count: SAMPLE,
    });
    return {
      days,
      count: page.totalResults ?? (page.Resources ?? []).length,
      sample: (page.Resources ?? []).map((u) => ({ id: u.id ?? '', name: u.userName })),
    };
  } catch (e) {
    if (isScimError(e) && e.kind === 'invalid')
      return { days, sample: [], note: 'The server cannot filter on meta.lastModified.' };
    throw e;
  }
}

function recentChanges(previous: Snapshot | undefined, snap: Snapshot): OverviewData['changes'] {
  if (!previous) return { events: [], more: 0 };
  let events: ChangeEvent[];
  try {
    events = diffSnapshots(previous, snap);
  } catch {
    return { events: [], more: 0 }; // taken with other settings: not comparable
  }
  const userName = (id: string) =>
    decodeUser(snap.users[id] ?? previous.users[id] ?? '').userName || id;
  const groupName = (id: string) => snap.groups[id]?.n ?? previous.groups[id]?.n ?? id;
  const describe = (e: ChangeEvent): string => {
    switch (e.type) {
      case 'member.added':
        return `${userName(e.userId)} joined ${groupName(e.groupId)}`;
      case 'member.removed':
        return `${userName(e.userId)} left ${groupName(e.groupId)}`;
      case 'group.created':
      case 'group.updated':
      case 'group.deleted':
        return `${e.displayName ?? groupName(e.id)} ${e.type.slice(6)}`;
      default:
        return `${e.userName ?? userName(e.id)} ${e.type.slice(5)}`;
    }
  };
  return {
    since: previous.at,
    events: events.slice(0, EVENTS).map((e) => ({ type: e.type, text: describe(e) })),
    more: Math.max(0, events.length - EVENTS),
  };
}
