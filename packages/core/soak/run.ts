import { startSandbox } from '@celonis-scim/sandbox';
import {
  createScimClient,
  mapBounded,
  ScimError,
  type RequestLogEntry,
  type ScimClient,
} from '../src/node.js';
import {
  groupName,
  initialMemberships,
  offboardIndexes,
  replacedGroups,
  replacementMembers,
  userName,
  type IntendedState,
  type SoakSize,
} from './plan.js';
import { discrepancyCount, verify, type Discrepancies } from './verify.js';

export interface SoakOptions extends SoakSize {
  /** Retry-After of injected 429s, in seconds. */
  retryAfterSeconds: number;
  latencyMs: number;
  /** Stop the soak (as a failure) after this long. */
  seconds: number;
  seed: number;
}

export interface PhaseReport {
  name: string;
  ms: number;
  discrepancies: Discrepancies;
}

export interface SoakReport {
  options: SoakOptions;
  phases: PhaseReport[];
  /** HTTP attempts the client made, and how many of them were retries (attempt > 1). */
  attempts: number;
  retries: number;
  byStatus: Record<string, number>;
  /** Operations the soak itself had to repeat after the client gave up (ideally 0). */
  callerRetries: number;
  faultsInjected: Record<string, number>;
  sandboxRequests: number;
  ms: number;
  discrepancies: number;
}

export const FAULTS = { rate429: 0.1, rate503: 0.05, dropBeforeWrite: 0.05, dropAfterWrite: 0.05 };
const NO_FAULTS = { rate429: 0, rate503: 0, dropBeforeWrite: 0, dropAfterWrite: 0, latencyMs: 0 };
/** Times the soak repeats an operation the client gave up on before counting it as lost. */
const CALLER_ATTEMPTS = 5;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const sb = await startSandbox({
    teams: [{ name: 'soak' }],
    faults: {
      ...FAULTS,
      retryAfterSeconds: options.retryAfterSeconds,
      latencyMs: options.latencyMs,
      seed: options.seed,
    },
  });
  const log: RequestLogEntry[] = [];
  const team = sb.teams.soak;
  if (!team) throw new Error('the sandbox did not start the team "soak"');
  const client = createScimClient({
    baseUrl: team.scimBaseUrl,
    auth: { type: 'apiKey', apiKey: team.apiKey },
    retry: { retries: 6, baseDelayMs: 50, maxDelayMs: 1000 },
    logger: (e) => log.push(e),
  });
  const run = new SoakRun(client, options, deadline);
  const phases: PhaseReport[] = [];
  const phase = async (name: string, work: () => Promise<void>) => {
    const t0 = Date.now();
    sb.setFaults(FAULTS_WITH(options));
    await work();
    sb.setFaults(NO_FAULTS);
    const discrepancies = await verify(client, run.intended);
    phases.push({ name, ms: Date.now() - t0, discrepancies });
  };
  let stats;
  try {
    await phase('provision', () => run.provision());
    await phase('offboard + replace', () => run.offboardAndReplace());
  } finally {
    stats = sb.stats();
    await client.close();
    await sb.close();
  }
  const byStatus: Record<string, number> = {};
  for (const e of log) {
    const key = e.status === undefined ? (e.error ?? 'error') : String(e.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  return {
    options,
    phases,
    attempts: log.length,
    retries: log.filter((e) => e.attempt > 1).length,
    byStatus,
    callerRetries: run.callerRetries,
    faultsInjected: { ...stats.faultsInjected },
    sandboxRequests: stats.requests,
    ms: Date.now() - started,
    discrepancies: phases.reduce((n, p) => n + discrepancyCount(p.discrepancies), 0),
  };
}

function FAULTS_WITH(options: SoakOptions) {
  return { ...FAULTS, latencyMs: options.latencyMs, retryAfterSeconds: options.retryAfterSeconds };
}

/** The writes of one soak, and the state they are meant to produce. */
class SoakRun {
  readonly intended: IntendedState = { users: new Map(), groups: new Map() };
  callerRetries = 0;
  private readonly userIds = new Map<string, string>();
  private readonly groupIds = new Map<string, string>();

  constructor(
    private readonly client: ScimClient,
    private readonly size: SoakOptions,
    private readonly deadline: number,
  ) {}

  async provision(): Promise<void> {
    const users = Array.from({ length: this.size.users }, (_, i) => ({
      userName: userName(i),
      name: { givenName: 'Soak', familyName: `User ${i}` },
      emails: [{ value: userName(i), primary: true, type: 'work' }],
      active: true,
    }));
    for (const u of users) this.intended.users.set(u.userName, true);
    const results = await this.client.users.provision(users, { concurrency: 4 });
    for (const r of results) {
      if (r.ok && r.user.id) this.userIds.set(r.userName, r.user.id);
      else await this.repeat(() => this.ensureUser(r.userName));
    }
    const memberships = initialMemberships(this.size);
    for (const [name, members] of memberships) this.intended.groups.set(name, new Set(members));
    await mapBounded([...memberships.keys()], 4, (name) =>
      this.repeat(() => this.ensureGroup(name)),
    );
    await mapBounded([...memberships], 4, ([name, members]) =>
      this.repeat(() => this.client.groups.addMembers(this.groupId(name), this.ids(members))),
    );
  }

  async offboardAndReplace(): Promise<void> {
    const leavers = offboardIndexes(this.size).map(userName);
    for (const name of leavers) this.intended.users.set(name, false);
    await mapBounded(leavers, 4, (name) =>
      this.repeat(() => this.client.users.deactivate(this.userId(name))),
    );
    const gone = new Set(leavers);
    await mapBounded([...this.intended.groups], 4, async ([group, members]) => {
      const remove = [...members].filter((m) => gone.has(m));
      for (const m of remove) members.delete(m);
      await this.repeat(() =>
        this.client.groups.removeMembers(this.groupId(group), this.ids(remove)),
      );
    });
    const active = (name: string) => this.intended.users.get(name) === true;
    await mapBounded(replacedGroups(this.size), 4, async (j) => {
      const members = replacementMembers(j, this.size, active);
      this.intended.groups.set(groupName(j), new Set(members));
      await this.repeat(() =>
        this.client.groups.replaceMembers(this.groupId(groupName(j)), this.ids(members)),
      );
    });
  }

  /** A user the bulk helper could not confirm: look it up, and create it only when absent. */
  private async ensureUser(name: string): Promise<void> {
    const found = await this.client.users.getByUserName(name);
    const user = found ?? (await this.client.users.create({ userName: name, active: true }));
    if (!user.id) throw new Error(`created user ${name} has no id`);
    this.userIds.set(name, user.id);
  }

  /** POST is not repeatable: after an unclear failure, look the group up before creating again. */
  private async ensureGroup(name: string): Promise<void> {
    const found = await this.client.groups.getByDisplayName(name);
    const group = found ?? (await this.client.groups.create({ displayName: name }));
    if (!group.id) throw new Error(`created group ${name} has no id`);
    this.groupIds.set(name, group.id);
  }

  private async repeat(work: () => Promise<unknown>): Promise<void> {
    for (let i = 1; ; i++) {
      if (Date.now() > this.deadline) throw new Error('the soak ran out of time (--seconds)');
      try {
        await work();
        return;
      } catch (e) {
        if (!(e instanceof ScimError) || i >= CALLER_ATTEMPTS) throw e;
        this.callerRetries++;
      }
    }
  }

  private ids(names: Iterable<string>): string[] {
    return [...names].map((n) => this.userId(n));
  }

  private userId(name: string): string {
    const id = this.userIds.get(name);
    if (!id) throw new Error(`no id known for user ${name}`);
    return id;
  }

  private groupId(name: string): string {
    const id = this.groupIds.get(name);
    if (!id) throw new Error(`no id known for group ${name}`);
    return id;
  }
}
