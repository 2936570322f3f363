/**
 * Trigger soak: many poll cycles with random changes between them and faults on some polls.
 * Every change must come out exactly once, in the order of its poll, and the stored state must
 * stay compact. TRIGGER_SOAK_CYCLES sets the number of cycles (default 1,000, about a minute).
 */
import {
  CHANGE_EVENT_ORDER,
  createScimClient,
  parseSnapshot,
  snapshotSize,
  type ScimClient,
} from '@celonis-scim/core/node';
import { prng, startSandbox } from '@celonis-scim/sandbox';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CelonisScimTrigger } from '../nodes/CelonisScimTrigger/CelonisScimTrigger.node';
import { pollContext } from './context';
import { json, oauthCredentials, type Sandbox } from './helpers';
import { ChangeMaker, readModel } from './soak/changes';
import { cloneModel, expectedEvents, lineOf, type Model } from './soak/model';

const CYCLES = Number(process.env.TRIGGER_SOAK_CYCLES ?? 1000);
const SEED = Number(process.env.TRIGGER_SOAK_SEED ?? 7);
const ALL_EVENTS = [...CHANGE_EVENT_ORDER];
/** Bytes per user of the stored state besides the userName itself. */
const BYTES_PER_USER_BOUND = 60;

let sb: Sandbox;
let credentials: ICredentialDataDecryptedObject;
let client: ScimClient;
const trigger = new CelonisScimTrigger();

beforeAll(async () => {
  sb = await startSandbox({
    teams: [{ name: 'acme' }],
    seed: { users: 30, groups: 4, seed: SEED },
  });
  const team = sb.teams.acme!;
  credentials = oauthCredentials(team);
  client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: {
      type: 'oauth2',
      scope: team.scope,
      tokenUrl: team.tokenUrl,
      clientId: team.clientId,
      clientSecret: team.clientSecret,
    },
  });
});
afterAll(async () => {
  await sb?.close();
});

/** n8n keeps static data as JSON and saves it only after a poll that returned. */
let stored = '{}';
async function poll(scan: 'auto' | 'full'): Promise<IDataObject[]> {
  const staticData = JSON.parse(stored) as IDataObject;
  const out = await trigger.poll.call(
    pollContext(credentials, { events: ALL_EVENTS, options: { scan } }, staticData),
  );
  stored = JSON.stringify(staticData);
  return out ? json(out[0]!) : [];
}

/** The stored bytes of each user entry (`"id":"1:hash:userName",`) besides the userName. */
function checkStoredSize(model: Model): number {
  const snap = parseSnapshot((JSON.parse(stored) as { snapshot: unknown }).snapshot);
  expect(Object.keys(snap.users).length).toBe(model.users.size);
  expect(snapshotSize(snap)).toBe(Buffer.byteLength(JSON.stringify(snap)));
  let worst = 0;
  for (const [id, entry] of Object.entries(snap.users)) {
    const bytes = JSON.stringify(id).length + JSON.stringify(entry).length + 2;
    worst = Math.max(worst, bytes - model.users.get(id)!.userName.length);
  }
  expect(worst).toBeLessThanOrEqual(BYTES_PER_USER_BOUND);
  return worst;
}

it(
  `emits each of the changes of ${CYCLES} poll cycles exactly once, under faults`,
  { timeout: 30 * 60_000 },
  async () => {
    const started = Date.now();
    const rand = prng(SEED);
    const model = await readModel(client);
    const maker = new ChangeMaker(client, model, rand);
    expect(await poll('auto')).toEqual([]);
    let confirmed = cloneModel(model);
    const figures = {
      changes: 0,
      emitted: 0,
      failedPolls: 0,
      faultyPollsSucceeded: 0,
      maxPerUser: 0,
    };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const n = Math.floor(rand() * 4);
      for (let i = 0; i < n; i++) await maker.one();
      figures.changes += n;
      const faulty = rand() < 0.1;
      if (faulty) sb.setFaults({ rate429: 0.5, retryAfterSeconds: 0, rate503: 0.02 });
      const before = stored;
      let items: IDataObject[] | undefined;
      try {
        items = await poll(rand() < 0.2 ? 'full' : 'auto');
      } catch (e) {
        // Only a faulty poll may fail, and it must leave the stored state as it was.
        expect(faulty, `a poll without faults failed: ${String(e)}`).toBe(true);
        // The fault that outlasted the retries, as n8n shows it: an API error with its status.
        expect((e as { httpCode?: string }).httpCode).toMatch(/^(429|503)$/);
        expect(stored).toBe(before);
        figures.failedPolls++;
      } finally {
        if (faulty) sb.setFaults({ rate429: 0, rate503: 0 });
      }
      if (!items) continue;
      if (faulty) figures.faultyPollsSucceeded++;
      const expected = expectedEvents(confirmed, model);
      expect(items.map(lineOf), `cycle ${cycle}`).toEqual(expected);
      for (const item of items) {
        const user = item.user as IDataObject | undefined;
        if (item.event === 'user.deleted')
          expect(item.userName).toBe(confirmed.users.get(String(item.userId))?.userName);
        else if (String(item.event).startsWith('user.'))
          expect(user?.userName).toBe(model.users.get(String(item.userId))?.userName);
      }
      figures.emitted += items.length;
      confirmed = cloneModel(model);
      figures.maxPerUser = Math.max(figures.maxPerUser, checkStoredSize(model));
    }
    expect(figures.failedPolls).toBeGreaterThan(0);
    expect(figures.faultyPollsSucceeded).toBeGreaterThan(0);
    expect(figures.emitted).toBeGreaterThan(figures.changes / 2);
    const stats = sb.stats();
    console.log(
      `trigger soak: ${CYCLES} polls, ${figures.changes} changes (${JSON.stringify(maker.counts)}), ` +
        `${figures.emitted} events emitted, ${figures.failedPolls} polls failed under faults and ` +
        `${figures.faultyPollsSucceeded} succeeded despite them; ${model.users.size} users, ` +
        `${model.groups.size} groups at the end; stored state at most ${figures.maxPerUser} ` +
        `bytes per user besides the userName; faults injected ${JSON.stringify(stats.faultsInjected)}; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  },
);
