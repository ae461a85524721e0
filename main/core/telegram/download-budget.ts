/**
 * Bytes of upload.getFile `limit`s in flight per data center, as Telegram
 * counts them: 2 MiB for an ordinary account, 16 MiB for a premium one (what
 * mtcute's media throttle and TDLib keep to; going over earns
 * FLOOD_PREMIUM_WAIT_X). A request waits for room in FIFO order.
 *
 * Gentle start: after connecting, only a quarter of the budget is open; every
 * answered request opens its bytes again, so the window doubles per round trip
 * until it is full (TCP's slow start). When Telegram still says FLOOD_PREMIUM_WAIT
 * (its budget is smaller than we thought), what it accepted in flight becomes
 * that DC's ceiling for the session and the window starts again at half of it.
 */
const MIB = 1024 * 1024;
export const DOWNLOAD_BUDGET = 2 * MIB;
export const PREMIUM_DOWNLOAD_BUDGET = 16 * MIB;
const START_SHARE = 4;
const MIN_CEILING = 16 * 1024;

interface Waiter {
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface DcState {
  inFlight: number;
  window: number;
  /** Learned from a FLOOD_PREMIUM_WAIT: Telegram's budget on this DC is below ours. */
  ceiling: number;
  readonly waiters: Waiter[];
}

export class DownloadBudget {
  readonly #dcs = new Map<number, DcState>();
  #premium = false;

  get budget(): number {
    return this.#premium ? PREMIUM_DOWNLOAD_BUDGET : DOWNLOAD_BUDGET;
  }

  /** The logged-in user's `premium` flag, once known. */
  setPremium(premium: boolean): void {
    this.#premium = premium;
    for (const dc of this.#dcs.values()) {
      dc.window = Math.min(dc.window, this.#limit(dc));
      this.#grant(dc);
    }
  }

  /** Bytes allowed in flight on `dcId` right now (the slow-start window). */
  window(dcId: number): number {
    return this.#dc(dcId).window;
  }

  inFlight(dcId: number): number {
    return this.#dc(dcId).inFlight;
  }

  /** Waits until `bytes` fit on `dcId`; the caller must `release` them when the answer (or failure) arrives. */
  acquire(dcId: number, bytes: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const dc = this.#dc(dcId);
    if (dc.waiters.length === 0 && this.#fits(dc, bytes)) {
      dc.inFlight += bytes;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        bytes,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = dc.waiters.indexOf(waiter);
          if (i >= 0) dc.waiters.splice(i, 1);
          reject(signal!.reason);
          this.#grant(dc);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      dc.waiters.push(waiter);
    });
  }

  /** Gives the bytes back; an answered request also widens the window by as much (`answered`). */
  release(dcId: number, bytes: number, answered: boolean): void {
    const dc = this.#dc(dcId);
    dc.inFlight = Math.max(0, dc.inFlight - bytes);
    if (answered) dc.window = Math.min(this.#limit(dc), dc.window + bytes);
    this.#grant(dc);
  }

  /**
   * Telegram refused a request of `refusedBytes` on this DC as over budget
   * (FLOOD_PREMIUM_WAIT; the request is still counted in flight): the rest in
   * flight is what it accepted, so that becomes the ceiling; start at half of it.
   */
  overBudget(dcId: number, refusedBytes: number): void {
    const dc = this.#dc(dcId);
    dc.ceiling = Math.min(this.#limit(dc), Math.max(MIN_CEILING, dc.inFlight - refusedBytes));
    dc.window = Math.max(MIN_CEILING, dc.ceiling / 2);
  }

  /** Back online after a drop: every DC starts gently again (the learned ceilings stay). */
  reconnected(): void {
    for (const dc of this.#dcs.values()) dc.window = Math.min(dc.window, this.#limit(dc) / START_SHARE);
  }

  #limit(dc: DcState): number {
    return Math.min(this.budget, dc.ceiling);
  }

  // A request larger than the whole window still goes alone, or it would never go.
  #fits(dc: DcState, bytes: number): boolean {
    return dc.inFlight + bytes <= dc.window || dc.inFlight === 0;
  }

  #grant(dc: DcState): void {
    while (dc.waiters.length > 0 && this.#fits(dc, dc.waiters[0]!.bytes)) {
      const waiter = dc.waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      dc.inFlight += waiter.bytes;
      waiter.resolve();
    }
  }

  #dc(dcId: number): DcState {
    let dc = this.#dcs.get(dcId);
    if (!dc) {
      dc = { inFlight: 0, window: this.budget / START_SHARE, ceiling: Number.POSITIVE_INFINITY, waiters: [] };
      this.#dcs.set(dcId, dc);
    }
    return dc;
  }
}
