import { HttpError } from '../errors.js';
import type { CelonisTeamConfig } from './options.js';

interface Window {
  /** Which second or UTC day the count belongs to. */
  key: number;
  used: number;
}

interface Budget {
  name: 'second' | 'day';
  limit: number;
  /** Length of the window in ms; windows are aligned on whole seconds and UTC midnight. */
  span: number;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const hhmmss = (ms: number) => {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/**
 * Per-second and per-day request budgets of each team, as Celonis' APIs answer them:
 * `x-ratelimit-limit` / `x-ratelimit-remaining` on every answer, and past a budget a 429 with
 * `x-ratelimit-reset` (seconds to wait) and "Please try again at HH:MM:SS UTC.", no Retry-After.
 * Fixed windows on an injectable clock, so that tests are exact.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Counts one request of the team; returns the headers its answer carries, or throws the 429
   * (a refused request does not count). Undefined when the team has no budget.
   */
  take(team: CelonisTeamConfig & { name: string }): Record<string, string> | undefined {
    const budgets: Budget[] = [];
    if (team.rateLimitPerSecond !== undefined)
      budgets.push({ name: 'second', limit: team.rateLimitPerSecond, span: 1000 });
    if (team.rateLimitPerDay !== undefined)
      budgets.push({ name: 'day', limit: team.rateLimitPerDay, span: DAY });
    if (budgets.length === 0) return undefined;
    const now = this.now();
    const states = budgets.map((b) => {
      const id = `${team.name}\u0000${b.name}`;
      const key = Math.floor(now / b.span);
      let w = this.windows.get(id);
      if (!w || w.key !== key) {
        w = { key, used: 0 };
        this.windows.set(id, w);
      }
      return { b, w };
    });
    const full = states.find((s) => s.w.used >= s.b.limit);
    if (full) {
      const resetAt = (full.w.key + 1) * full.b.span;
      const headers = {
        'x-ratelimit-limit': String(full.b.limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.max(1, Math.ceil((resetAt - now) / 1000))),
      };
      throw new HttpError(
        429,
        undefined,
        `Team ${team.name} made more than ${full.b.limit} requests in one ${full.b.name}. Please try again at ${hhmmss(resetAt)} UTC.`,
        headers,
      );
    }
    for (const s of states) s.w.used++;
    // The window closest to its limit is the one a client has to watch.
    const tight = states.reduce((a, s) => (s.b.limit - s.w.used < a.b.limit - a.w.used ? s : a));
    return {
      'x-ratelimit-limit': String(tight.b.limit),
      'x-ratelimit-remaining': String(tight.b.limit - tight.w.used),
    };
  }
}
