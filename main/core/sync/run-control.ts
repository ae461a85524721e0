/**
 * The knobs a running sync is steered by: pause (no new requests start; those
 * in flight finish), resume, cancel (an AbortSignal every wait and request
 * honours), and the FLOOD_WAIT display. Requests pass `gate()` before they go.
 */
import { FloodWaitError, type TelegramCaller } from '../telegram/caller.js';
import type { Api } from 'telegram';

export class RunCancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('The sync was cancelled.');
  }
}

export interface RunCallOptions {
  readonly dcId?: number;
  /** No answer to one send within this long counts as a transient failure (retried by the pipeline's one policy). */
  readonly timeoutMs?: number;
}

export interface FloodState {
  readonly method: string;
  readonly until: number;
}

export class RunControl {
  readonly #abort = new AbortController();
  #paused: { promise: Promise<void>; resolve: () => void } | null = null;
  readonly #floods = new Map<string, number>();
  floodWaits = 0;
  floodWaitSeconds = 0;
  onChange: () => void = () => undefined;

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get paused(): boolean {
    return this.#paused !== null;
  }

  get cancelled(): boolean {
    return this.#abort.signal.aborted;
  }

  pause(): void {
    if (this.#paused || this.cancelled) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#paused = { promise, resolve };
    this.onChange();
  }

  resume(): void {
    const paused = this.#paused;
    this.#paused = null;
    paused?.resolve();
    this.onChange();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.#abort.abort(new RunCancelledError());
    this.resume();
  }

  /** Waits while paused; throws once cancelled. */
  async gate(): Promise<void> {
    for (;;) {
      this.#abort.signal.throwIfAborted();
      const paused = this.#paused;
      if (!paused) return;
      await Promise.race([paused.promise, abortPromise(this.#abort.signal)]);
    }
  }

  /** The method Telegram currently makes us wait for the longest, if any. */
  currentFlood(now: number): FloodState | null {
    let best: FloodState | null = null;
    for (const [method, until] of this.#floods) {
      if (until <= now) this.#floods.delete(method);
      else if (!best || until > best.until) best = { method, until };
    }
    return best;
  }

  /**
   * One request through the gateway's pipeline, which sits out flood waits
   * (with jitter) and retries transient failures under its one budget; here a
   * flood wait is made visible, and a call that waited too often is simply
   * made again (a flood wait is never a failure).
   */
  async call<R extends Api.AnyRequest>(caller: TelegramCaller, request: R, options: RunCallOptions = {}): Promise<R['__response']> {
    for (;;) {
      await this.gate();
      try {
        return await caller.call(request, {
          ...(options.dcId !== undefined ? { dcId: options.dcId } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          signal: this.signal,
          maxFloodWaitSeconds: Number.POSITIVE_INFINITY,
          onFloodWait: (method, until, seconds) => this.#noteFlood(method, until, seconds),
        });
      } catch (error) {
        if (this.cancelled) throw new RunCancelledError();
        if (error instanceof FloodWaitError) continue;
        throw error;
      }
    }
  }

  #noteFlood(method: string, until: number, seconds: number): void {
    const known = this.#floods.get(method);
    if (known !== undefined && known >= until) return;
    if (known === undefined || known <= Date.now()) {
      this.floodWaits++;
      this.floodWaitSeconds += seconds;
    }
    this.#floods.set(method, until);
    this.onChange();
  }
}

function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
