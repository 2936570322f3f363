import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@celonis-scim/sandbox';
import { createScimClient } from '@celonis-scim/core/node';
import type { RequestLogEntry } from '@celonis-scim/core';
import { ui } from './vscode-stub.js';
import { connect, harness, scim, type Harness, type Sandbox } from './helpers.js';
import {
  overviewEvent,
  overviewRequest,
  parseMessage,
  syncEvent,
  syncRequest,
  type OverviewEvent,
  type SyncEvent,
} from '../src/webviews/messages.js';
import type { WebviewPort } from '../src/webviews/port.js';
import { SyncSession } from '../src/webviews/syncSession.js';
import { OverviewSession } from '../src/webviews/overviewSession.js';
import { computeOverview, fileSnapshotStore } from '../src/webviews/overview.js';
import { guessMapping, initialMapping, preview, type SyncSource } from '../src/webviews/source.js';

let sb: Sandbox;
let h: Harness;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'ovw', maxResults: 7 }, { name: 'big' }],
    seed: { users: 20, groups: 3, seed: 11 },
  });
  dir = mkdtempSync(join(tmpdir(), 'celonis-scim-webviews-'));
});
afterAll(async () => {
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  h = harness(100);
  await connect(h, sb, 'acme');
  await connect(h, sb, 'ovw');
  await connect(h, sb, 'big');
});

/** The webview's side of a session: what the extension sent, each checked against its schema. */
function fakePort<T>(schema: typeof syncEvent | typeof overviewEvent) {
  const sent: T[] = [];
  const port: WebviewPort<T> & { sent: T[]; onPost?: (m: T) => void } = {
    sent,
    post(m) {
      expect(parseMessage(schema as never, m).ok).toBe(true);
      sent.push(m);
      port.onPost?.(m);
    },
    onMessage: () => ({ dispose: () => undefined }),
  };
  return port;
}

function last<T extends { type: string }, K extends T['type']>(
  sent: T[],
  type: K,
): Extract<T, { type: K }> {
  const m = [...sent].reverse().find((x) => x.type === type);
  if (!m) throw new Error(`no ${type} message in ${JSON.stringify(sent.map((x) => x.type))}`);
  return m as Extract<T, { type: K }>;
}

async function users(team: string): Promise<Array<Record<string, unknown>>> {
  return listAll(team, 'Users');
}

/** Every resource of an endpoint, page by page (the server caps a page). */
async function listAll(team: string, endpoint: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (;;) {
    const r = await scim(sb, team, 'GET', `/${endpoint}?count=1000&startIndex=${out.length + 1}`);
    const page = (r.json.Resources ?? []) as Array<Record<string, unknown>>;
    out.push(...page);
    if (page.length === 0 || out.length >= (r.json.totalResults as number)) return out;
  }
}

describe('webview messages', () => {
  it('accepts the requests of the views and refuses malformed ones with the reason', () => {
    expect(parseMessage(syncRequest, { type: 'apply', confirmUnsafe: true }).ok).toBe(true);
    expect(
      parseMessage(syncRequest, { type: 'plan', mapping: { Email: 'userName' }, missing: 'leave' })
        .ok,
    ).toBe(true);
    const bad = [
      { type: 'apply', confirmUnsafe: 'yes' },
      { type: 'apply' },
      { type: 'apply', confirmUnsafe: true, extra: 1 },
      { type: 'plan', mapping: { Email: 3 }, missing: 'leave' },
      { type: 'plan', mapping: {}, missing: 'purge' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      'apply',
      null,
    ];
    for (const m of bad) expect(parseMessage(syncRequest, m).ok).toBe(false);
    const why = parseMessage(syncRequest, { type: 'apply', confirmUnsafe: 'yes' });
    expect(why.ok === false && why.why).toMatch(/boolean.*confirmUnsafe/);
    expect(parseMessage(overviewRequest, { type: 'refresh', staleDays: 30 }).ok).toBe(true);
    for (const m of [
      { type: 'refresh', staleDays: 0 },
      { type: 'refresh', staleDays: 2.5 },
    ])
      expect(parseMessage(overviewRequest, m).ok).toBe(false);
  });

  it('refuses what the extension would send wrong, so a view never renders it', () => {
    expect(parseMessage(syncEvent, { type: 'progress', done: -1, total: 3 }).ok).toBe(false);
    expect(parseMessage(overviewEvent, { type: 'overview', data: { team: 'x' } }).ok).toBe(false);
  });
});

describe('column mapping', () => {
  it('guesses attributes from usual column names, each attribute once', () => {
    expect(
      guessMapping([
        'Employee ID',
        'Email',
        'First name',
        'Last_name',
        'Dept',
        'Active',
        'Teams',
        'Notes',
        'E-mail',
      ]),
    ).toEqual({
      'Employee ID': 'externalId',
      Email: 'userName',
      'First name': 'name.givenName',
      Last_name: 'name.familyName',
      Dept: 'department',
      Active: 'active',
      Teams: '$groups',
      Notes: '',
      'E-mail': '',
    });
  });

  it('previews the first rows of CSV (either delimiter) and JSON', () => {
    const csv: SyncSource = {
      name: 'a.csv',
      key: 'k',
      format: 'csv',
      text: '\uFEFFEmail;First name\n"a@x.io";"Ann"\nb@x.io;Bob\nc@x.io;Cy\n',
    };
    expect(preview(csv, 2)).toEqual({
      columns: ['Email', 'First name'],
      rows: [
        ['a@x.io', 'Ann'],
        ['b@x.io', 'Bob'],
      ],
    });
    const json: SyncSource = {
      name: 'a.json',
      key: 'k',
      format: 'json',
      text: JSON.stringify({
        users: [
          { userName: 'a', active: true },
          { userName: 'b', title: 'x' },
        ],
      }),
    };
    expect(preview(json)).toEqual({
      columns: ['userName', 'active', 'title'],
      rows: [
        ['a', 'true', ''],
        ['b', '', 'x'],
      ],
    });
  });

  it('prefers what was remembered for a file, for the columns it still has', () => {
    expect(
      initialMapping(['Email', 'Dept', 'New'], { Email: 'userName', Dept: '', Old: 'title' }),
    ).toEqual({
      Email: 'userName',
      Dept: '',
      New: '',
    });
  });
});

/** 5 seeded users with a new title, 25 new people; the other 15 seeded users are missing. */
async function hrCsv(team: string): Promise<{ csv: string; missingActive: number }> {
  const current = (await users(team)).sort((a, b) =>
    String(a.userName).localeCompare(String(b.userName)),
  );
  const lines = ['Email,First name,Last name,Title,Notes'];
  for (const u of current.slice(0, 5)) {
    const name = u.name as { givenName?: string; familyName?: string };
    lines.push(`${u.userName},${name.givenName},${name.familyName},Analyst,kept`);
  }
  for (let i = 1; i <= 25; i++) lines.push(`new${i}@example.com,New,Person ${i},Engineer,new`);
  const missingActive = current.slice(5).filter((u) => u.active !== false).length;
  return { csv: `${lines.join('\n')}\n`, missingActive };
}

describe('Sync Team from File', () => {
  it('maps, plans (unsafe, refused until confirmed), applies with progress, reports and refreshes the tree', async () => {
    const hr = await hrCsv('acme');
    const inactiveBefore = (await users('acme')).filter((u) => u.active === false).length;
    const source: SyncSource = {
      name: 'hr.csv',
      key: 'file:///hr.csv',
      format: 'csv',
      text: hr.csv,
    };
    const port = fakePort<SyncEvent>(syncEvent);
    const deps = {
      store: h.store,
      log: h.log,
      memento: h.memento as never,
      refreshTree: (t: string) => void ui.executed.push({ id: 'refresh', args: [t] }),
    };
    const session = new SyncSession(deps, 'acme', source, port);
    await session.receive({ type: 'ready' });
    const init = last(port.sent, 'init');
    expect(init.columns).toEqual(['Email', 'First name', 'Last name', 'Title', 'Notes']);
    expect(init.rows).toHaveLength(5);
    expect(init.mapping).toEqual({
      Email: 'userName',
      'First name': 'name.givenName',
      'Last name': 'name.familyName',
      Title: 'title',
      Notes: '',
    });

    await session.receive({ type: 'plan', mapping: init.mapping, missing: 'deactivate' });
    const plan = last(port.sent, 'plan').plan;
    expect(plan.counts).toMatchObject({
      create: 25,
      update: 5,
      deactivate: hr.missingActive,
      delete: 0,
    });
    expect(plan.safe).toBe(false);
    expect(plan.problems.join(' ')).toMatch(new RegExp(`${hr.missingActive}`));
    const update = plan.rows.find((r) => r.kind === 'update');
    expect(update?.changes).toContainEqual(
      expect.objectContaining({ path: 'title', after: 'Analyst' }),
    );
    expect(plan.rows.filter((r) => r.kind === 'deactivate')).toHaveLength(hr.missingActive);

    // Not confirmed: refused, nothing sent.
    const writes = sb.stats().writes;
    await session.receive({ type: 'apply', confirmUnsafe: false });
    expect(last(port.sent, 'error').message).toMatch(/unsafe.*tick the confirmation/i);
    // A malformed confirmation is refused too, not taken as a yes.
    await session.receive({ type: 'apply', confirmUnsafe: 'yes' });
    expect(last(port.sent, 'error').message).toMatch(/refused/);
    expect(sb.stats().writes).toEqual(writes);
    expect(await users('acme')).toHaveLength(20);
    expect((await users('acme')).filter((u) => u.active === false)).toHaveLength(inactiveBefore);

    await session.receive({ type: 'apply', confirmUnsafe: true });
    const report = last(port.sent, 'report').report;
    expect(report).toMatchObject({
      counts: { done: 30 + hr.missingActive, conflict: 0, failed: 0, skipped: 0 },
      cancelled: false,
      problems: [],
    });
    const progress = port.sent.filter((m) => m.type === 'progress');
    const total = 30 + hr.missingActive;
    expect(progress.at(-1)).toEqual({ type: 'progress', done: total, total });
    const after = await users('acme');
    expect(after).toHaveLength(45);
    expect(after.filter((u) => u.active === false)).toHaveLength(15); // the missing ones, all inactive now
    expect(after.find((u) => u.userName === 'new7@example.com')).toMatchObject({
      title: 'Engineer',
    });
    expect(ui.executed).toContainEqual({ id: 'refresh', args: ['acme'] });

    // The mapping is remembered for the file.
    const again = fakePort<SyncEvent>(syncEvent);
    const changed = { ...init.mapping, Title: '', Notes: 'department' };
    const s2 = new SyncSession(deps, 'acme', source, again);
    await s2.receive({ type: 'ready' });
    await s2.receive({ type: 'plan', mapping: changed, missing: 'leave' });
    const s3 = new SyncSession(deps, 'acme', source, again);
    await s3.receive({ type: 'ready' });
    expect(last(again.sent, 'init').mapping).toEqual(changed);
  });

  it('names a bad attribute or cell before anything is sent', async () => {
    const requests = sb.stats().requests;
    const port = fakePort<SyncEvent>(syncEvent);
    const source: SyncSource = {
      name: 'bad.csv',
      key: 'k2',
      format: 'csv',
      text: 'Email,Active\na@x.io,maybe\n',
    };
    const session = new SyncSession(
      { store: h.store, log: h.log, memento: h.memento as never, refreshTree: () => undefined },
      'acme',
      source,
      port,
    );
    await session.receive({
      type: 'plan',
      mapping: { Email: 'userName', Active: 'colour' },
      missing: 'leave',
    });
    expect(last(port.sent, 'error').message).toMatch(/Active.*colour/);
    await session.receive({
      type: 'plan',
      mapping: { Email: 'userName', Active: 'active' },
      missing: 'leave',
    });
    expect(last(port.sent, 'error').message).toMatch(
      /bad\.csv, row 1, column "Active": "maybe" is not a boolean/,
    );
    expect(port.sent.some((m) => m.type === 'plan')).toBe(false);
    expect(sb.stats().requests).toBe(requests);
  });

  it('stops an apply on Cancel and reports the rest as skipped', async () => {
    const lines = ['Email,Last name'];
    for (let i = 1; i <= 1200; i++) lines.push(`bulk${i}@example.com,Bulk ${i}`);
    const source: SyncSource = {
      name: 'many.csv',
      key: 'k3',
      format: 'csv',
      text: lines.join('\n'),
    };
    const port = fakePort<SyncEvent>(syncEvent);
    const session = new SyncSession(
      { store: h.store, log: h.log, memento: h.memento as never, refreshTree: () => undefined },
      'big',
      source,
      port,
    );
    await session.receive({
      type: 'plan',
      mapping: { Email: 'userName', 'Last name': 'name.familyName' },
      missing: 'leave',
    });
    expect(last(port.sent, 'plan').plan.counts.create).toBe(1200);
    port.onPost = (m) => {
      if (m.type === 'progress' && m.done > 0) void session.receive({ type: 'cancel' });
    };
    await session.receive({ type: 'apply', confirmUnsafe: false });
    const report = last(port.sent, 'report').report;
    expect(report.cancelled).toBe(true);
    expect(report.counts.skipped).toBeGreaterThan(0);
    expect(report.counts.done + report.counts.skipped).toBe(1200);
    const created = (await users('big')).filter((u) => String(u.userName).startsWith('bulk'));
    expect(created).toHaveLength(report.counts.done);
  });
});

describe('Team Overview', () => {
  it('shows the figures the server holds, from one paged read, and the changes since last time', async () => {
    await scim(sb, 'ovw', 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Nobody Here',
    });
    const all = await users('ovw');
    const groups = (await listAll('ovw', 'Groups')) as unknown as Array<{
      id: string;
      displayName: string;
      members?: Array<{ value: string }>;
    }>;
    const members = new Set(groups.flatMap((g) => (g.members ?? []).map((m) => m.value)));

    const port = fakePort<OverviewEvent>(overviewEvent);
    const snapshots = fileSnapshotStore(join(dir, 'snaps'));
    const session = new OverviewSession({ store: h.store, log: h.log, snapshots }, 'ovw', port);
    await session.receive({ type: 'ready' });
    const d = last(port.sent, 'overview').data;
    expect(d.users).toBe(all.length);
    expect(d.active).toBe(all.filter((u) => u.active !== false).length);
    expect(d.inactive).toBe(all.filter((u) => u.active === false).length);
    expect(d.groups).toBe(groups.length);
    expect(Object.fromEntries(d.usersPerGroup.map((g) => [g.name, g.users]))).toEqual(
      Object.fromEntries(groups.map((g) => [g.displayName, (g.members ?? []).length])),
    );
    expect(d.emptyGroups.sample.map((g) => g.name)).toContain('Nobody Here');
    expect(d.emptyGroups.count).toBe(groups.filter((g) => !g.members?.length).length);
    expect(d.usersInNoGroup.count).toBe(all.filter((u) => !members.has(String(u.id))).length);
    const cutoff = Date.now() - 90 * 86_400_000;
    expect(d.stale).toMatchObject({
      days: 90,
      count: all.filter(
        (u) => Date.parse((u.meta as { lastModified: string }).lastModified) < cutoff,
      ).length,
    });
    expect(d.changes.since).toBeUndefined();

    // Changes on the server, then the view is opened again.
    const target = all.find((u) => u.active !== false)!;
    await scim(sb, 'ovw', 'PATCH', `/Users/${target.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const empty = groups.find((g) => g.displayName === 'Nobody Here')!;
    await scim(sb, 'ovw', 'PATCH', `/Groups/${empty.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: target.id }] }],
    });
    await session.receive({ type: 'refresh', staleDays: 30 });
    const d2 = last(port.sent, 'overview').data;
    expect(d2.inactive).toBe(d.inactive + 1);
    expect(d2.changes.since).toBe(d.takenAt);
    expect(d2.changes.events).toEqual(
      expect.arrayContaining([
        { type: 'user.deactivated', text: `${target.userName} deactivated` },
        { type: 'member.added', text: `${target.userName} joined Nobody Here` },
      ]),
    );
    expect(d2.emptyGroups.sample.map((g) => g.name)).not.toContain('Nobody Here');

    // A malformed request is refused, and nothing is read.
    const before = port.sent.length;
    const requests = sb.stats().requests;
    await session.receive({ type: 'refresh', staleDays: -3 });
    expect(sb.stats().requests).toBe(requests);
    expect(port.sent.slice(before)).toEqual([
      expect.objectContaining({ type: 'error', message: expect.stringMatching(/refused/) }),
    ]);
  });

  it('reads Users and Groups once each, page by page, plus one request for stale users', async () => {
    const t = sb.teams.ovw!;
    const log: RequestLogEntry[] = [];
    const client = createScimClient({
      baseUrl: t.scimBaseUrl,
      auth: { type: 'apiKey', apiKey: t.apiKey },
      logger: (e) => log.push(e),
    });
    const total = (await users('ovw')).length;
    const groups = (await scim(sb, 'ovw', 'GET', '/Groups')).json.totalResults as number;
    const later = new Date(Date.now() + 400 * 86_400_000);
    const { data } = await computeOverview(client, 'ovw', { staleDays: 365, now: () => later });
    await client.close();
    expect(data.stale.count).toBe(total);
    const lists = (p: string) => log.filter((e) => e.method === 'GET' && e.path.startsWith(p));
    // The log has paths without queries: the user pages, then the one filtered count.
    expect(lists('/Users')).toHaveLength(Math.ceil(total / 7) + 1);
    expect(lists('/Groups')).toHaveLength(Math.ceil(groups / 7));
  });
});

describe('plan action kinds of the webview messages', () => {
  it("are core's ACTION_KINDS", async () => {
    const { ACTION_KINDS } = await import('@celonis-scim/core');
    const { KINDS } = await import('../src/webviews/messages.js');
    expect([...KINDS]).toEqual([...ACTION_KINDS]);
  });
});
