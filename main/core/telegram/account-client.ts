/**
 * One account's GramJS client: connected lazily, kept connected while in use,
 * its connection state reported, its per-DC senders reused, and torn down
 * completely (GramJS's own destroy() leaves exported senders and their timers
 * behind).
 */
import type { Api, TelegramClient } from 'telegram';
import { UpdateConnectionState, type MTProtoSender } from 'telegram/network/index.js';
import type { DcKeysSession } from './dc-keys-session.js';
import { classifyError } from './errors.js';
import { APPLIED, fellBack, recordPatch } from './patch-status.js';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export class TelegramUnreachableError extends Error {
  readonly code = 'NETWORK';
  constructor() {
    super('Cannot reach Telegram. Check the internet connection and try again.');
  }
}

export class ClientClosedError extends Error {
  readonly code = 'CLIENT_CLOSED';
  constructor() {
    super('The Telegram connection was closed.');
  }
}

/**
 * An exported sender's DC answered transport error -404: it no longer knows the
 * auth key. GramJS drops the sender (and, through DcKeysSession, the key) but
 * leaves the requests sent on it waiting forever; we fail them with this, a
 * transient error (the message says "connection lost"), so they are retried on
 * a new sender with a new key.
 */
export class DcKeyUnknownError extends Error {
  readonly code = 'NETWORK';
  constructor(readonly dcId: number) {
    super(`DC ${dcId} connection lost: the server no longer knows the auth key`);
  }
}

/** The GramJS internals we rely on (present in telegram 2.26.x; see shared/docs/telegram-notes.md §5.4). */
interface GramInternals {
  _exportedSenderPromises: Map<number, Promise<MTProtoSender>>;
  _exportedSenderReleaseTimeouts: Map<number, ReturnType<typeof setTimeout>>;
  _errorHandler?: (error: Error) => Promise<void>;
  /** Exported senders call it (bound when created) when their DC answers -404. */
  _cleanupExportedSender: (dcId: number) => Promise<void>;
}

/**
 * The client's internals when they have the shape we rely on, else null (the
 * fallback is recorded and logged: destroy() then leaves exported senders to
 * GramJS, and our error handler goes through the public onError, which
 * swallows what it throws). onError is GramJS's setter for _errorHandler; we
 * set it once to see that it still lands there.
 */
function gramInternals(client: TelegramClient): GramInternals | null {
  const internals = client as unknown as Partial<GramInternals>;
  client.onError = async () => undefined;
  let problem: string | null = null;
  if (!(internals._exportedSenderPromises instanceof Map) || !(internals._exportedSenderReleaseTimeouts instanceof Map)) {
    problem = 'TelegramClient no longer keeps its exported senders in _exportedSenderPromises/_exportedSenderReleaseTimeouts Maps';
  } else if (typeof internals._errorHandler !== 'function') {
    problem = 'TelegramClient.onError no longer stores its handler in _errorHandler';
  } else if (typeof internals._cleanupExportedSender !== 'function') {
    problem = 'TelegramClient no longer has _cleanupExportedSender';
  }
  recordPatch('client-internals', problem ? fellBack(problem) : APPLIED);
  return problem ? null : (internals as GramInternals);
}

export interface AccountClientHooks {
  onConnectionState?(state: ConnectionState): void;
  /** Any raw update other than connection state (the QR login listens for updateLoginToken). */
  onUpdate?(update: unknown): void;
}

export class AccountClient {
  readonly client: TelegramClient;
  #hooks: AccountClientHooks;
  #connecting: Promise<void> | null = null;
  #closed = false;
  #rejectOnClose = new Set<(error: Error) => void>();
  #state: ConnectionState | null = null;
  readonly #internals: GramInternals | null;
  /**
   * Requests in flight per exported sender (a reject each): a sender dropped by
   * resetDc is closed only once they settled, and those on a sender whose DC
   * forgot the key are failed at once.
   */
  readonly #inFlight = new Map<MTProtoSender, Set<(error: Error) => void>>();
  /** Senders dropped by resetDc that still had requests in flight. */
  readonly #retired = new Set<MTProtoSender>();

  constructor(client: TelegramClient, hooks: AccountClientHooks = {}) {
    this.client = client;
    this.#hooks = hooks;
    this.#internals = gramInternals(client);
    client.addEventHandler((update: unknown) => {
      if (update instanceof UpdateConnectionState) {
        this.#setState(update.state === UpdateConnectionState.connected ? 'online' : 'offline');
      } else {
        this.#hooks.onUpdate?.(update);
      }
    });
    const onGramError = (error: Error): Promise<void> => this.#onGramError(error);
    if (this.#internals) this.#internals._errorHandler = onGramError;
    else client.onError = onGramError;
    if (this.#internals) {
      const internals = this.#internals;
      const cleanup = internals._cleanupExportedSender.bind(client);
      // An own property: every exported sender binds it when created (telegramBaseClient _createExportedSender).
      internals._cleanupExportedSender = async (dcId) => {
        const broken = internals._exportedSenderPromises.get(dcId);
        await cleanup(dcId);
        const sender = await broken?.catch(() => null);
        if (sender) this.#failInFlight(sender, new DcKeyUnknownError(dcId));
      };
    }
  }

  /** Replaces the hooks (a login client becomes an account's client). */
  setHooks(hooks: AccountClientHooks): void {
    this.#hooks = hooks;
    if (this.#state) hooks.onConnectionState?.(this.#state);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Always a DcKeysSession: createTelegramClient takes nothing else. */
  get session(): DcKeysSession {
    return this.client.session as DcKeysSession;
  }

  get dcId(): number {
    return this.client.session.dcId;
  }

  /** The session string to keep (encrypted) for the next start. Never log it. */
  sessionString(): string {
    return this.session.save();
  }

  /** Connects once; later calls share the attempt. A failed attempt may be retried by calling again. */
  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new ClientClosedError());
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = null;
      throw error;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    if (this.client.connected) return;
    this.#setState('connecting');
    const ok = await this.#untilClosed(this.client.connect());
    if (!ok && !this.client.connected) {
      this.#setState('offline');
      throw new TelegramUnreachableError();
    }
    this.#setState('online');
  }

  /**
   * Sends on the home DC's main connection, or on GramJS's exported sender for
   * another DC (dcId). GramJS keeps one exported sender per DC (a promise per DC
   * in _exportedSenderPromises, reused until 30 s idle) and multiplexes any
   * number of requests over it, so concurrent downloads share one connection.
   */
  async invoke<R extends Api.AnyRequest>(request: R, dcId?: number): Promise<R['__response']> {
    await this.connect();
    if (dcId === undefined || !this.#internals) return this.#untilClosed(this.client.invoke(request, dcId));
    // What GramJS's invoke(request, dcId) does, with the sender known to us (see resetDc).
    const sender = await this.#untilClosed(this.client.getSender(dcId));
    let inFlight = this.#inFlight.get(sender);
    if (!inFlight) this.#inFlight.set(sender, (inFlight = new Set()));
    try {
      return await this.#untilClosed(rejectable(this.client.invokeWithSender(request, sender), inFlight));
    } finally {
      if (inFlight.size === 0 && this.#inFlight.get(sender) === inFlight) {
        this.#inFlight.delete(sender);
        if (this.#retired.delete(sender)) void sender.disconnect().catch(() => undefined);
      }
    }
  }

  /** Rejects every request waiting on `sender` (it will never answer them). */
  #failInFlight(sender: MTProtoSender, error: Error): void {
    const inFlight = this.#inFlight.get(sender);
    this.#inFlight.delete(sender);
    this.#retired.delete(sender); // GramJS disconnected it
    for (const reject of inFlight ?? []) reject(error);
    inFlight?.clear();
  }

  /**
   * Another DC refused its auth key: forgets the key (the session) and GramJS's
   * exported sender for the DC, so the next request there makes a new key and
   * imports the authorization again. Like GramJS's _cleanupExportedSender, but
   * the sender leaves the Map at once (GramJS awaits first, so requests sent
   * meanwhile would still get the refused key), and it is closed only after
   * its requests in flight settled (a disconnect leaves GramJS's pending
   * requests unanswered forever).
   */
  async resetDc(dcId: number): Promise<void> {
    this.session.forget(dcId);
    const internals = this.#internals;
    if (!internals || dcId === this.dcId) return;
    const timer = internals._exportedSenderReleaseTimeouts.get(dcId);
    if (timer) clearTimeout(timer);
    internals._exportedSenderReleaseTimeouts.delete(dcId);
    const old = internals._exportedSenderPromises.get(dcId);
    internals._exportedSenderPromises.delete(dcId);
    const sender = await old?.catch(() => null);
    if (!sender) return;
    if (this.#inFlight.has(sender)) this.#retired.add(sender);
    else await sender.disconnect().catch(() => undefined);
  }

  /** Disconnects everything and stops GramJS's loops. Idempotent. */
  async destroy(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const reject of this.#rejectOnClose) reject(new ClientClosedError());
    this.#rejectOnClose.clear();
    const internals = this.#internals;
    // GramJS iterates these Maps with Object.values() (always empty), so it never
    // disconnects exported senders nor clears their 30 s release timers itself.
    for (const timer of internals?._exportedSenderReleaseTimeouts.values() ?? []) clearTimeout(timer);
    internals?._exportedSenderReleaseTimeouts.clear();
    const exported = [...(internals?._exportedSenderPromises.values() ?? []), ...[...this.#retired].map((sender) => Promise.resolve(sender))];
    internals?._exportedSenderPromises.clear();
    this.#retired.clear();
    await this.client.destroy().catch(() => undefined);
    await Promise.all(
      exported.map((promise) => withTimeout(promise.then((sender) => sender.disconnect()), 2000).catch(() => undefined)),
    );
    this.#setState('offline');
  }

  /**
   * GramJS awaits this in its retry loops (connecting, exporting an
   * authorization to another DC) and otherwise retries forever. After destroy we
   * park those loops on a promise that never settles: no timer, no socket, no
   * unhandled rejection. A dead session ends the per-DC export loop by throwing.
   */
  async #onGramError(error: Error): Promise<void> {
    if (this.#closed) return new Promise<void>(() => undefined);
    if (classifyError(error).kind === 'revoked') throw error;
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#hooks.onConnectionState?.(state);
  }

  /** Waits for `promise`, but rejects at once if the client is destroyed meanwhile. */
  #untilClosed<T>(promise: Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new ClientClosedError());
    return rejectable(promise, this.#rejectOnClose);
  }
}

/** `promise`, which can also be rejected early through its entry in `rejects` (present while it is pending). */
function rejectable<T>(promise: Promise<T>, rejects: Set<(error: Error) => void>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    rejects.add(reject);
    promise.then(
      (value) => {
        rejects.delete(reject);
        resolve(value);
      },
      (error: unknown) => {
        rejects.delete(reject);
        reject(error);
      },
    );
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
