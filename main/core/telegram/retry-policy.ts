/**
 * The one retry policy for transient failures (timeouts, lost connections,
 * Telegram's 5xx): every request gets one budget of sends, spent in one place
 * (the call wrapper), so nothing above it multiplies the count. GramJS itself
 * resends at most once more (requestRetries 2 in client-factory.ts: its login
 * path needs one resend after a DC switch), so one request costs at most
 * `MAX_SENDS_PER_REQUEST` sends on the wire.
 */
import { retryDelay, type Random } from './jitter.js';

export interface RetryPolicy {
  /** Sends of one request in total, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseMs: 1000, capMs: 15_000 };

/** GramJS's own resends per send (client-factory.ts requestRetries). */
export const GRAMJS_SENDS_PER_INVOKE = 2;

/** The most times one request (one file part, say) can reach Telegram, whatever Telegram answers. */
export const MAX_SENDS_PER_REQUEST = DEFAULT_RETRY_POLICY.attempts * GRAMJS_SENDS_PER_INVOKE;

/** The pause before the next send after `failures` transient failures, or null when the budget is spent. */
export function nextRetry(policy: RetryPolicy, failures: number, random: Random = Math.random): number | null {
  if (failures >= policy.attempts) return null;
  return retryDelay(failures, policy.baseMs, policy.capMs, random);
}
