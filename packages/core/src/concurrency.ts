/** A counting semaphore: at most `limit` holders at a time, FIFO for the waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a whole number >= 1, got ${limit}`);
  }

  async acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/** Runs `fn` holding one permit of `semaphore`, releasing it however `fn` ends. */
export async function withPermit<R>(semaphore: Semaphore, fn: () => Promise<R>): Promise<R> {
  const release = await semaphore.acquire();
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * Runs `fn` over `items` with at most `concurrency` in flight, keeping results in input order.
 * Never rejects because of one item: `fn` reports its own failures in its result.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i] as T, i);
      }
    },
  );
  await Promise.all(workers);
  return results;
}
