import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimClient, type ScimClient } from '../../src/node.js';
import { recordingSleep } from '../helpers.js';
import { renderCompatibility, compatibilityFile, summaryLine } from './report.js';
import { checks, type CheckResult, type ScenarioContext } from './scenario.js';
import { betterAuthServer } from './servers/better-auth.js';
import { lossyServer } from './servers/lossy.js';
import { sandboxServer } from './servers/sandbox.js';
import { scimmyServer } from './servers/scimmy.js';
import type { InteropServer, RunningServer } from './servers/types.js';

/**
 * The interop matrix: the same scenario through the client against the sandbox and two
 * independent SCIM 2.0 implementations, each started here on 127.0.0.1. Optional features a
 * server lacks are recorded, not failed; a check that finds stored state other than intended
 * (data lost or corrupted) fails. The results are docs/compatibility.md, checked at the end.
 */
const servers: InteropServer[] = [sandboxServer, scimmyServer, betterAuthServer];
const results = new Map<string, Map<string, CheckResult>>();

/** Starts the server and a client for it, with a raw channel for reading stored state. */
async function connect(
  server: InteropServer,
): Promise<{ running: RunningServer; client: ScimClient; ctx: ScenarioContext }> {
  const running = await server.start();
  const client = createScimClient({
    baseUrl: running.baseUrl,
    auth: running.auth,
    transportOptions: { proxy: false },
    sleep: recordingSleep(),
  });
  const ctx: ScenarioContext = {
    client,
    caps: await client.discover(),
    users: [],
    groups: [],
    raw: async (method, path, body) => {
      const res = await fetch(`${running.baseUrl}${path}`, {
        method,
        headers: { authorization: running.authorization, 'content-type': 'application/scim+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      };
    },
  };
  return { running, client, ctx };
}

for (const server of servers) {
  describe(`interop: ${server.name}`, () => {
    let running: RunningServer;
    let client: ScimClient;
    let ctx: ScenarioContext;
    const mine = new Map<string, CheckResult>();
    results.set(server.name, mine);

    beforeAll(async () => {
      ({ running, client, ctx } = await connect(server));
    });
    afterAll(async () => {
      await client?.close();
      await running?.stop();
      if (mine.size > 0) console.log(summaryLine(server.name, mine));
    });

    for (const check of checks) {
      it(
        check.id,
        async () => {
          let result: CheckResult;
          try {
            result = await check.run(ctx);
          } catch (e) {
            result = { outcome: 'failed', note: `threw: ${(e as Error).message}` };
          }
          mine.set(check.id, result);
          expect(result.outcome, `${check.title}: ${result.note}`).not.toBe('failed');
          // Checks that create hundreds of users on another implementation: generous on a busy machine.
        },
        120_000,
      );
    }
  });
}

describe('the scenario against a server that loses data', () => {
  it('fails members-large when group members are lost', async () => {
    const { running, client, ctx } = await connect(lossyServer);
    try {
      for (let i = 0; i < 5; i++)
        ctx.users.push(
          await client.users.create({ userName: `lossy-${i}@example.com`, active: true }),
        );
      const check = checks.find((c) => c.id === 'members-large');
      const result = await check?.run(ctx);
      expect(result).toEqual({ outcome: 'failed', note: 'add 5: 5 members missing, 0 unexpected' });
    } finally {
      await client.close();
      await running.stop();
    }
  });
});

/** A task of the file and its children, as far as this suite reads them. */
interface TaskNode {
  mode: string;
  fullTestName?: string;
  tasks?: TaskNode[];
}

/** The run mode of every test of the file, by its full name ("interop: sandbox > etag"). */
function modes(task: TaskNode, out = new Map<string, string>()): Map<string, string> {
  if (task.fullTestName !== undefined) out.set(task.fullTestName, task.mode);
  for (const child of task.tasks ?? []) modes(child, out);
  return out;
}

describe('docs/compatibility.md', () => {
  it('is the table of the results above', async (t) => {
    // Which checks this run was to run comes from the runner, not from the results: a check
    // that was to run and left no result (its server stopped answering, it timed out, the
    // server never started) fails here by name instead of leaving the document unchecked.
    const planned = modes(t.task.file);
    const notRun: string[] = [];
    const noResult: string[] = [];
    for (const server of servers)
      for (const check of checks) {
        const name = `interop: ${server.name} > ${check.id}`;
        const mode = planned.get(name);
        if (mode !== 'run' && mode !== 'only') notRun.push(name);
        else if (!results.get(server.name)?.has(check.id)) noResult.push(name);
      }
    expect(
      noResult,
      'these checks were to run but recorded no result, so docs/compatibility.md cannot be compared',
    ).toEqual([]);
    // A filtered run (-t) left checks out on purpose: nothing to compare.
    if (notRun.length > 0) t.skip();
    const text = renderCompatibility(servers, checks, results);
    const file = compatibilityFile();
    if (process.env.INTEROP_WRITE_DOCS === '1') {
      await file.write(text);
      return;
    }
    expect(
      await file.read(),
      'docs/compatibility.md is out of date: run `npm run interop:docs -w @celonis-scim/core` to regenerate it',
    ).toBe(await file.formatted(text));
  });
});
