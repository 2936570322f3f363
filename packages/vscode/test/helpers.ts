import type { startSandbox } from '@celonis-scim/sandbox';
import { MemoryMemento, MemorySecrets, ui } from './vscode-stub.js';
import { RequestLog } from '../src/log.js';
import { TeamStore } from '../src/teams.js';
import { TeamsTreeProvider } from '../src/tree/provider.js';
import type { FolderNode, Node } from '../src/tree/nodes.js';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Harness {
  store: TeamStore;
  tree: TeamsTreeProvider;
  log: RequestLog;
  secrets: MemorySecrets;
  memento: MemoryMemento;
}

export function harness(pageSize = 20): Harness {
  ui.reset();
  const log = new RequestLog();
  const memento = new MemoryMemento();
  const secrets = new MemorySecrets();
  const store = new TeamStore(memento as never, secrets as never, log);
  const tree = new TeamsTreeProvider(store, () => pageSize);
  return { store, tree, log, secrets, memento };
}

/** Connects a sandbox team the way the command does, with OAuth client credentials. */
export async function connect(h: Harness, sb: Sandbox, team: string): Promise<void> {
  const t = sb.teams[team];
  if (!t) throw new Error(`no team ${team}`);
  const record = TeamStore.recordFor({
    url: t.teamUrl,
    name: team,
    authType: 'oauth2',
    clientId: t.clientId,
    secret: t.clientSecret,
  });
  await h.store.add(record, t.clientSecret);
}

/** Raw SCIM over HTTP with the team's API key: what the server really holds. */
export async function scim(
  sb: Sandbox,
  team: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const t = sb.teams[team];
  if (!t) throw new Error(`no team ${team}`);
  const res = await fetch(`${t.scimBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export function labels(h: Harness, nodes: Node[]): string[] {
  return nodes.map((n) => String(h.tree.getTreeItem(n).label));
}

export async function childrenOf(h: Harness, n?: Node): Promise<Node[]> {
  return h.tree.getChildren(n);
}

/** A team's Users or Groups folder, reached the way the view reaches it: through getChildren. */
export async function folder(
  h: Harness,
  team: string,
  type: 'Users' | 'Groups',
): Promise<FolderNode> {
  const teamNode = (await h.tree.getChildren()).find((n) => n.kind === 'team' && n.team === team);
  if (!teamNode) throw new Error(`no team ${team} in the tree`);
  const f = (await h.tree.getChildren(teamNode)).find(
    (n) => n.kind === 'folder' && n.type === type,
  );
  if (!f || f.kind !== 'folder') throw new Error(`no ${type} folder under ${team}`);
  return f;
}
