/**
 * Client-side token buckets for the methods Telegram rate-limits per account,
 * set a little under what it allows (our estimates; the sandbox's limits model
 * in test/sandbox/README.md lists the figures and their sources), so a long run
 * spends its calls at a steady pace instead of earning FLOOD_WAIT. `reserve`
 * hands out start times in order: callers sleep until their slot.
 */
export interface Pace {
  /** Calls added per second. */
  readonly perSecond: number;
  /** Calls allowed at once after a quiet spell. */
  readonly burst: number;
}

/** Keyed by GramJS class name. Methods not listed are not paced. */
export const TELEGRAM_PACES: Readonly<Record<string, Pace>> = {
  'photos.GetUserPhotos': { perSecond: 8, burst: 20 },
  'users.GetUsers': { perSecond: 1.5, burst: 6 },
  'users.GetFullUser': { perSecond: 3, burst: 15 },
  'contacts.ResolveUsername': { perSecond: 0.15, burst: 3 },
  'contacts.ResolvePhone': { perSecond: 0.15, burst: 3 },
};

interface Bucket {
  /** Tokens at `at` (may be negative: reservations made ahead of time). */
  tokens: number;
  at: number;
}

export class MethodPacer {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly paces: Readonly<Record<string, Pace>> = TELEGRAM_PACES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a call slot for `method`; returns the ms to wait before sending (0: now). */
  reserve(method: string): number {
    const pace = this.paces[method];
    if (!pace) return 0;
    const now = this.now();
    let bucket = this.#buckets.get(method);
    if (!bucket) {
      bucket = { tokens: pace.burst, at: now };
      this.#buckets.set(method, bucket);
    }
    bucket.tokens = Math.min(pace.burst, bucket.tokens + ((now - bucket.at) / 1000) * pace.perSecond);
    bucket.at = now;
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens / pace.perSecond) * 1000);
  }

  /** Telegram said wait: the bucket starts empty after the deadline, so calls resume one by one. */
  drain(method: string, until: number): void {
    const pace = this.paces[method];
    if (pace) this.#buckets.set(method, { tokens: 0, at: until });
  }
}
