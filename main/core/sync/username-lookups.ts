/**
 * Telegram allows an account only a small number of contacts.resolveUsername
 * calls a day (about 200 by community reports; Telegram publishes no figure),
 * so we count ours per account over a rolling day and say how many are left,
 * and the targets service asks only for people it does not know yet. The
 * count lives in memory: after a restart it starts from zero, an estimate that
 * errs on the generous side, which Telegram's FLOOD_WAIT then corrects.
 */
export const USERNAME_LOOKUPS_PER_DAY = 200;
const DAY_MS = 24 * 3600 * 1000;

export class UsernameLookups {
  readonly #spent = new Map<number, number[]>();

  constructor(private readonly perDay = USERNAME_LOOKUPS_PER_DAY) {}

  spend(accountId: number, now: number): void {
    this.#recent(accountId, now).push(now);
  }

  remaining(accountId: number, now: number): number {
    return Math.max(0, this.perDay - this.#recent(accountId, now).length);
  }

  #recent(accountId: number, now: number): number[] {
    const kept = (this.#spent.get(accountId) ?? []).filter((t) => now - t < DAY_MS);
    this.#spent.set(accountId, kept);
    return kept;
  }
}
