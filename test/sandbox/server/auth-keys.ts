/**
 * Auth keys and their sessions. Everything Telegram remembers per key lives
 * here (salt, layer, initConnection, who it is logged in as on which DC), so it
 * survives reconnects and new sessions; per-session state is only what MTProto
 * needs to answer service messages.
 */
import { randomBytes } from 'node:crypto';
import { authKeyIdOf } from './crypto/message-crypto.js';
import type { Connection } from './connection.js';

export interface InitConnectionInfo {
  readonly apiId: number;
  readonly deviceModel: string;
  readonly systemVersion: string;
  readonly appVersion: string;
  readonly langCode: string;
}

/** msgs_state_info status bits (core.telegram.org/mtproto/service_messages_about_messages). */
export const MsgState = {
  UNKNOWN: 1,
  RECEIVED: 4,
  PROCESSING: 4 | 32,
  ANSWERED: 4 | 32 | 64,
} as const;

interface PendingRpc {
  dropped: boolean;
  readonly done: Promise<void>;
  finish(): void;
}

const MAX_SESSIONS_PER_KEY = 256;

/** Most msg_ids a session remembers for msgs_state_req and duplicate detection. */
const REMEMBERED_MSG_IDS = 2048;

export class SessionState {
  /** Content-related messages sent so far (seq_no = 2n+1 for those, 2n otherwise). */
  private contentSent = 0;
  /** The connection the client last used for this session; answers go there. */
  connection: Connection | null = null;
  private readonly states = new Map<bigint, number>();
  private readonly pending = new Map<bigint, PendingRpc>();

  constructor(
    readonly id: bigint,
    readonly key: AuthKeyState,
  ) {}

  nextSeqNo(contentRelated: boolean): number {
    return contentRelated ? this.contentSent++ * 2 + 1 : this.contentSent * 2;
  }

  /** Records a received msg_id; false when it was seen before. */
  remember(msgId: bigint, state: number): boolean {
    if (this.states.has(msgId)) return false;
    this.states.set(msgId, state);
    if (this.states.size > REMEMBERED_MSG_IDS) {
      const oldest = this.states.keys().next();
      if (!oldest.done) this.states.delete(oldest.value);
    }
    return true;
  }

  stateOf(msgId: bigint): number {
    return this.states.get(msgId) ?? MsgState.UNKNOWN;
  }

  startRpc(msgId: bigint): void {
    let finish = (): void => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.pending.set(msgId, { dropped: false, done, finish });
    this.states.set(msgId, MsgState.PROCESSING);
  }

  /** Marks the RPC answered; returns false when the client dropped the answer meanwhile. */
  finishRpc(msgId: bigint): boolean {
    const rpc = this.pending.get(msgId);
    this.pending.delete(msgId);
    if (this.states.has(msgId)) this.states.set(msgId, MsgState.ANSWERED);
    rpc?.finish();
    return !rpc?.dropped;
  }

  /** rpc_drop_answer: true when the call was still running (its answer is then suppressed). */
  dropAnswer(msgId: bigint): boolean {
    const rpc = this.pending.get(msgId);
    if (!rpc) return false;
    rpc.dropped = true;
    return true;
  }

  /** For invokeAfterMsg: resolves when that message's RPC (if still running) completes. */
  whenDone(msgId: bigint): Promise<void> {
    return this.pending.get(msgId)?.done ?? Promise.resolve();
  }
}

export class AuthKeyState {
  readonly id: Buffer;
  readonly idHex: string;
  /** Salts belong to the key: all its connections and sessions share it. */
  salt: Buffer;
  layer: number | undefined;
  initConnection: InitConnectionInfo | undefined;
  /** DC id -> user this key is logged in as there. */
  readonly users = new Map<number, number>();
  /** Set by revokeSessions: every call answers 401 AUTH_KEY_UNREGISTERED. */
  revoked = false;
  /** A user whose code (or QR) was accepted but who still owes the 2FA password. */
  passwordPending: { userId: number; dcId: number } | undefined;
  readonly sessions = new Map<bigint, SessionState>();

  constructor(
    readonly key: Buffer,
    /** 'dh' keys came from a key exchange on `homeDc`; 'preshared' ones from options. */
    readonly origin: 'dh' | 'preshared',
    readonly homeDc: number,
    salt?: Buffer,
  ) {
    this.id = Buffer.from(authKeyIdOf(key));
    this.idHex = this.id.toString('hex');
    this.salt = salt ?? randomBytes(8);
  }

  userOn(dcId: number): number | null {
    return this.revoked ? null : (this.users.get(dcId) ?? null);
  }

  session(id: bigint): SessionState | undefined {
    return this.sessions.get(id);
  }

  createSession(id: bigint): SessionState {
    // GramJS opens a new session on every reconnect and download connection: forget
    // the oldest sessions that no longer have a live connection, or a long benchmark leaks.
    if (this.sessions.size >= MAX_SESSIONS_PER_KEY) {
      for (const [oldId, old] of this.sessions) {
        if (!old.connection || old.connection.closed) this.sessions.delete(oldId);
        if (this.sessions.size < MAX_SESSIONS_PER_KEY / 2) break;
      }
    }
    const session = new SessionState(id, this);
    this.sessions.set(id, session);
    return session;
  }
}

export class AuthKeyStore {
  private readonly keys = new Map<string, AuthKeyState>();

  get(idHex: string): AuthKeyState | undefined {
    return this.keys.get(idHex);
  }

  delete(idHex: string): boolean {
    return this.keys.delete(idHex);
  }

  has(idHex: string): boolean {
    return this.keys.has(idHex);
  }

  add(state: AuthKeyState): AuthKeyState {
    this.keys.set(state.idHex, state);
    return state;
  }

  all(): IterableIterator<AuthKeyState> {
    return this.keys.values();
  }
}
