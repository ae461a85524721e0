/**
 * The seam between the sandbox's MTProto protocol server (test/sandbox/server/**)
 * and the simulated Telegram behind it (world, RPC handlers, control: the rest of
 * test/sandbox). The protocol side owns transport, crypto, auth keys, sessions,
 * service messages and the auth.* login flows; everything else plugs in here.
 */
import type { Api } from 'telegram';
import type { SaltOptions } from './salts.js';

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** The data center whose port received the call. */
  readonly dcId: number;
  /** Hex of the 8-byte auth_key_id the call was encrypted with. */
  readonly authKeyId: string;
  /** The user this auth key is logged in as on this DC, or null before login. */
  readonly userId: number | null;
  /** The request's GramJS className with its namespace, e.g. 'photos.GetUserPhotos'. */
  readonly method: string;
  /** Which TCP connection it came on (for metrics and drop tests). */
  readonly connectionId: number;
  /**
   * Settles once the answer has been written for the client, after the DC's latency and
   * behind its bandwidth limit (or was dropped with its connection): what the client can
   * know of, and the time a request holds, are counted from the wire, not from when the
   * handler returned.
   */
  readonly answered: Promise<void>;
}

/** Thrown (or rejected) by a handler to answer rpc_error{code, message}. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code}: ${errorMessage}`);
    this.name = 'RpcError';
  }
}

/** The TL object a handler answers with (a GramJS Api instance, or an array for Vector<T>). */
export type RpcResult = Api.AnyRequest['__response'] | object | object[];

export type RpcHandler = (request: Api.AnyRequest, ctx: CallContext) => Promise<unknown> | unknown;

/**
 * Wraps every RPC (after unwrapping invokeWithLayer/initConnection/etc.), including
 * auth.* calls. Used for metrics, injected errors, rate limits and latency.
 */
export type RpcMiddleware = (ctx: CallContext, request: Api.AnyRequest, next: () => Promise<unknown>) => Promise<unknown>;

/** A person who can log in, as the protocol server needs to know them. */
export interface LoginAccount {
  readonly userId: number;
  readonly phone: string; // digits with a leading '+', as in the world file
  readonly dc: number; // home DC: auth.sendCode elsewhere answers PHONE_MIGRATE_X
  readonly loginCode: string;
  readonly password?: string; // 2FA password, if any
}

/** What the protocol server asks of the world. Implemented by the world side. */
export interface AccountDirectory {
  findByPhone(phone: string): LoginAccount | undefined;
  /** The `user` object with self:true, for auth.authorization and users.getUsers([inputUserSelf]). */
  selfUser(userId: number): Api.User;
  /**
   * Optional: the account of a user id (QR login needs the home DC). Without it the
   * server looks the account up by selfUser(userId).phone.
   */
  findByUserId?(userId: number): LoginAccount | undefined;
}

export interface DcConditions {
  /** Added before each RPC result is sent (never before pongs or service messages). */
  readonly latencyMs?: number;
  /** Outgoing bytes per second on each connection to this DC; unlimited when absent. */
  readonly bytesPerSecond?: number;
}

export interface MtprotoServerOptions {
  /** DC ids to listen for, each on its own 127.0.0.1 port (0 = pick a free port). */
  readonly dcs: readonly { id: number; port?: number }[];
  readonly handlers: ReadonlyMap<string, RpcHandler>;
  readonly middleware?: readonly RpcMiddleware[];
  readonly accounts: AccountDirectory;
  /** Auth keys that start logged in (256 bytes each), registered on every listed DC's home. */
  readonly preSharedKeys?: readonly { dcId: number; key: Buffer; userId: number }[];
  /** How long a login code from auth.sendCode stays valid (default 5 minutes). */
  readonly loginCodeTtlMs?: number;
  /** Lifetime of QR login tokens in seconds (default 30, as Telegram). */
  readonly loginTokenTtlSeconds?: number;
  /** Salt rotation (hourly by default; tests compress it). */
  readonly salts?: SaltOptions;
  /** Initial per-DC conditions (same as calling setConditions after start). */
  readonly conditions?: ReadonlyMap<number, DcConditions>;
  /** Where protocol problems and handler crashes are reported (default: console.warn). */
  readonly log?: (line: string) => void;
}

export interface MtprotoServer {
  /** DC id -> listening port on 127.0.0.1. */
  readonly ports: ReadonlyMap<number, number>;
  /** The RSA public key clients must know (PEM, PKCS#1) and its Telegram fingerprint (signed int64 as decimal). */
  readonly rsa: { readonly publicKeyPem: string; readonly fingerprint: string };
  setConditions(dcId: number, conditions: DcConditions): void;
  /** Closes every client connection (all DCs, or one), as a network drop would. */
  dropConnections(dcId?: number): number;
  /** Pending QR login tokens (base64url), newest first, for approval by tests and the control API. */
  pendingLoginTokens(): readonly string[];
  /** Approves a QR token as `userId`: pushes updateLoginToken; the next exportLoginToken succeeds. */
  approveLoginToken(token: string, userId: number): void;
  /** Revokes every auth key bound to `userId` (later calls answer 401 AUTH_KEY_UNREGISTERED). */
  revokeSessions(userId: number): number;
  /**
   * Revokes only the keys made on `dcId` by a key exchange and authorized there as `userId`
   * (a client's media-DC keys): they answer 401 AUTH_KEY_UNREGISTERED, other keys stay valid.
   */
  revokeDcKeys(userId: number, dcId: number): number;
  /** Like revokeDcKeys, but the server forgets those keys: messages with them get transport error -404. */
  forgetDcKeys(userId: number, dcId: number): number;
  /** Makes pending login codes (all, or one phone's) expire now; returns how many. */
  expireLoginCodes(phone?: string): number;
  /** Live connections and known auth keys, for tests and the control API. */
  stats(): { readonly connections: number; readonly authKeys: number };
  close(): Promise<void>;
}
