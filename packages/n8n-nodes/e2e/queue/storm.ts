/**
 * The storm: an HR system firing one webhook per hire at once, some hires twice (a resend at
 * the same instant or a little later), and resending the calls whose execution ended with a
 * retriable item error. And the end state, read from the sandbox over HTTP, not through the node.
 */
import { randomUUID } from 'node:crypto';
import { NODE_TYPE, TRIGGER_TYPE } from '../n8n';

export const GROUPS = ['All Staff', 'Finance', 'Sales', 'Engineering'];
const DEPARTMENTS = ['Finance', 'Sales', 'Engineering'];
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface Hire {
  employeeNumber: string;
  email: string;
  first: string;
  last: string;
  title: string;
  department: string;
  groups: string;
}

export function hires(count: number, prefix: string): Hire[] {
  return Array.from({ length: count }, (_, n) => {
    const department = DEPARTMENTS[n % DEPARTMENTS.length]!;
    return {
      employeeNumber: `${prefix}${String(n + 1).padStart(4, '0')}`,
      email: `${prefix.toLowerCase()}${n + 1}@acme.example`,
      first: `Hire${n + 1}`,
      last: 'Storm',
      title: n % 2 ? 'Analyst' : 'Engineer',
      department,
      groups: `All Staff, ${department}`,
    };
  });
}

/**
 * The order of the calls: every hire once, and `resent` of them twice more: once at the same
 * instant as the first call, once later in the storm (300 calls for 200 hires with 50 resent).
 */
export function callOrder(people: Hire[], resent: number): Hire[] {
  const calls: Hire[] = [];
  const later: Hire[] = [];
  people.forEach((h, n) => {
    calls.push(h);
    if (n < resent) {
      calls.push(h);
      later.push(h);
    }
  });
  later.forEach((h, n) => calls.splice(Math.min(calls.length, 2 * resent + 20 + n * 4), 0, h));
  return calls;
}

export interface CallResult {
  hire: Hire;
  status: number;
  body: Record<string, unknown>;
}

/** The error headlines of failures that may pass when the same call is sent again. */
const RETRIABLE = /Too many requests|The SCIM API failed|Could not reach the SCIM API|timed out/;

export function isRetriable(result: CallResult): boolean {
  const { body, status } = result;
  // n8n itself did not take the call (no execution was made): an HR system sends it again.
  if (status === 0 || status >= 500) return true;
  return typeof body.error === 'string' && RETRIABLE.test(body.error);
}

/** Fires the calls `spacingMs` apart (pairs marked for the same instant go out together). */
export async function fire(url: string, calls: Hire[], spacingMs: number): Promise<CallResult[]> {
  const pending: Array<Promise<CallResult>> = [];
  for (let n = 0; n < calls.length; n++) {
    const hire = calls[n]!;
    pending.push(send(url, hire));
    // A resend right behind its first call leaves in the same tick.
    if (calls[n + 1] !== hire) await new Promise((r) => setTimeout(r, spacingMs));
  }
  return Promise.all(pending);
}

async function send(url: string, hire: Hire): Promise<CallResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hire),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { raw: text.slice(0, 500) };
    }
    return { hire, status: res.status, body };
  } catch (e) {
    return { hire, status: 0, body: { raw: String(e) } };
  }
}

export interface TeamAccess {
  scimBaseUrl: string;
  apiKey: string;
}

async function list(team: TeamAccess, type: 'Users' | 'Groups') {
  const out: Array<Record<string, unknown>> = [];
  for (;;) {
    const res = await fetch(`${team.scimBaseUrl}/${type}?startIndex=${out.length + 1}&count=100`, {
      headers: { authorization: `Bearer ${team.apiKey}` },
    });
    if (!res.ok) throw new Error(`GET ${type} answered ${res.status}`);
    const page = ((await res.json()) as { Resources?: Array<Record<string, unknown>> }).Resources;
    if (!page?.length) return out;
    out.push(...page);
  }
}

export interface EndState {
  users: number;
  duplicates: string[];
  missing: string[];
  wrong: string[];
}

/** What the team holds against what the hires say: each person once, right fields and groups. */
export async function endState(team: TeamAccess, people: Hire[]): Promise<EndState> {
  const users = await list(team, 'Users');
  const groups = await list(team, 'Groups');
  const memberOf = new Map<string, Set<string>>();
  for (const g of groups)
    for (const m of (g.members as Array<{ value: string }> | undefined) ?? [])
      (memberOf.get(m.value) ?? memberOf.set(m.value, new Set()).get(m.value)!).add(
        g.displayName as string,
      );
  const byNumber = new Map<string, Array<Record<string, unknown>>>();
  for (const u of users) {
    const number = (u[ENT] as { employeeNumber?: string } | undefined)?.employeeNumber ?? '?';
    (byNumber.get(number) ?? byNumber.set(number, []).get(number)!).push(u);
  }
  const state: EndState = { users: users.length, duplicates: [], missing: [], wrong: [] };
  for (const [number, found] of byNumber) if (found.length > 1) state.duplicates.push(number);
  for (const h of people) {
    const u = byNumber.get(h.employeeNumber)?.[0];
    if (!u) {
      state.missing.push(h.employeeNumber);
      continue;
    }
    const name = u.name as { givenName?: string; familyName?: string } | undefined;
    const ent = u[ENT] as { department?: string } | undefined;
    const joined = [...(memberOf.get(u.id as string) ?? [])].sort().join(', ');
    const want = h.groups.split(', ').sort().join(', ');
    if (
      u.userName !== h.email ||
      name?.givenName !== h.first ||
      name?.familyName !== h.last ||
      u.title !== h.title ||
      ent?.department !== h.department ||
      joined !== want
    )
      state.wrong.push(
        `${h.employeeNumber}: ${u.userName} ${u.title} ${ent?.department} [${joined}]`,
      );
  }
  return state;
}

/** The onboarding workflow: a webhook per hire, Create or Update by employee number, groups. */
export function onboardingWorkflow(id: string, path: string, credential: string) {
  return {
    id,
    name: `Onboarding ${id}`,
    active: false,
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: `${id}-hook`,
        name: 'Hire',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
      },
      {
        id: `${id}-upsert`,
        name: 'Onboard',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [260, 0],
        // The item error (what failed, whether to retry) is the webhook's answer.
        onError: 'continueRegularOutput',
        credentials: { celonisScimApi: { id: credential, name: credential } },
        parameters: {
          resource: 'user',
          operation: 'upsert',
          userName: '={{ $json.body.email }}',
          matchOn: 'employeeNumber',
          additionalFields: {
            employeeNumber: '={{ $json.body.employeeNumber }}',
            givenName: '={{ $json.body.first }}',
            familyName: '={{ $json.body.last }}',
            title: '={{ $json.body.title }}',
            department: '={{ $json.body.department }}',
          },
          addToGroups: '={{ $json.body.groups }}',
        },
      },
    ],
    connections: { Hire: { main: [[{ node: 'Onboard', type: 'main', index: 0 }]] } },
  };
}

/**
 * The trigger workflow: each event becomes a user of the log team named after the event and
 * the poll, so an event emitted twice shows up as a second entry.
 */
export function triggerWorkflow(id: string, watched: string, log: string, events: string[]) {
  return {
    id,
    name: `Trigger ${id}`,
    active: false,
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: `${id}-trigger`,
        name: 'On Change',
        type: TRIGGER_TYPE,
        typeVersion: 1,
        position: [0, 0],
        credentials: { celonisScimApi: { id: watched, name: watched } },
        parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events },
      },
      {
        id: `${id}-log`,
        name: 'Log Event',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [260, 0],
        credentials: { celonisScimApi: { id: log, name: log } },
        parameters: {
          resource: 'user',
          operation: 'create',
          userName:
            "={{ [$json.event, $json.groupId, $json.userId].filter(x => x).join(' ') + '|' + $json.detectedAt }}",
          additionalFields: {},
        },
      },
    ],
    connections: { 'On Change': { main: [[{ node: 'Log Event', type: 'main', index: 0 }]] } },
  };
}

/** The logged events of the log team: "event group? user" -> how many polls emitted it. */
export async function loggedEvents(log: TeamAccess): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const u of await list(log, 'Users')) {
    const event = String(u.userName).split('|')[0]!;
    out.set(event, (out.get(event) ?? 0) + 1);
  }
  return out;
}
