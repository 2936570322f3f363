/**
 * Starts a seeded sandbox and a real n8n (editor on 127.0.0.1) with this package installed, an
 * owner account, a credential pointing at the sandbox and a sample onboarding workflow.
 */
import { startSandbox } from '@celonis-scim/sandbox';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createN8n, NODE_TYPE } from '../e2e/n8n';
import { listItems, rl, scim, start, workflow } from '../e2e/workflows';

export const OWNER = {
  email: 'demo@example.com',
  password: 'Demo-password-1',
  firstName: 'Demo',
  lastName: 'Owner',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The packaged "Nightly HR sync" template, on the demo's credential. */
async function syncTemplate(id: string, name: string): Promise<object> {
  const file = join(import.meta.dirname, '..', 'docs', 'templates', 'hr-sync.workflow.json');
  const wf = JSON.parse(await readFile(file, 'utf8')) as {
    nodes: Array<{ credentials?: unknown }>;
  };
  for (const node of wf.nodes)
    if (node.credentials) node.credentials = { celonisScimApi: { id, name } };
  return { ...wf, id: 'hrsync', active: false };
}

export async function startDemo(port?: number) {
  const sb = await startSandbox({
    teams: [{ name: 'demo' }],
    seed: { users: 50, groups: 5, seed: 1 },
  });
  const team = sb.teams.demo!;
  const n8n = await createN8n();
  await n8n.importCredential({
    id: 'sandbox',
    name: 'Celonis SCIM (sandbox)',
    type: 'celonisScimApi',
    data: {
      teamUrl: team.teamUrl,
      authType: 'oauth2',
      clientId: team.clientId,
      clientSecret: team.clientSecret,
      scope: team.scope,
      clientAuth: 'basic',
    },
  });
  const cred = 'sandbox';
  const wf = workflow('onboarding', 'HR onboarding and offboarding', [
    [
      start,
      ...listItems('New Hires', 'hires', [
        { email: 'jane.doe@example.com', first: 'Jane', last: 'Doe', department: 'Finance' },
      ]),
      scim('Upsert Hire', cred, {
        resource: 'user',
        operation: 'upsert',
        userName: '={{ $json.email }}',
        additionalFields: {
          givenName: '={{ $json.first }}',
          familyName: '={{ $json.last }}',
          department: '={{ $json.department }}',
        },
      }),
      scim('Add To Group', cred, {
        resource: 'group',
        operation: 'addMembers',
        group: rl('displayName', '={{ $json.department }}'),
        memberIdType: 'id',
        members: '={{ $json.id }}',
      }),
    ],
    [
      start,
      ...listItems('Leavers', 'leavers', ['old.hand@example.com']),
      scim('Offboard', cred, {
        resource: 'user',
        operation: 'offboard',
        user: rl('userName', '={{ $json.leavers }}'),
      }),
    ],
  ]);
  // Credentials in the workflow file refer to the credential by id and name.
  for (const node of wf.nodes as Array<{
    type: string;
    typeVersion: number;
    credentials?: { celonisScimApi: { id: string; name: string } };
  }>) {
    if (node.credentials) node.credentials.celonisScimApi.name = 'Celonis SCIM (sandbox)';
    // The demo shows the node as a new user adds it (the e2e suites keep version 1).
    if (node.type === NODE_TYPE) node.typeVersion = 1.1;
  }
  await n8n.importWorkflows([wf, await syncTemplate('sandbox', 'Celonis SCIM (sandbox)')]);
  const editorPort = port ?? (await freePort());
  const server = await n8n.start(editorPort);
  let output = '';
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${editorPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/healthz/readiness`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (server.exitCode !== null || Date.now() > deadline)
      throw new Error(`n8n did not start:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const setup = await fetch(`${url}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
  return {
    url,
    sandbox: sb,
    n8n,
    server,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      await n8n.dispose();
      await sb.close();
    },
  };
}
