import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSandbox } from '@celonis-scim/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthCredentials } from '../test/helpers';
import { createN8n, PACKAGE_DIR, type N8n } from './n8n';

/**
 * The packaged template "Nightly HR sync" in a real n8n: the HR export is served over HTTP, the
 * "chat" that receives the approval request is a local HTTP endpoint, and the test answers the
 * approval by opening the resume link, as a person would.
 */
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let sb: Sandbox;
let n8n: N8n;
let server: Server;
let base = '';
let csv = '';
let serverProcess: ChildProcess | undefined;
const chat: Array<Record<string, unknown>> = [];

interface Row {
  employee_id: string;
  email: string;
  first_name: string;
  last_name: string;
  title: string;
  department: string;
}
const toCsv = (rows: Row[]) =>
  ['employee_id,email,first_name,last_name,title,department']
    .concat(
      rows.map((r) =>
        [r.employee_id, r.email, r.first_name, r.last_name, r.title, r.department].join(','),
      ),
    )
    .join('\n');
const person = (n: number, team: string): Row => ({
  employee_id: `E${n}`,
  email: `${team}${n}@acme.example`,
  first_name: `First${n}`,
  last_name: 'Example',
  title: 'Analyst',
  department: n % 3 === 0 ? 'Finance' : 'Sales',
});

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function teamUsers(team: string): Promise<Array<Record<string, unknown>>> {
  const t = sb.teams[team]!;
  const out: Array<Record<string, unknown>> = [];
  for (;;) {
    const res = await fetch(`${t.scimBaseUrl}/Users?startIndex=${out.length + 1}&count=100`, {
      headers: { authorization: `Bearer ${t.apiKey}` },
    });
    const page =
      ((await res.json()) as { Resources?: Array<Record<string, unknown>> }).Resources ?? [];
    if (page.length === 0) return out;
    out.push(...page);
  }
}

async function seed(team: string, rows: Row[]): Promise<void> {
  const t = sb.teams[team]!;
  const ops = rows.map((r, i) => ({
    method: 'POST',
    path: '/Users',
    bulkId: `u${i}`,
    data: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
      userName: r.email,
      active: true,
      title: r.title,
      name: { givenName: r.first_name, familyName: r.last_name },
      emails: [{ value: r.email, type: 'work', primary: true }],
      [ENT]: { employeeNumber: r.employee_id, department: r.department },
    },
  }));
  for (let i = 0; i < ops.length; i += 500) {
    const res = await fetch(`${t.scimBaseUrl}/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: ops.slice(i, i + 500),
      }),
    });
    expect(res.status).toBe(200);
  }
}

/** The template with this test's export URL, chat URL and credential. */
async function template(team: string): Promise<Record<string, unknown>> {
  const wf = JSON.parse(
    await readFile(join(PACKAGE_DIR, 'docs', 'templates', 'hr-sync.workflow.json'), 'utf8'),
  ) as {
    nodes: Array<{ name: string; parameters: Record<string, unknown>; credentials?: unknown }>;
  };
  for (const node of wf.nodes) {
    if (node.name === 'Settings') {
      const a = (
        node.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
      ).assignments;
      a.find((x) => x.name === 'csvUrl')!.value = `${base}/hr.csv`;
      a.find((x) => x.name === 'chatWebhookUrl')!.value = `${base}/chat`;
    }
    if (node.credentials) node.credentials = { celonisScimApi: { id: team, name: team } };
    // Each copy needs its own webhook path and ids (two active workflows cannot share them).
    if (node.name === 'Run Now')
      node.parameters.path = team === 'nightly' ? 'hr-sync' : `hr-sync-${team}`;
    const hooked = node as { webhookId?: string };
    if (hooked.webhookId) hooked.webhookId = randomUUID();
  }
  return { ...wf, id: `hrsync${team}`, active: false };
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'nightly' }, { name: 'large' }] });
  server = createServer(async (req, res) => {
    if (req.url === '/hr.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' }).end(csv);
      return;
    }
    if (req.url === '/chat' && req.method === 'POST') {
      chat.push(JSON.parse(await body(req)) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  n8n = await createN8n();
  await n8n.importCredentials(
    ['nightly', 'large'].map((t) => ({
      id: t,
      name: t,
      type: 'celonisScimApi',
      data: oauthCredentials(sb.teams[t]!),
    })),
  );
  await n8n.importWorkflows([await template('nightly'), await template('large')]);
  await n8n.cli(['publish:workflow', '--id=hrsyncnightly']);
  await n8n.cli(['publish:workflow', '--id=hrsynclarge']);
}, 300_000);

afterAll(async () => {
  if (serverProcess && serverProcess.exitCode === null) {
    const exited = new Promise((r) => serverProcess!.once('exit', r));
    serverProcess.kill('SIGTERM');
    await exited;
  }
  await n8n?.dispose();
  await new Promise((r) => server?.close(r));
  await sb?.close();
});

describe('the Nightly HR sync template in a real n8n', () => {
  it(
    'plans, asks for approval, applies after the approval; a second run plans nothing',
    { timeout: 600_000 },
    async () => {
      const current = Array.from({ length: 12 }, (_, n) => person(n + 1, 'nightly'));
      await seed('nightly', current);
      const seeded = sb.stats().writes;
      // Two leavers (E11, E12), three hires, one new title.
      const rows = [...current.slice(0, 10), ...[13, 14, 15].map((n) => person(n, 'nightly'))];
      rows[0] = { ...rows[0]!, title: 'Controller' };
      csv = toCsv(rows);
      const port = 5400 + Math.floor(Math.random() * 300);
      serverProcess = await n8n.start(port);
      const n8nBase = `http://127.0.0.1:${port}`;
      await until('n8n to serve', 120_000, async () =>
        fetch(`${n8nBase}/healthz`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      );
      // The webhook answers 404 until n8n has activated the workflow; a 404 starts nothing.
      const status = await until('the workflow to be active', 120_000, async () => {
        const res = await fetch(`${n8nBase}/webhook/hr-sync`, { method: 'POST' });
        return res.status === 404 ? undefined : res.status;
      });
      expect(status).toBe(200);
      const ask = await until('the approval request', 120_000, async () => chat[0]);
      expect(String(ask.text)).toMatch(/deactivate/);
      expect(ask.counts).toMatchObject({ create: 3, update: 1, deactivate: 2 });
      // Nothing was written before the approval: counted by the server, by method.
      expect(sb.stats().writes).toEqual(seeded);
      expect((await teamUsers('nightly')).filter((u) => u.active === false)).toEqual([]);
      const approve = await fetch(String(ask.approveUrl));
      expect(approve.status).toBe(200);
      const done = await until('the summary', 120_000, async () => chat[1]);
      expect(done.counts).toMatchObject({ failed: 0, conflict: 0, skipped: 0 });
      // 3 creates, 1 update, 2 deactivations, the rule's group and its members.
      expect((done.counts as { done: number }).done).toBe(done.changes);
      expect(done.changes).toBe(8);
      const users = await teamUsers('nightly');
      expect(users).toHaveLength(15);
      expect(
        users
          .filter((u) => u.active === false)
          .map((u) => u.userName)
          .sort(),
      ).toEqual(['nightly11@acme.example', 'nightly12@acme.example']);
      expect(users.find((u) => u.userName === 'nightly1@acme.example')?.title).toBe('Controller');
      const t = sb.teams.nightly!;
      const groups = (await (
        await fetch(`${t.scimBaseUrl}/Groups`, { headers: { authorization: `Bearer ${t.apiKey}` } })
      ).json()) as {
        Resources: Array<{ displayName: string; members?: Array<{ value: string }> }>;
      };
      const finance = groups.Resources.find((g) => g.displayName === 'Finance Analysts');
      const byId = new Map(users.map((u) => [u.id, u.userName]));
      expect((finance?.members ?? []).map((m) => byId.get(m.value)).sort()).toEqual([
        'nightly15@acme.example',
        'nightly3@acme.example',
        'nightly6@acme.example',
        'nightly9@acme.example',
      ]);

      // The second night: nothing to do, so no approval is asked and nothing is written.
      const applied = sb.stats().writes;
      await fetch(`${n8nBase}/webhook/hr-sync`, { method: 'POST' });
      const second = await until('the second summary', 120_000, async () => chat[2]);
      expect(second.changes).toBe(0);
      expect(second.counts).toMatchObject({ done: 0, failed: 0 });
      expect(sb.stats().writes).toEqual(applied);

      // 2,000 people, 100 new titles, in one execution.
      const large = Array.from({ length: 2000 }, (_, n) => person(n + 1, 'large'));
      await seed('large', large);
      csv = toCsv(large.map((r, n) => (n % 20 === 0 ? { ...r, title: 'Senior Analyst' } : r)));
      const before = sb.stats().requests;
      expect((await fetch(`${n8nBase}/webhook/hr-sync-large`, { method: 'POST' })).status).toBe(
        200,
      );
      const third = await until('the 2,000-row summary', 240_000, async () => chat[3]);
      const requests = sb.stats().requests - before;
      expect(third.planned).toMatchObject({ update: 100, create: 0, deactivate: 0 });
      expect(third.counts).toMatchObject({ failed: 0, conflict: 0 });
      // The 100 titles, plus the rule's group and its members on this new team.
      expect((third.counts as { done: number }).done).toBe(third.changes);
      const pages = Math.ceil(2000 / 100);
      console.log(
        `2,000-row HR sync: ${requests} requests to the team (${pages} list pages, 100 changes), ${chat.length} chat messages`,
      );
      expect(requests).toBeLessThanOrEqual(2 * pages + 100 + 20);
      const titled = (await teamUsers('large')).filter((u) => u.title === 'Senior Analyst');
      expect(titled).toHaveLength(100);
    },
  );
});
