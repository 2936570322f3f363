import type { SandboxOptions, TeamOptions } from '../../src/index.js';
import { api, start, USER, type Sandbox } from '../helpers.js';

export { api, start, USER, type Sandbox };

export const CELONIS = 'urn:celonis:params:scim:schemas:extension:2.0:User';
export const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** A sandbox whose teams all use the Celonis profile (plus their own options). */
export function startCelonis(
  teams: Array<Omit<TeamOptions, 'profile'>>,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  return start({ ...options, teams: teams.map((t) => ({ ...t, profile: 'celonis' as const })) });
}

let n = 0;
/** A fresh e-mail address, so tests of one team do not collide. */
export const email = (tag = 'u') => `${tag}${++n}.${process.pid}@example.com`;

/** A user body in the shape of Celonis' samples: role and sendEmailOnInvitation at the top. */
export function celonisUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, CELONIS],
    userName,
    emails: [{ value: userName, primary: true }],
    ...extra,
  };
}

/** GET/POST/DELETE on `/_sandbox/<what>` (no auth). */
export async function control(sb: Sandbox, method: string, what: string) {
  const res = await fetch(`${sb.url}/_sandbox/${what}`, { method });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** A clock the test moves by hand, so rate-limit windows are exact. */
export function manualClock(start = Date.UTC(2026, 0, 5, 6, 10, 40, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}
