/**
 * The package in n8n's queue mode: a main instance, two workers, Redis and PostgreSQL, under a
 * storm of webhook calls with the sandbox's faults on. The end state is read from the sandbox
 * over HTTP; the figures (executions, wall time, requests, token requests per worker,
 * duplicates) are printed.
 */
import { readFile } from 'node:fs/promises';
import { startSandbox } from '@celonis-scim/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthCredentials } from '../../test/helpers';
import { startCluster, type Cluster } from './cluster';
import { waitFor } from './services';
import {
  callOrder,
  endState,
  fire,
  GROUPS,
  hires,
  isRetriable,
  loggedEvents,
  onboardingWorkflow,
  triggerWorkflow,
  type CallResult,
  type Hire,
  type TeamAccess,
} from './storm';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const HIRES = Number(process.env.QUEUE_STORM_HIRES ?? 200);
/** Hires sent three times: the second call at the same instant as the first, the third later. */
const RESENT = Math.round(HIRES / 4);
const FAULTS = { rate429: 0.03, rate503: 0.03, dropAfterWrite: 0.02, retryAfterSeconds: 1 };
/** The line the node writes to n8n's log for each OAuth token it requests. */
const TOKEN_LINE = /Celonis SCIM: requested an OAuth access token/g;

let sb: Sandbox;
let cluster: Cluster;
const sandboxLog: string[] = [];
const access = (team: string): TeamAccess => sb.teams[team]!;

interface StormFigures {
  calls: number;
  executions: number;
  wallMs: number;
  requests: number;
  retried: number;
}

async function executions(workflowId: string): Promise<Record<string, number>> {
  const rows = await cluster.postgres.query(
    `SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`,
  );
  return Object.fromEntries(rows.map(([status, n]) => [status!, Number(n)]));
}

/** The failed executions of a workflow whose error is not n8n's own database timing out. */
async function failuresOutsideTheNode(workflowId: string): Promise<string[]> {
  const rows = await cluster.postgres.query(
    `SELECT e.id, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${workflowId}' AND e.status = 'error'`,
  );
  return rows
    .filter(([, data]) => !/timeout exceeded when trying to connect/.test(data ?? ''))
    .map(([id, data]) => `${id}: ${(data ?? '').slice(0, 300)}`);
}

/** Waits until the sandbox has seen no request for two seconds. */
async function settled(): Promise<void> {
  let seen = -1;
  await waitFor('the sandbox to be idle', 60_000, async () => {
    const now = sandboxLog.length;
    if (now === seen) return true;
    seen = now;
    await new Promise((r) => setTimeout(r, 2000));
    return undefined;
  });
}

async function tokenRequests(process: string): Promise<number> {
  const text = await readFile(cluster.logFile(process), 'utf8').catch(() => '');
  return text.match(TOKEN_LINE)?.length ?? 0;
}

/**
 * One storm against `team` through the webhook at `path`: every call answered, the retriable
 * item errors sent again (as an HR system resends a failed call) until none is left.
 */
async function storm(team: string, path: string, people: Hire[]): Promise<StormFigures> {
  const url = `${cluster.base}/webhook/${path}`;
  const calls = callOrder(people, RESENT);
  sb.setFaults({ ...FAULTS, seed: 16 });
  const before = sb.stats().requests;
  const started = performance.now();
  let results: CallResult[] = await fire(url, calls, 10);
  let retried = 0;
  const answered: CallResult[] = [];
  for (let round = 0; round < 4; round++) {
    const again = results.filter((r) => isRetriable(r));
    answered.push(...results.filter((r) => !isRetriable(r)));
    if (again.length === 0) break;
    retried += again.length;
    results = await fire(
      url,
      again.map((r) => r.hire),
      10,
    );
  }
  const wallMs = performance.now() - started;
  sb.clearFaults();
  // Every call ended with the person onboarded: no failure was left after the resends.
  const failed = [...answered, ...results.filter((r) => isRetriable(r))].filter(
    (r) => r.status !== 200 || typeof r.body.id !== 'string',
  );
  expect(
    failed.map((r) => `${r.hire.employeeNumber} ${r.status} ${JSON.stringify(r.body)}`),
  ).toEqual([]);
  const runs = await executions(`onboard${team}`);
  return {
    calls: calls.length + retried,
    executions: Object.values(runs).reduce((a, b) => a + b, 0),
    wallMs,
    requests: sb.stats().requests - before,
    retried,
  };
}

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }, { name: 'bench' }, { name: 'log' }],
    log: (line) => sandboxLog.push(line),
  });
  for (const team of ['acme', 'bench'])
    for (const displayName of GROUPS)
      await fetch(`${access(team).scimBaseUrl}/Groups`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${access(team).apiKey}`,
          'content-type': 'application/scim+json',
        },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName,
        }),
      });
  cluster = await startCluster();
  const { n8n } = cluster;
  await n8n.importCredentials([
    { id: 'acme', name: 'acme', type: 'celonisScimApi', data: oauthCredentials(sb.teams.acme!) },
    { id: 'bench', name: 'bench', type: 'celonisScimApi', data: oauthCredentials(sb.teams.bench!) },
    {
      id: 'log',
      name: 'log',
      type: 'celonisScimApi',
      data: {
        teamUrl: sb.teams.log!.teamUrl,
        authType: 'appKey',
        appSecretKey: sb.teams.log!.appKey,
      },
    },
  ]);
  await n8n.importWorkflows([
    onboardingWorkflow('onboardacme', 'hire', 'acme'),
    onboardingWorkflow('onboardbench', 'hire-bench', 'bench'),
    triggerWorkflow('trigger', 'acme', 'log', ['user.created', 'member.added']),
  ]);
  // What `n8n publish:workflow --id=<id>` writes (its current version becomes the active one),
  // in one statement: each CLI call starts a whole n8n, minutes on a busy machine.
  await cluster.postgres.query(
    `UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id IN ('onboardacme', 'onboardbench', 'trigger')`,
  );
  // One after the other: each process takes the database's migration lock while it starts.
  await cluster.startMain();
  await cluster.startWorker(1);
  await cluster.startWorker(2);
}, 900_000);

afterAll(async () => {
  await cluster?.dispose();
  await sb?.close();
});

const people = hires(HIRES, 'E');
let twoWorkers: StormFigures;

describe('n8n queue mode: main, two workers, Redis, PostgreSQL', () => {
  it(
    `a storm of ${HIRES + 2 * RESENT} webhook calls for ${HIRES} hires under faults: each person once, with the right fields and groups`,
    { timeout: 600_000 },
    async () => {
      // The trigger's activation poll (on main: its token request is in main's log) records
      // the team before the storm.
      await waitFor('the trigger baseline', 180_000, async () =>
        (await tokenRequests('main')) > 0 ? true : undefined,
      );
      await settled();
      await waitFor('the webhook', 60_000, async () => {
        const res = await fetch(`${cluster.base}/webhook/hire`);
        return res.status === 404 && /POST/.test(await res.text()) ? true : undefined;
      });
      const tokensBefore = await Promise.all([1, 2].map((n) => tokenRequests(`worker-${n}`)));
      twoWorkers = await storm('acme', 'hire', people);
      const state = await endState(access('acme'), people);
      const tokens = await Promise.all([1, 2].map((n) => tokenRequests(`worker-${n}`)));
      const runs = await executions('onboardacme');
      console.log(
        [
          `queue-mode storm, 2 workers: ${twoWorkers.calls} webhook calls (${twoWorkers.retried} sent again: a retriable item error, or n8n answered 5xx or not at all) for ${HIRES} hires`,
          `  executions: ${twoWorkers.executions} (${JSON.stringify(runs)}), wall time ${(twoWorkers.wallMs / 1000).toFixed(1)} s`,
          `  sandbox requests: ${twoWorkers.requests}, faults injected: ${JSON.stringify(sb.stats().faultsInjected)}`,
          `  token requests: worker 1: ${tokens[0]! - tokensBefore[0]!}, worker 2: ${tokens[1]! - tokensBefore[1]!}`,
          `  users: ${state.users}, duplicates: ${state.duplicates.length}, missing: ${state.missing.length}, wrong: ${state.wrong.length}`,
        ].join('\n'),
      );
      expect(state.duplicates).toEqual([]);
      expect(state.missing).toEqual([]);
      expect(state.wrong).toEqual([]);
      expect(state.users).toBe(HIRES);
      // An execution that failed did so in n8n's own database access (its connection pool
      // timing out under the burst), never in the node: the node's errors are item errors, and
      // each of those calls was sent again above.
      expect(await failuresOutsideTheNode('onboardacme')).toEqual([]);
      // Both workers took part and each asked for one token for all its executions.
      expect(tokens.map((t, n) => t - tokensBefore[n]!)).toEqual([1, 1]);
    },
  );

  it(
    'the trigger polls on main only and emits each change of the storm once, also across a restart of main',
    { timeout: 600_000 },
    async () => {
      const expected = HIRES * 3;
      const events = await waitFor('the storm in the trigger log', 200_000, async () => {
        const logged = await loggedEvents(access('log'));
        return logged.size >= expected ? logged : undefined;
      });
      expect(events.size).toBe(expected);
      expect([...events.values()].filter((n) => n > 1)).toEqual([]);

      await cluster.stopMain();
      // Changes while main is down: one more hire, added to a group.
      const acme = access('acme');
      const headers = {
        authorization: `Bearer ${acme.apiKey}`,
        'content-type': 'application/scim+json',
      };
      const res = await fetch(`${acme.scimBaseUrl}/Users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ userName: 'late.hire@acme.example' }),
      });
      const late = (await res.json()) as { id: string };
      const groups = (await (
        await fetch(`${acme.scimBaseUrl}/Groups?filter=displayName eq "Sales"`, { headers })
      ).json()) as { Resources: Array<{ id: string }> };
      await fetch(`${acme.scimBaseUrl}/Groups/${groups.Resources[0]!.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'members', value: [{ value: late.id }] }],
        }),
      });
      await cluster.startMain();
      const after = await waitFor('the late hire in the trigger log', 200_000, async () => {
        const logged = await loggedEvents(access('log'));
        return logged.size >= expected + 2 ? logged : undefined;
      });
      expect(after.size).toBe(expected + 2);
      expect([...after.values()].filter((n) => n > 1)).toEqual([]);
      // The polls ran on main: it authenticated for them (main runs no onboarding in queue
      // mode), and again after its restart (a new process).
      expect(await tokenRequests('main')).toBeGreaterThanOrEqual(2);
    },
  );

  it(
    'bench: the same storm with one worker against two (throughput ratio)',
    { timeout: 600_000 },
    async () => {
      await cluster.stopWorker(2);
      const one = await storm('bench', 'hire-bench', hires(HIRES, 'E'));
      const state = await endState(access('bench'), hires(HIRES, 'E'));
      expect(state.duplicates).toEqual([]);
      expect(state.missing).toEqual([]);
      const rate = (f: StormFigures) => f.executions / (f.wallMs / 1000);
      console.log(
        `queue-mode bench: 1 worker ${rate(one).toFixed(1)} executions/s (${one.executions} in ${(one.wallMs / 1000).toFixed(1)} s), ` +
          `2 workers ${rate(twoWorkers).toFixed(1)} executions/s (${twoWorkers.executions} in ${(twoWorkers.wallMs / 1000).toFixed(1)} s): ` +
          `ratio ${(rate(twoWorkers) / rate(one)).toFixed(2)}`,
      );
      expect(one.executions).toBeGreaterThanOrEqual(HIRES + 2 * RESENT);
    },
  );
});
