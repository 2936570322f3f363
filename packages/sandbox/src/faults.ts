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

/** Decides, per SCIM request, which fault (if any) to inject. */
export class Faults {
  private opts: Required<FaultOptions> = {
    latencyMs: 0,
    rate429: 0,
    retryAfterSeconds: 1,
    rate503: 0,
    dropBeforeWrite: 0,
    dropAfterWrite: 0,
    seed: 42,
  };
  private rand = prng(42);
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

  set(f: FaultOptions): void {
    for (const k of RATES) {
      const v = f[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new Error(`Fault ${k} must be a number from 0 to 1, got ${JSON.stringify(v)}.`);
      }
    }
    for (const k of ['latencyMs', 'retryAfterSeconds'] as const) {
      const v = f[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0)) {
        throw new Error(`Fault ${k} must be a number >= 0, got ${JSON.stringify(v)}.`);
      }
    }
    const defined = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    this.opts = { ...this.opts, ...defined };
    if (f.seed !== undefined) this.rand = prng(f.seed);
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
