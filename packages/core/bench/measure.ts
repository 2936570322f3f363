/** Timing and memory helpers for the benchmark. */

export interface Timed<T> {
  ms: number;
  value: T;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function requireGc(): () => void {
  if (!gc) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  return gc;
}

export interface MemoryPeak {
  rssMB: number;
  heapMB: number;
}

/** Tracks the largest growth of RSS and heap over a baseline taken after a full GC. */
export class PeakMemory {
  private readonly baseRss: number;
  private readonly baseHeap: number;
  private rss = 0;
  private heap = 0;

  constructor() {
    requireGc()();
    const m = process.memoryUsage();
    this.baseRss = m.rss;
    this.baseHeap = m.heapUsed;
  }

  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss - this.baseRss);
    this.heap = Math.max(this.heap, m.heapUsed - this.baseHeap);
  }

  peak(): MemoryPeak {
    return { rssMB: this.rss / 2 ** 20, heapMB: this.heap / 2 ** 20 };
  }
}
