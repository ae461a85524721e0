/**
 * Randomness in our timing, so that many requests released by the same event
 * (a flood deadline passing, a reconnect) do not hit Telegram in one burst.
 * `random` is injectable so tests can pin the bounds.
 */
export type Random = () => number;

/** A uniform delay in [0, maxMs]. */
export function requestJitter(maxMs: number, random: Random = Math.random): number {
  return maxMs <= 0 ? 0 : Math.floor(random() * (maxMs + 1));
}

/**
 * Extra time after a FLOOD_WAIT deadline: 0.5–1.5 s plus up to 10 % of the wait
 * (capped at 30 s). Telegram's deadline is a minimum; arriving exactly on it often
 * earns another wait.
 */
export function floodSlack(waitSeconds: number, random: Random = Math.random): number {
  const proportional = Math.min(30_000, waitSeconds * 100);
  return Math.round(500 + random() * (1000 + proportional));
}

/** Exponential backoff with full jitter for retries of transient failures: attempt 1 → [base/2, base], doubling, capped. */
export function retryDelay(attempt: number, baseMs: number, capMs: number, random: Random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
