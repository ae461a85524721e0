/**
 * The one request wrapper everything that talks to Telegram goes through
 * (TelegramCaller.call). GramJS runs with floodSleepThreshold 0, so every
 * FLOOD_WAIT reaches us: we persist its deadline per method, sit out short ones
 * and reject long ones with FloodWaitError; we retry transient failures with
 * jittered backoff, stop on AbortSignal, turn dead sessions into
 * SessionRevokedError and count requests per method.
 */
import type { Api } from 'telegram';
import { FloodWaitError, SessionRevokedError, TelegramRpcError, type CallOptions, type TelegramCaller } from './caller.js';
import { classifyError } from './errors.js';
import type { FloodStore } from './flood-store.js';
import { floodSlack, requestJitter, retryDelay, type Random } from './jitter.js';

/** Sends one request on the account's connection (dcId undefined: the home DC). */
export type RequestSender = (request: Api.AnyRequest, dcId: number | undefined) => Promise<unknown>;

export interface CallTiming {
  /** Random delay before each request, up to this many ms. */
  readonly requestJitterMs: number;
  /** Extra ms after a flood deadline, given the wait in seconds. */
  readonly floodSlackMs: (seconds: number) => number;
  /** Attempts after the first for transient failures. */
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  /** Flood waits sat out within one call before giving up (guards against a server that always says wait). */
  readonly maxFloodWaitsPerCall: number;
  readonly random: Random;
}

export const DEFAULT_TIMING: CallTiming = {
  requestJitterMs: 15,
  floodSlackMs: (seconds) => floodSlack(seconds),
  maxRetries: 4,
  retryBaseMs: 1000,
  retryCapMs: 15_000,
  maxFloodWaitsPerCall: 5,
  random: Math.random,
};

export const DEFAULT_MAX_FLOOD_WAIT_SECONDS = 60;

export interface CallWrapperHooks {
  /** A flood wait was recorded (or is being sat out) for `method` until `until`. */
  onFloodWait?(method: string, until: number, seconds: number): void;
  /** A request succeeded (e.g. to clear a "waiting" display). */
  onSuccess?(method: string): void;
  /** Telegram said the session is dead. Called once per detection; the wrapper then rejects. */
  onRevoked?(errorMessage: string): void;
}

export interface CallWrapperOptions {
  readonly accountId: number;
  readonly homeDcId: () => number;
  readonly send: RequestSender;
  readonly floods: FloodStore;
  readonly now: () => number;
  readonly timing?: Partial<CallTiming>;
  readonly hooks?: CallWrapperHooks;
  /** True once the session is known to be dead: calls reject at once. */
  readonly isRevoked?: () => boolean;
}

/** GramJS names requests like 'photos.GetUserPhotos'; that is our method key. */
export function methodName(request: Api.AnyRequest): string {
  return (request as { className?: string }).className ?? 'unknown';
}

export class CallWrapper implements TelegramCaller {
  readonly accountId: number;
  readonly #o: CallWrapperOptions;
  readonly #timing: CallTiming;
  readonly #counts = new Map<string, number>();

  constructor(options: CallWrapperOptions) {
    this.accountId = options.accountId;
    this.#o = options;
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  get homeDcId(): number {
    return this.#o.homeDcId();
  }

  requestCounts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#counts);
  }

  async call<R extends Api.AnyRequest>(request: R, options: CallOptions = {}): Promise<R['__response']> {
    const method = methodName(request);
    const { signal } = options;
    const maxWaitMs = (options.maxFloodWaitSeconds ?? DEFAULT_MAX_FLOOD_WAIT_SECONDS) * 1000;
    const dcId = options.dcId !== undefined && options.dcId !== this.homeDcId ? options.dcId : undefined;
    let transientFailures = 0;
    let floodWaits = 0;

    for (;;) {
      signal?.throwIfAborted();
      if (this.#o.isRevoked?.()) throw new SessionRevokedError(this.accountId);

      const deadline = this.#o.floods.get(this.accountId, method, this.#o.now());
      if (deadline) {
        const waitMs = deadline.until - this.#o.now();
        if (waitMs > maxWaitMs) throw new FloodWaitError(method, Math.ceil(waitMs / 1000), deadline.until);
        this.#o.hooks?.onFloodWait?.(method, deadline.until, deadline.seconds);
        await sleep(waitMs + this.#timing.floodSlackMs(deadline.seconds), signal);
        continue;
      }

      await sleep(requestJitter(this.#timing.requestJitterMs, this.#timing.random), signal);
      signal?.throwIfAborted();
      this.#counts.set(method, (this.#counts.get(method) ?? 0) + 1);
      try {
        const result = await abortable(this.#o.send(request, dcId), signal);
        this.#o.hooks?.onSuccess?.(method);
        return result as R['__response'];
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const c = classifyError(error);
        switch (c.kind) {
          case 'flood': {
            const until = this.#o.now() + c.seconds * 1000;
            this.#o.floods.set(this.accountId, { method, until, seconds: c.seconds });
            this.#o.hooks?.onFloodWait?.(method, until, c.seconds);
            if (++floodWaits > this.#timing.maxFloodWaitsPerCall) throw new FloodWaitError(method, c.seconds, until);
            continue; // the deadline check above decides: sit it out or reject
          }
          case 'revoked':
            this.#o.hooks?.onRevoked?.(c.errorMessage);
            throw new SessionRevokedError(this.accountId);
          case 'transient':
            if (transientFailures++ >= this.#timing.maxRetries) throw new TelegramRpcError(method, -1, c.reason);
            await sleep(retryDelay(transientFailures, this.#timing.retryBaseMs, this.#timing.retryCapMs, this.#timing.random), signal);
            continue;
          case 'rpc':
            throw new TelegramRpcError(method, c.code, c.errorMessage);
          case 'other':
            throw error;
        }
      }
    }
  }
}

/** setTimeout that stops early (rejecting with the signal's reason) when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Stops waiting for `promise` when the signal fires. GramJS cannot take a
 * request back once sent; its answer, when it comes, is dropped.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
