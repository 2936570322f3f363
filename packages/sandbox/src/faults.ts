import type { FaultCounts, FaultOptions } from './types.js';

/** mulberry32: small, fast and seedable, so a fault run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultDecision =
  'rate429' | 'rate503' | 'dropBeforeWrite' | 'dropAfterWrite' | undefined;

const RATES = ['rate429', 'rate503', 'dropBeforeWrite', 'dropAfterWrite'] as const;

const DEFAULTS: Required<FaultOptions> = {
  latencyMs: 0,
  rate429: 0,
  retryAfterSeconds: 1,
  rate503: 0,
  dropBeforeWrite: 0,
  dropAfterWrite: 0,
  seed: 42,
};
const KNOWN = Object.keys(DEFAULTS);

// JSON.stringify would print Infinity and NaN as null.
const show = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Decides, per SCIM request, which fault (if any) to inject. */
export class Faults {
  private opts: Required<FaultOptions> = { ...DEFAULTS };
  private rand = prng(DEFAULTS.seed);
  readonly counts: FaultCounts = {
    latency: 0,
    rate429: 0,
    rate503: 0,
    dropBeforeWrite: 0,
    dropAfterWrite: 0,
  };

  constructor(initial?: FaultOptions) {
    if (initial) this.set(initial);
  }

  /**
   * Merges `f` into the current options: what `f` leaves out keeps its value, so a test can
   * turn one fault on without restating the others. `reset()` turns them all off.
   */
  set(f: FaultOptions): void {
    // Options arrive as JSON over HTTP too: refuse a misspelt name rather than ignore it.
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      throw new Error(
        `Faults must be an object such as {"rate503": 0.1}, got ${f === null ? 'null' : Array.isArray(f) ? 'an array' : typeof f}.`,
      );
    }
    const unknown = Object.keys(f).filter((k) => !KNOWN.includes(k));
    if (unknown.length > 0) {
      throw new Error(
        `Unknown fault option ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${KNOWN.join(', ')}.`,
      );
    }
    if (f.seed !== undefined && !Number.isSafeInteger(f.seed)) {
      throw new Error(`Fault seed must be a whole number, got ${show(f.seed)}.`);
    }
    for (const k of RATES) {
      const v = f[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new Error(`Fault ${k} must be a number from 0 to 1, got ${show(v)}.`);
      }
    }
    for (const k of ['latencyMs', 'retryAfterSeconds'] as const) {
      const v = f[k];
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
        throw new Error(`Fault ${k} must be a number >= 0, got ${show(v)}.`);
      }
    }
    const defined = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    this.opts = { ...this.opts, ...defined };
    if (f.seed !== undefined) this.rand = prng(f.seed);
  }

  /** Every fault off, the PRNG back at the default seed; the injected counts are kept. */
  reset(): void {
    this.opts = { ...DEFAULTS };
    this.rand = prng(DEFAULTS.seed);
  }

  get options(): Required<FaultOptions> {
    return { ...this.opts };
  }

  /** One draw per configured fault, in a fixed order, so a seed gives the same sequence. */
  decide(isWrite: boolean): FaultDecision {
    for (const k of RATES) {
      if ((k === 'dropBeforeWrite' || k === 'dropAfterWrite') && !isWrite) continue;
      const rate = this.opts[k];
      if (rate > 0 && this.rand() < rate) {
        this.counts[k]++;
        return k;
      }
    }
    return undefined;
  }

  latency(): number {
    if (this.opts.latencyMs > 0) this.counts.latency++;
    return this.opts.latencyMs;
  }
}
