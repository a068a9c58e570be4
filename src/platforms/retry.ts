import type { Logger } from '../logger';

/** What to do about a failed platform call: give up, or try again after `waitMs` (first running `before`). */
export type RetryDecision = { retry: false } | { retry: true; waitMs: number; before?: () => unknown };

export const GIVE_UP: RetryDecision = { retry: false };

/** A short wait for a quick in-call retry: the platform's hint, else doubling from 600 ms, at most 5 s. */
export function quickBackoffMs(attempt: number, hintMs?: number): number {
  return Math.min(hintMs ?? 300 * 2 ** attempt, 5_000);
}

/**
 * Runs `request` up to `attempts` times, asking `decide` after each failure.
 * The outbox retries again later, with longer waits, on top of this.
 */
export async function withRetries<T>(
  request: () => Promise<T>,
  decide: (error: unknown, attempt: number) => RetryDecision,
  options: { attempts: number; sleep: (ms: number) => Promise<unknown>; log: Logger; what: string },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const decision = attempt < options.attempts ? decide(error, attempt) : GIVE_UP;
      if (!decision.retry) throw error;
      await decision.before?.();
      options.log.warn('platform call retried', { what: options.what, error: String((error as Error).message ?? error), attempt, wait: decision.waitMs });
      if (decision.waitMs > 0) await options.sleep(decision.waitMs);
    }
  }
}
