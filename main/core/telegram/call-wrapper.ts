/**
 * The one request pipeline everything that talks to Telegram goes through
 * (TelegramCaller.call), one concern per stage, each its own module:
 *  1. flood deadlines (flood-store.ts): GramJS runs with floodSleepThreshold 0,
 *     so every FLOOD_WAIT reaches us; we persist its deadline per method (per
 *     method and DC for downloads), sit out waits up to the caller's limit and
 *     come back after a random slack (jitter.ts), so queued requests do not all
 *     fire on the deadline;
 *  2. pacing (method-pacer.ts): per-method token buckets under Telegram's limits;
 *  3. the download budget (download-budget.ts): bytes of getFile limits in
 *     flight per DC, 2 MiB or 16 MiB for premium, with a gentle start;
 *  4. one retry budget per request for transient failures, timeouts included
 *     (retry-policy.ts);
 *  5. errors classified once, here (errors.ts), into the seam's error classes.
 * It also stops on AbortSignal, reports dead sessions, counts per method, and
 * owns the policy for auth keys of other DCs (dc-keys-session.ts): a success
 * there confirms the DC's key (onSuccess gets the DC); a revoked-class answer
 * there may be a stale stored key rather than a dead session, so the DC is reset
 * once (resetDc) and the request retried within the same retry budget; only a
 * second such answer, or one from the home DC, ends the session.
 */
import { Api } from 'telegram';
import { FloodWaitError, RequestTimeoutError, SessionRevokedError, TelegramRpcError, type CallOptions, type TelegramCaller } from './caller.js';
import { DownloadBudget } from './download-budget.js';
import { classifyError } from './errors.js';
import type { FloodStore } from './flood-store.js';
import { floodSlack, requestJitter, type Random } from './jitter.js';
import { MethodPacer, TELEGRAM_PACES, type Pace } from './method-pacer.js';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from './retry-policy.js';

/** Sends one request on the account's connection (dcId undefined: the home DC). */
export type RequestSender = (request: Api.AnyRequest, dcId: number | undefined) => Promise<unknown>;

export interface CallTiming {
  /** Random delay before each request but a download (upload.getFile), up to this many ms. */
  readonly requestJitterMs: number;
  /** Extra ms after a flood deadline, given the wait in seconds. */
  readonly floodSlackMs: (seconds: number) => number;
  readonly retry: RetryPolicy;
  /** Flood waits sat out within one call before giving up (guards against a server that always says wait). */
  readonly maxFloodWaitsPerCall: number;
  /** Client-side paces per method (GramJS class name). */
  readonly paces: Readonly<Record<string, Pace>>;
  readonly random: Random;
}

export const DEFAULT_TIMING: CallTiming = {
  requestJitterMs: 15,
  floodSlackMs: (seconds) => floodSlack(seconds),
  retry: DEFAULT_RETRY_POLICY,
  maxFloodWaitsPerCall: 5,
  paces: TELEGRAM_PACES,
  random: Math.random,
};

export const DEFAULT_MAX_FLOOD_WAIT_SECONDS = 60;

export interface CallWrapperHooks {
  /** A flood wait was recorded (or is being sat out) for `method` until `until`. */
  onFloodWait?(method: string, until: number, seconds: number): void;
  /** A request succeeded (e.g. to clear a "waiting" display); dcId: the other DC it went to, undefined for the home DC. */
  onSuccess?(method: string, dcId: number | undefined): void;
  /**
   * Another DC refused its auth key (a revoked-class answer): forget that DC's
   * key and connection so the retry makes a new key and imports the
   * authorization again. Called once per failing key, however many requests
   * were in flight on it; the retries wait for it.
   */
  resetDc?(dcId: number): Promise<void> | void;
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
  readonly downloads = new DownloadBudget();
  readonly #o: CallWrapperOptions;
  readonly #timing: CallTiming;
  readonly #pacer: MethodPacer;
  readonly #counts = new Map<string, number>();
  /** Per other DC: bumped by each reset, so requests sent before a reset do not reset the new key. */
  readonly #dcEpochs = new Map<number, number>();
  readonly #dcResets = new Map<number, Promise<void>>();

  constructor(options: CallWrapperOptions) {
    this.accountId = options.accountId;
    this.#o = options;
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    this.#pacer = new MethodPacer(this.#timing.paces, options.now);
  }

  get homeDcId(): number {
    return this.#o.homeDcId();
  }

  requestCounts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#counts);
  }

  /** The logged-in user's `premium` flag: a premium account may keep 16 MiB of downloads in flight per DC. */
  setPremium(premium: boolean): void {
    this.downloads.setPremium(premium);
  }

  async call<R extends Api.AnyRequest>(request: R, options: CallOptions = {}): Promise<R['__response']> {
    const method = methodName(request);
    const { signal } = options;
    const maxWaitMs = (options.maxFloodWaitSeconds ?? DEFAULT_MAX_FLOOD_WAIT_SECONDS) * 1000;
    const dcId = options.dcId !== undefined && options.dcId !== this.homeDcId ? options.dcId : undefined;
    // Download floods (FLOOD_PREMIUM_WAIT) are about one DC's budget: the other DCs go on.
    const download = request instanceof Api.upload.GetFile ? { dc: dcId ?? this.homeDcId, bytes: request.limit } : null;
    const floodKey = download ? `${method}@${download.dc}` : method;
    let transientFailures = 0;
    let floodWaits = 0;
    let dcReset = false;

    for (;;) {
      signal?.throwIfAborted();
      if (this.#o.isRevoked?.()) throw new SessionRevokedError(this.accountId);

      const deadline = this.#o.floods.get(this.accountId, floodKey, this.#o.now());
      if (deadline) {
        const waitMs = deadline.until - this.#o.now();
        if (waitMs > maxWaitMs) throw new FloodWaitError(method, Math.ceil(waitMs / 1000), deadline.until);
        this.#o.hooks?.onFloodWait?.(method, deadline.until, deadline.seconds);
        options.onFloodWait?.(method, deadline.until, deadline.seconds);
        // Each waiter adds its own random slack: the queue comes back spread out, not in one burst.
        await sleep(waitMs + this.#timing.floodSlackMs(deadline.seconds), signal);
        continue;
      }

      // Downloads are spread by the budget's window (gentle start, each answer opening the next):
      // a random delay there only leaves budget idle while files wait.
      const jitter = download ? 0 : requestJitter(this.#timing.requestJitterMs, this.#timing.random);
      await sleep(this.#pacer.reserve(method) + jitter, signal);
      if (download) {
        await this.downloads.acquire(download.dc, download.bytes, signal);
        // granted as the run was being cancelled: the bytes were never sent
        if (signal?.aborted) this.downloads.release(download.dc, download.bytes, false);
      }
      signal?.throwIfAborted();
      this.#counts.set(method, (this.#counts.get(method) ?? 0) + 1);
      // setTimeout rather than AbortSignal.timeout: the clock stays injectable (fake timers in tests).
      const timeout = options.timeoutMs ? new AbortController() : null;
      const timer = timeout ? setTimeout(() => timeout.abort(), Math.ceil(options.timeoutMs!)) : undefined;
      let answered = false;
      let sent: Promise<unknown> | null = null;
      let pause = 0;
      let resetting: Promise<void> | null = null;
      const epoch = dcId === undefined ? 0 : (this.#dcEpochs.get(dcId) ?? 0);
      try {
        sent = this.#o.send(request, dcId);
        const result = await abortable(sent, signal, timeout?.signal ?? null);
        answered = true;
        this.#o.hooks?.onSuccess?.(method, dcId);
        return result as R['__response'];
      } catch (caught) {
        if (signal?.aborted) throw signal.reason;
        const error = timeout?.signal.aborted ? new RequestTimeoutError(method, options.timeoutMs!) : caught;
        const c = error instanceof RequestTimeoutError ? ({ kind: 'transient', reason: error.message } as const) : classifyError(error);
        // Telegram answered, but a flood wait is no reason to widen the download window.
        answered = c.kind !== 'transient' && c.kind !== 'flood';
        switch (c.kind) {
          case 'flood': {
            const until = this.#o.now() + Math.max(1, c.seconds) * 1000;
            this.#o.floods.set(this.accountId, { method: floodKey, until, seconds: c.seconds });
            if (download) this.downloads.overBudget(download.dc, download.bytes);
            else this.#pacer.drain(method, until);
            this.#o.hooks?.onFloodWait?.(method, until, c.seconds);
            options.onFloodWait?.(method, until, c.seconds);
            if (++floodWaits > this.#timing.maxFloodWaitsPerCall) throw new FloodWaitError(method, c.seconds, until);
            continue; // the deadline check above decides: sit it out or reject
          }
          case 'revoked':
            // Another DC: maybe only its stored key is stale, not the session. Reset the DC once;
            // retry if the retry budget allows, else fail this request only.
            if (dcId !== undefined && !dcReset && this.#o.hooks?.resetDc) {
              dcReset = true;
              resetting = this.#resetDc(dcId, epoch);
              if (nextRetry(this.#timing.retry, ++transientFailures, this.#timing.random) === null) {
                await resetting;
                throw new TelegramRpcError(method, 401, c.errorMessage);
              }
              break;
            }
            this.#o.hooks?.onRevoked?.(c.errorMessage);
            throw new SessionRevokedError(this.accountId);
          case 'transient': {
            const delay = nextRetry(this.#timing.retry, ++transientFailures, this.#timing.random);
            if (delay === null) throw error instanceof RequestTimeoutError ? error : new TelegramRpcError(method, -1, c.reason);
            pause = delay; // slept below, after the download bytes are given back
            break;
          }
          case 'rpc':
            throw new TelegramRpcError(method, c.code, c.errorMessage);
          case 'other':
            throw error;
        }
      } finally {
        clearTimeout(timer);
        if (download) {
          // A send we stopped waiting for may still be in flight at Telegram, counted against the
          // budget there: hold its bytes until its late answer, or one more timeout, whichever is first.
          if (sent && timeout?.signal.aborted) void lateRelease(sent, options.timeoutMs!).then(() => this.downloads.release(download.dc, download.bytes, false));
          else this.downloads.release(download.dc, download.bytes, answered);
        }
      }
      if (resetting) await resetting;
      await sleep(pause, signal);
    }
  }

  /** Resets `dcId` unless a reset already happened since `epoch` (the request was sent on the old key); resolves when done. */
  #resetDc(dcId: number, epoch: number): Promise<void> {
    if ((this.#dcEpochs.get(dcId) ?? 0) === epoch) {
      this.#dcEpochs.set(dcId, epoch + 1);
      const reset = this.#o.hooks!.resetDc!;
      // Started synchronously (requests sent from now on must not get the old sender); a throw becomes a rejection.
      const done = new Promise<void>((resolve) => resolve(reset(dcId)));
      this.#dcResets.set(dcId, done.catch(() => undefined)); // a failed reset still retries: the retry's own answer decides
    }
    return this.#dcResets.get(dcId) ?? Promise.resolve();
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
function lateRelease(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
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
 * Stops waiting for `promise` when the signal or the timeout fires. GramJS
 * cannot take a request back once sent; its answer, when it comes, is dropped.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, timeout: AbortSignal | null): Promise<T> {
  const stop = signal && timeout ? AbortSignal.any([signal, timeout]) : (signal ?? timeout);
  if (!stop) return promise;
  if (stop.aborted) return Promise.reject(stop.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stop.reason);
    stop.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        stop.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        stop.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
