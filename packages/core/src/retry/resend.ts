import { ScimError, isTransient } from '../errors.js';
import { backoffDelay, isRetryable, type RetryPolicy } from './index.js';

/**
 * The resend layer: the one loop above the request pipeline. The pipeline (pipeline.ts
 * `retrying`) repeats an HTTP request only where a repeat cannot apply a write twice; a write
 * whose answer was lost, or that still failed transiently once the pipeline gave up, comes
 * here. Before sending it again this layer asks whether the write landed after all, so a create
 * whose answer was lost is found rather than made twice. Modelled on undici's retry
 * interceptor: one place, one policy, the caller's `sleep`.
 *
 * Layers of one write, at most:
 *
 *   resendRounds(policy)       sends of the write (this module)
 *   x requestAttempts(policy)  HTTP attempts of each send (the pipeline)
 *   = worstCaseAttempts(policy)
 *
 * With the default policy (4 retries) that is 5 x 5 = 25 attempts. Nothing else may loop over
 * attempts (test/house.test.ts fails on a new loop), so the product has no third factor.
 */

/** HTTP attempts the pipeline makes for one request at most: the first and `retries` more. */
export function requestAttempts(policy: RetryPolicy): number {
  return policy.retries + 1;
}

/** Sends of one write this layer makes at most: the first and `retries` more. */
export function resendRounds(policy: RetryPolicy): number {
  return policy.retries + 1;
}

/** The worst-case number of HTTP attempts of one write, across both layers. */
export function worstCaseAttempts(policy: RetryPolicy): number {
  return resendRounds(policy) * requestAttempts(policy);
}

export interface Write<T> {
  /** Sends the write once (through the pipeline, which may try it several times). */
  send: () => Promise<T>;
  /**
   * Asked after a transient failure whose answer does not prove the write was refused: what
   * became of it. `undefined` means it did not land and may be sent again; a value ends the
   * write with that value (it landed after all, or the state says it must not be repeated).
   * Throwing means the state cannot be told: the write's own error is thrown, nothing resent.
   * Left out for writes that are harmless to repeat (adding a member twice).
   */
  landed?: ((error: ScimError) => Promise<T | undefined>) | undefined;
  /** Checked before each resend; true stops with the last error (a cancelled sync). */
  stop?: (() => boolean) | undefined;
}

export type Resend = <T>(write: Write<T>) => Promise<T>;

/** The server answered that it did not process the request (429, 503): no need to look. */
const refused = (e: ScimError): boolean =>
  e.status !== undefined && isRetryable({ type: 'response', status: e.status }, false);

/**
 * A resend function bound to the client's retry policy, `sleep` and jitter source. A failure
 * that is not transient (errors.ts `isTransient`) is thrown at once; a transient one is checked
 * with `landed`, then resent after Retry-After or the backoff, within the policy's budget.
 */
export function resender(
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
  random?: () => number,
): Resend {
  return async <T>(write: Write<T>): Promise<T> => {
    let waited = 0;
    for (let round = 1; ; round++) {
      let error: ScimError;
      try {
        return await write.send();
      } catch (e) {
        if (!(e instanceof ScimError) || !isTransient(e.kind)) throw e;
        error = e;
      }
      if (write.landed && !refused(error)) {
        const outcome = await write.landed(error).catch(() => {
          throw error;
        });
        if (outcome !== undefined) return outcome;
      }
      if (round >= resendRounds(policy) || write.stop?.()) throw error;
      const delay = error.retryAfterMs ?? backoffDelay(policy, round, random);
      if (waited + delay > policy.budgetMs) throw error;
      waited += delay;
      if (delay > 0) await sleep(delay);
    }
  };
}
