import { CHANGE_EVENT_ORDER, createScimClient, type ScimClient } from '@celonis-scim/core/node';
import { prng, selfSignedCertificate } from '@celonis-scim/sandbox';
import { startSandbox } from '@celonis-scim/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createN8n, type N8n } from './n8n';
import { oauthCredentials } from '../test/helpers';
import { ChangeMaker, readModel } from '../test/soak/changes';
import { cloneModel, expectedEvents, type Model } from '../test/soak/model';
import { listItems, rl, scim, scimTrigger, start, workflow } from './workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
/** A team served over HTTPS with a self-signed certificate. */
let secure: Sandbox;
let n8n: N8n;
let acme: ScimClient;
let log: ScimClient;

const hires = Array.from({ length: 20 }, (_, n) => ({
  email: `hire${String(n).padStart(2, '0')}@acme.example`,
  first: `Hire${n}`,
  last: 'Example',
  title: 'Analyst',
  department: n % 2 ? 'Sales' : 'Finance',
}));

const leavers = hires
  .slice(0, 10)
  .filter((_, n) => n % 2 === 0)
  .map((h) => h.email);
const salesTeam = ['hire01@acme.example', 'hire03@acme.example', 'hire05@acme.example'];

/** A node reading the first user of the team behind `credential`. */
const firstUser = (name: string, credential: string, onError?: string) =>
  scim(
    name,
    credential,
    { resource: 'user', operation: 'getAll', returnAll: false, limit: 1, filters: {} },
    onError,
  );

/** Every workflow of the suite, imported with one CLI call (each call starts n8n: seconds). */
function allWorkflows() {
  return [
    workflow('onboarding', 'Onboarding', [
      [
        start,
        ...listItems('Hires', 'hires', hires),
        scim('Upsert Hire', 'acme', {
          resource: 'user',
          operation: 'upsert',
          userName: '={{ $json.email }}',
          additionalFields: {
            givenName: '={{ $json.first }}',
            familyName: '={{ $json.last }}',
            title: '={{ $json.title }}',
            department: '={{ $json.department }}',
          },
        }),
        scim('Add To Department', 'acme', {
          resource: 'group',
          operation: 'addMembers',
          group: rl('displayName', '={{ $json.department }}'),
          memberIdType: 'id',
          members: '={{ $json.id }}',
        }),
      ],
    ]),
    workflow('operations', 'Offboarding, group sync, duplicate', [
      [
        start,
        ...listItems('Leavers', 'leavers', leavers),
        scim('Offboard', 'acme', {
          resource: 'user',
          operation: 'offboard',
          user: rl('userName', '={{ $json.leavers }}'),
          removeFromGroups: true,
          deactivateUser: true,
        }),
      ],
      [
        start,
        scim('Sync Sales', 'acme', {
          resource: 'group',
          operation: 'setMembers',
          group: rl('displayName', 'Sales'),
          memberIdType: 'userName',
          members: salesTeam.join(','),
        }),
        scim(
          'Duplicate Continue',
          'acme',
          {
            resource: 'user',
            operation: 'create',
            userName: 'hire19@acme.example',
            additionalFields: {},
          },
          'continueRegularOutput',
        ),
      ],
    ]),
    workflow('duplicate', 'Duplicate', [
      [
        start,
        scim('Create Duplicate', 'acme', {
          resource: 'user',
          operation: 'create',
          userName: 'hire19@acme.example',
          additionalFields: {},
        }),
      ],
    ]),
    workflow('tls', 'TLS', [
      [start, firstUser('Verified TLS', 'secureStrict', 'continueRegularOutput')],
      [start, firstUser('Ignore SSL Issues', 'secureInsecure')],
    ]),
    workflow('trigger', 'Trigger', [
      [
        scimTrigger('On Change', 'acme', [...CHANGE_EVENT_ORDER]),
        // Each event becomes a user of the log team named "<event line>|<poll time>": an event
        // emitted twice in one poll fails as a duplicate, one emitted again later shows up as
        // an extra entry.
        scim('Log Event', 'log', {
          resource: 'user',
          operation: 'create',
          userName:
            "={{ [$json.event, $json.groupId, $json.userId, $json.cause].filter(x => x).join(' ') + '|' + $json.detectedAt }}",
          additionalFields: {},
        }),
      ],
    ]),
  ];
}

function clientFor(team: Sandbox['teams'][string]): ScimClient {
  return createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
  });
}

async function members(displayName: string): Promise<string[]> {
  const g = await acme.groups.getByDisplayName(displayName);
  const out: string[] = [];
  for await (const m of acme.groups.members(g!.id!)) out.push(m.value);
  return out.sort();
}

async function idsOf(userNames: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const u of userNames) ids.push((await acme.users.getByUserName(u))!.id!);
  return ids.sort();
}

beforeAll(async () => {
  sb = await startSandbox({ teams: [{ name: 'acme' }, { name: 'log' }] });
  acme = clientFor(sb.teams.acme!);
  log = clientFor(sb.teams.log!);
  for (const displayName of ['Finance', 'Sales']) await acme.groups.create({ displayName });
  // Five hires exist already with an old title: onboarding must update them, not fail.
  for (const h of hires.slice(0, 5))
    await acme.users.create({ userName: h.email, title: 'Intern' });
  secure = await startSandbox({
    teams: [{ name: 'secure' }],
    seed: { users: 3, groups: 1 },
    tls: selfSignedCertificate(),
  });
  n8n = await createN8n();
  const team = sb.teams.acme!;
  const secureTeam = secure.teams.secure!;
  const secureData = oauthCredentials(secureTeam);

  await n8n.importCredentials([
    {
      id: 'acme',
      name: 'acme',
      type: 'celonisScimApi',
      data: oauthCredentials(team),
    },
    {
      id: 'secureStrict',
      name: 'secureStrict',
      type: 'celonisScimApi',
      data: secureData,
    },
    {
      id: 'secureInsecure',
      name: 'secureInsecure',
      type: 'celonisScimApi',
      data: { ...secureData, ignoreSslIssues: true },
    },
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
  await n8n.importWorkflows(allWorkflows());
});

afterAll(async () => {
  await n8n?.dispose();
  await sb?.close();
  await secure?.close();
});

describe('in a real n8n', () => {
  it('onboards 20 hires: upsert by userName, then add each to its department group; idempotent', async () => {
    const first = await n8n.execute('onboarding');
    expect(first.error).toBeUndefined();
    const upserts = first.output['Upsert Hire']!;
    expect(upserts).toHaveLength(20);
    expect(upserts.filter((u) => u.upsertResult === 'created')).toHaveLength(15);
    expect(upserts.filter((u) => u.upsertResult === 'updated')).toHaveLength(5);
    expect(first.output['Add To Department']).toHaveLength(20);
    expect(await members('Finance')).toEqual(
      await idsOf(hires.filter((h) => h.department === 'Finance').map((h) => h.email)),
    );
    expect(await members('Sales')).toHaveLength(10);
    expect((await acme.users.getByUserName('hire00@acme.example'))!.title).toBe('Analyst');

    const again = await n8n.execute('onboarding');
    expect(again.output['Upsert Hire']!.map((u) => u.upsertResult)).toEqual(
      Array(20).fill('unchanged'),
    );
    expect(await members('Sales')).toHaveLength(10);
  });

  it('offboards 5 users, syncs a group, and keeps going past a duplicate with continue-on-fail', async () => {
    const run = await n8n.execute('operations');
    expect(run.error).toBeUndefined();
    expect(run.output['Offboard']).toHaveLength(5);
    for (const item of run.output['Offboard']!)
      expect(item).toMatchObject({ active: false, groupsRemoved: 1 });
    for (const email of leavers) {
      const u = (await acme.users.getByUserName(email))!;
      expect(u.active).toBe(false);
      expect(await acme.users.groupsOf(u.id!)).toEqual([]);
    }
    expect(await members('Sales')).toEqual(await idsOf(salesTeam));
    expect(run.output['Sync Sales']![0]).toMatchObject({ added: 0, removed: 7, memberCount: 3 });
    expect(run.output['Duplicate Continue']).toEqual([
      expect.objectContaining({
        error: 'userName already exists in this team: use Upsert (Create or Update)',
      }),
    ]);
  });

  it('fails the execution on a duplicate userName without continue-on-fail, saying what to do', async () => {
    const run = await n8n.execute('duplicate');
    expect(run.ok).toBe(false);
    expect(JSON.stringify(run.raw)).toContain('userName already exists in this team: use Upsert');
    expect(JSON.stringify(run.raw)).not.toContain(sb.teams.acme!.clientSecret);
  });
});

describe('TLS in a real n8n', () => {
  it("verifies certificates by default and skips the check only with the credential's Ignore SSL Issues", async () => {
    const run = await n8n.execute('tls');
    expect(run.error).toBeUndefined();
    const [refused] = run.output['Verified TLS']!;
    expect(String(refused!.error)).toMatch(/certificate/i);
    expect(String(refused!.description)).toMatch(/Ignore SSL Issues/);
    expect(run.output['Ignore SSL Issues']).toHaveLength(1);
    expect(run.output['Ignore SSL Issues']![0]).toMatchObject({ userName: expect.any(String) });
    expect(JSON.stringify(run.raw)).not.toContain(secure.teams.secure!.clientSecret);
  });
});

/** Waits until `check` returns a value, polling every second; fails after `ms`. */
async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The logged events, grouped by the poll that emitted them (in poll order). */
async function loggedPolls(): Promise<string[][]> {
  const byPoll = new Map<string, string[]>();
  for await (const u of log.users.list({})) {
    const at = u.userName.slice(u.userName.lastIndexOf('|') + 1);
    const line = u.userName.slice(0, u.userName.lastIndexOf('|'));
    byPoll.set(at, [...(byPoll.get(at) ?? []), line]);
  }
  return [...byPoll.keys()].sort().map((at) => byPoll.get(at)!.sort());
}

/** Waits until the log holds `expected` (one entry per successful poll with events). */
async function waitForPolls(expected: string[][], ms: number): Promise<string[][]> {
  const want = JSON.stringify(expected);
  const count = expected.flat().length;
  return until(`${expected.length} polls of events`, ms, async () => {
    const got = await loggedPolls();
    if (got.flat().length < count) return undefined;
    return JSON.stringify(got) === want || got.flat().length > count ? got : undefined;
  });
}

type TestResult = { status: string; message: string };

/** Sets up the owner, signs in and runs n8n's credential test on the imported credential. */
async function testCredential(base: string) {
  const owner = {
    email: 'e2e@example.com',
    password: 'E2e-password-1',
    firstName: 'E',
    lastName: 'Two',
  };
  const setup = await fetch(`${base}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(owner),
  });
  expect(setup.status).toBe(200);
  const login = await fetch(`${base}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const stored = (await (
    await fetch(`${base}/rest/credentials/acme?includeData=true`, { headers: { cookie } })
  ).json()) as { data: { id: string; name: string; type: string; data: Record<string, unknown> } };
  const test = async (change: Record<string, unknown>) => {
    const { id, name, type, data } = stored.data;
    const res = await fetch(`${base}/rest/credentials/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ credentials: { id, name, type, data: { ...data, ...change } } }),
    });
    return ((await res.json()) as { data: TestResult }).data;
  };
  const secureTeam = secure.teams.secure!;
  const secureData = {
    teamUrl: secureTeam.teamUrl,
    clientId: secureTeam.clientId,
    clientSecret: secureTeam.clientSecret,
  };
  return {
    tlsVerified: await test(secureData),
    tlsIgnored: await test({ ...secureData, ignoreSslIssues: true }),
    good: await test({}),
    wrongSecret: await test({ clientSecret: 'wrong-secret-value' }),
    wrongScope: await test({ scope: 'openid' }),
  };
}

describe('Celonis SCIM Trigger in a running n8n', () => {
  it(
    "passes n8n's credential test, and emits each change once across polls, a failed poll and a restart",
    { timeout: 900_000 },
    async () => {
      await n8n.cli(['publish:workflow', '--id=trigger']);
      const port = 5800 + Math.floor(Math.random() * 400);
      let server = await n8n.start(port);
      const baselineRequests = sb.stats().requests;
      // The activation poll reads the team and records the baseline.
      await until('the activation poll', 90_000, async () =>
        sb.stats().requests > baselineRequests + 1 ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 3000));
      expect(await loggedPolls()).toEqual([]);

      // n8n's own credential test (token pre-authentication, then one SCIM request).
      const results = await testCredential(`http://127.0.0.1:${port}`);
      expect(results.good).toEqual({ status: 'OK', message: 'Connection successful!' });
      expect(results.wrongSecret.status).toBe('Error');
      expect(results.wrongSecret.message).toMatch(/refused the client ID or secret/);
      expect(results.wrongScope.message).toMatch(/scope/);
      expect(results.tlsVerified.status).toBe('Error');
      expect(results.tlsVerified.message).toMatch(/certificate/i);
      expect(results.tlsIgnored).toEqual({ status: 'OK', message: 'Connection successful!' });

      // Random changes between minute polls, checked against the soak's own model of them. They
      // start right after a scheduled poll, so that all changes of a cycle land in the next one.
      const settled = sb.stats().requests;
      await until('a scheduled poll', 90_000, async () =>
        sb.stats().requests > settled ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 5000));
      const model: Model = await readModel(acme);
      const maker = new ChangeMaker(acme, model, prng(11));
      let confirmed = cloneModel(model);
      const polls: string[][] = [];
      const cycle = async (changes: number, between?: () => Promise<void>) => {
        for (let i = 0; i < changes; i++) await maker.one();
        // Changes that cancel out (deactivate, then reactivate) leave nothing to see in the log.
        while (expectedEvents(confirmed, model).length === 0) await maker.one();
        await between?.();
        polls.push(expectedEvents(confirmed, model).sort());
        confirmed = cloneModel(model);
        expect(await waitForPolls(polls, 150_000)).toEqual(polls);
      };
      await cycle(4);
      // Restart: the snapshot persists in n8n's database, so nothing is emitted again.
      await cycle(4, async () => {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
        server = await n8n.start(port);
      });
      // A poll that fails (every request answered 503, beyond the retries) emits nothing; the
      // next poll emits its changes.
      await cycle(4, async () => {
        const injected = sb.stats().faultsInjected.rate503;
        sb.setFaults({ rate503: 1 });
        try {
          await until('a poll failing with 503', 90_000, async () =>
            sb.stats().faultsInjected.rate503 >= injected + 4 ? true : undefined,
          );
        } finally {
          sb.setFaults({ rate503: 0 });
        }
      });
      await cycle(4);
      expect(polls.flat().length).toBeGreaterThan(8);
      // One more poll without changes emits nothing new.
      const seen = sb.stats().requests;
      await until('one more poll', 90_000, async () =>
        sb.stats().requests > seen + 1 ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 5000));
      expect(await loggedPolls()).toEqual(polls);
      server.kill('SIGTERM');
    },
  );
});
