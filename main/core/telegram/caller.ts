/**
 * The seam between the Telegram gateway (login, sessions, connections; built in
 * main/core/telegram) and everything that talks to Telegram on an account's
 * behalf (the sync engine, target lookup). Every request goes through one
 * pipeline (call-wrapper.ts) that honours FLOOD_WAIT (deadline persisted per
 * method), paces, keeps the download budget, retries transient failures under
 * one budget, stops on AbortSignal and counts per method.
 */
import type { Api } from 'telegram';

export interface CallOptions {
  /** Send on this data center's connection (downloads: the photo's dc_id). Default: the account's home DC. */
  readonly dcId?: number;
  readonly signal?: AbortSignal;
  /**
   * Longest FLOOD_WAIT to sit out inside the call; longer waits reject with
   * FloodWaitError so the caller can schedule around them. Default: 60 s.
   */
  readonly maxFloodWaitSeconds?: number;
  /**
   * One send gets no answer within this long: it counts as a transient failure
   * and is retried under the request's one retry budget (retry-policy.ts).
   */
  readonly timeoutMs?: number;
  /** Called when Telegram makes this call wait (to show it). */
  readonly onFloodWait?: (method: string, until: number, seconds: number) => void;
}

export interface TelegramCaller {
  /** The logged-in account's Telegram user id. */
  readonly accountId: number;
  readonly homeDcId: number;
  call<R extends Api.AnyRequest>(request: R, options?: CallOptions): Promise<R['__response']>;
  /** Requests sent so far, by method (e.g. 'upload.GetFile'), including retries. */
  requestCounts(): Readonly<Record<string, number>>;
  /** The logged-in user's `premium` flag (a larger download budget per DC). */
  setPremium?(premium: boolean): void;
}

/** Telegram said "wait": nothing is wrong; the method may be called again at `until` (unix ms). */
export class FloodWaitError extends Error {
  readonly code = 'FLOOD_WAIT';
  constructor(
    readonly method: string,
    readonly seconds: number,
    readonly until: number,
  ) {
    super(`Telegram asked to wait ${seconds} s before calling ${method} again.`);
  }
}

/** The account's session no longer works (logged out elsewhere, revoked): it needs a new login. */
export class SessionRevokedError extends Error {
  readonly code = 'SESSION_REVOKED';
  constructor(readonly accountId: number) {
    super('This Telegram session was ended (logged out on another device or revoked). Log in again to continue.');
  }
}

/** A request got no answer in time (e.g. lost with a dropped connection: GramJS may never settle it), on every try. */
export class RequestTimeoutError extends Error {
  readonly code = 'REQUEST_TIMEOUT';
  constructor(
    readonly method: string,
    readonly ms: number,
  ) {
    super(`${method} got no answer within ${Math.round(ms / 1000)} s.`);
  }
}

/** Any other error Telegram answered with, e.g. FILE_REFERENCE_EXPIRED, USER_ID_INVALID. */
export class TelegramRpcError extends Error {
  readonly code = 'TELEGRAM_ERROR';
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(`${method} failed: ${errorCode} ${errorMessage}`);
  }
}
