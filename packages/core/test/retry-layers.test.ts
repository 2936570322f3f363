import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, planSync, type DesiredState, type SyncPlan } from '../src/index.js';
import { resolveRetry } from '../src/retry/index.js';
import { requestAttempts, resendRounds, worstCaseAttempts } from '../src/retry/resend.js';
import { oauthClient, recordingSleep, startSandbox, uniqueName, type Sandbox } from './helpers.js';

// The retry layers of one write (docs/architecture.md, "Retry layers"): the pipeline's attempts
// per request times the resend layer's sends per write. Faults that fail every attempt must make
// the sandbox see exactly that many, no more (a third loop) and no fewer (a layer that gave up).

const RETRIES = 3;
const policy = resolveRetry({ retries: RETRIES });
const WORST = worstCaseAttempts(policy);
const noFaults = { rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 };

let sb: Sandbox;
let client: ReturnType<typeof oauthClient>;

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }] });
  client = oauthClient(sb.teams.acme!, {
    sleep: recordingSleep(),
    retry: { retries: RETRIES, budgetMs: 600_000 },
  });
  await client.discover(); // token and discovery outside the fault windows
});
afterEach(() => sb.setFaults(noFaults));
afterAll(async () => {
  await client?.close();
  await sb?.close();
});

const desired = (users: Array<{ userName: string; given?: string }>, groups = []) =>
  ({
    users: users.map((u, i) => ({
      source: { row: i + 1 },
      user: { userName: u.userName, ...(u.given ? { name: { givenName: u.given } } : {}) },
    })),
    groups,
  }) as DesiredState;

const plan = (state: DesiredState) =>
  planSync(client, state, { match: ['userName'], missing: 'leave', force: true });

/** A plan with one action: add a new team user to a team group. */
async function memberPlan(): Promise<SyncPlan> {
  const userName = uniqueName('layers-');
  await client.users.create({ userName });
  const g = await client.groups.create({ displayName: uniqueName('Layers') });
  const state = desired([{ userName }]);
  state.groups = [{ displayName: g.displayName, members: [userName] }];
  const p = await plan(state);
  expect(p.actions.map((a) => a.kind)).toEqual(['addMembers']);
  return p;
}

/** Attempts of `method` on `path` (a prefix) logged since `from`. */
const attempts = (from: number, method: string, path: string) =>
  client.log.slice(from).filter((e) => e.method === method && e.path.startsWith(path)).length;

describe('the worst-case attempts of one write', () => {
  it('is the resend rounds times the pipeline attempts, as docs/architecture.md states', () => {
    expect(requestAttempts(policy)).toBe(RETRIES + 1);
    expect(resendRounds(policy)).toBe(RETRIES + 1);
    expect(WORST).toBe((RETRIES + 1) ** 2);
    const defaults = worstCaseAttempts(resolveRetry(undefined));
    const doc = readFileSync(
      resolve(__dirname, '..', '..', '..', 'docs', 'architecture.md'),
      'utf8',
    );
    const stated = /at most \*\*(\d+)\*\*\s+HTTP\s+attempts/.exec(doc)?.[1];
    expect(Number(stated)).toBe(defaults);
  });

  it('is what the server sees of a member change that is answered 503 every time', async () => {
    const p = await memberPlan();
    const before = sb.stats().faultsInjected.rate503;
    const from = client.log.length;
    sb.setFaults({ rate503: 1, seed: 41 });
    const report = await applyPlan(client, p);
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'failed', error: { kind: 'server' } });
    expect(sb.stats().faultsInjected.rate503 - before).toBe(WORST);
    // An add reads the members first (only absent ones are sent): each send is that read, or
    // the read and the PATCH, and the whole member change stays within the stated worst case.
    const sent = ['GET', 'PATCH'].map((m) => attempts(from, m, '/Groups/'));
    expect(sent[0]! + sent[1]!).toBe(WORST);
  });

  it('is what the server sees of a member change whose every connection drops', async () => {
    const p = await memberPlan();
    const before = sb.stats().faultsInjected.dropBeforeWrite;
    sb.setFaults({ dropBeforeWrite: 1, seed: 42 });
    const report = await applyPlan(client, p);
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(sb.stats().faultsInjected.dropBeforeWrite - before).toBe(WORST);
  });

  it('is what the server sees of a guarded update whose every connection drops, each looked at first', async () => {
    const userName = uniqueName('layers-upd-');
    const u = await client.users.create({ userName, name: { givenName: 'Before' } });
    const p = await plan(desired([{ userName, given: 'After' }]));
    expect(p.actions.map((a) => a.kind)).toEqual(['update']);
    const before = sb.stats().faultsInjected.dropBeforeWrite;
    const from = client.log.length;
    sb.setFaults({ dropBeforeWrite: 1, seed: 43 });
    const report = await applyPlan(client, p);
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(sb.stats().faultsInjected.dropBeforeWrite - before).toBe(WORST);
    // One re-read after each send: resent only because the user was still as planned.
    expect(attempts(from, 'GET', `/Users/${u.id}`)).toBe(resendRounds(policy));
    expect((await client.users.get(u.id!)).name?.givenName).toBe('Before');
  });

  it('is what the server sees of a create that is answered 503 every time, and nothing is made', async () => {
    const userName = uniqueName('layers-new-');
    const p = await plan(desired([{ userName }]));
    expect(p.actions.map((a) => a.kind)).toEqual(['create']);
    const from = client.log.length;
    sb.setFaults({ rate503: 1, seed: 44 });
    const report = await applyPlan(client, p, { bulk: false });
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'failed', error: { kind: 'server' } });
    expect(attempts(from, 'POST', '/Users')).toBe(WORST);
    expect(await client.users.getByUserName(userName)).toBeUndefined();
  });
});

describe('a write whose answer was lost', () => {
  it('is looked up, not sent again: one POST, one user', async () => {
    const userName = uniqueName('layers-once-');
    const p = await plan(desired([{ userName }]));
    const before = sb.stats().faultsInjected.dropAfterWrite;
    const from = client.log.length;
    sb.setFaults({ dropAfterWrite: 1, seed: 45 });
    const report = await applyPlan(client, p, { bulk: false });
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'done' });
    expect(sb.stats().faultsInjected.dropAfterWrite - before).toBe(1);
    expect(attempts(from, 'POST', '/Users')).toBe(1);
    const same = [];
    for await (const u of client.users.list({ filter: `userName eq "${userName}"` })) same.push(u);
    expect(same.map((u) => u.id)).toEqual([report.results[0]!.resourceId]);
  });

  it('is not sent again when the send was dropped before the server applied it, beyond the rounds', async () => {
    // A POST is not repeated by the pipeline (its answer was lost); each round is one POST,
    // looked up before the next, and nothing is left behind.
    const userName = uniqueName('layers-never-');
    const p = await plan(desired([{ userName }]));
    const from = client.log.length;
    sb.setFaults({ dropBeforeWrite: 1, seed: 46 });
    const report = await applyPlan(client, p, { bulk: false });
    sb.setFaults(noFaults);
    expect(report.results[0]).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(attempts(from, 'POST', '/Users')).toBe(resendRounds(policy));
    expect(attempts(from, 'GET', '/Users')).toBe(resendRounds(policy));
    expect(await client.users.getByUserName(userName)).toBeUndefined();
  });
});
