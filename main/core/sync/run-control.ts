/**
 * The knobs a running sync is steered by: pause (no new requests start; those
 * in flight finish), resume, cancel (an AbortSignal every wait and request
 * honours), and the FLOOD_WAIT display. Requests pass `gate()` before they go.
 */
import { FloodWaitError, SessionRevokedError, TelegramRpcError, type TelegramCaller } from '../telegram/caller.js';
import type { Api } from 'telegram';

export class RunCancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('The sync was cancelled.');
  }
}

/** A request got no answer in time (e.g. lost with a dropped connection: GramJS may never settle it). */
export class RequestTimeoutError extends Error {
  readonly code = 'REQUEST_TIMEOUT';
  constructor(
    readonly method: string,
    readonly ms: number,
  ) {
    super(`${method} got no answer within ${Math.round(ms / 1000)} s.`);
  }
}

export interface RunCallOptions {
  readonly dcId?: number;
  /** Give up waiting for an answer after this long (the request is then retried by the caller's policy). */
  readonly timeoutMs?: number;
  /** Transient failures (timeouts, lost connections, Telegram's 5xx) retried here before giving up. Default 3. */
  readonly retries?: number;
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
   * One request through the gateway, with FLOOD_WAIT made visible: the wrapper
   * records the deadline and rejects (maxFloodWaitSeconds 0); we show it, wait
   * it out (cancellable) and try again. A flood wait is never a failure.
   */
  async call<R extends Api.AnyRequest>(caller: TelegramCaller, request: R, options: RunCallOptions = {}): Promise<R['__response']> {
    const method = (request as { className?: string }).className ?? 'unknown';
    let failures = 0;
    for (;;) {
      await this.gate();
      const timeout = options.timeoutMs ? AbortSignal.timeout(Math.ceil(options.timeoutMs)) : null;
      const signal = timeout ? AbortSignal.any([this.signal, timeout]) : this.signal;
      try {
        return await caller.call(request, { ...(options.dcId !== undefined ? { dcId: options.dcId } : {}), signal, maxFloodWaitSeconds: 0 });
      } catch (caught) {
        if (this.cancelled) throw new RunCancelledError();
        const error = timeout?.aborted ? new RequestTimeoutError(method, options.timeoutMs!) : caught;
        if (error instanceof FloodWaitError) {
          this.#noteFlood(error);
          await sleep(Math.max(0, error.until - Date.now()) + 50, this.signal);
          continue;
        }
        if (isTransient(error) && failures++ < (options.retries ?? 3)) {
          await sleep(Math.min(4000, 250 * 2 ** failures), this.signal);
          continue;
        }
        throw error;
      }
    }
  }

  #noteFlood(error: FloodWaitError): void {
    const known = this.#floods.get(error.method);
    if (known !== undefined && known >= error.until) return;
    if (known === undefined || known <= Date.now()) {
      this.floodWaits++;
      this.floodWaitSeconds += error.seconds;
    }
    this.#floods.set(error.method, error.until);
    this.onChange();
  }
}

/** Worth the same request again: no answer in time, a lost connection, Telegram's internal errors. */
export function isTransient(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (error instanceof TelegramRpcError) return error.errorCode === -1 || error.errorCode >= 500 || error.errorCode === -503 || /TIMEOUT/.test(error.errorMessage);
  if (error instanceof RunCancelledError || error instanceof SessionRevokedError) return false;
  const message = error instanceof Error ? error.message : '';
  return /disconnected|not connected|connection|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|Request was unsuccessful/i.test(message);
}

function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
