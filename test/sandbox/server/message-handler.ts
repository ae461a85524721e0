/**
 * The MTProto layer between a connection and the RPC dispatcher: plain
 * messages go to the key exchange; encrypted ones are decrypted, checked
 * (msg_key, length, padding, msg_id, salt), tied to their session and split
 * into service messages (answered at once, never behind a handler) and RPCs
 * (run concurrently; results may go out of order).
 */
import { randomBytes } from 'node:crypto';
import { unzipSync } from 'node:zlib';
import { BinaryReader } from 'telegram/extensions/index.js';
import { MsgState, SessionState, type AuthKeyState, type AuthKeyStore } from './auth-keys.js';
import type { SaltSchedule } from './salts.js';
import type { Connection } from './connection.js';
import { decryptClientPayload, encryptServerPayload, paddingFor } from './crypto/message-crypto.js';
import type { ServerRsaKey } from './crypto/rsa.js';
import { handleKeyExchange, plainMessage, type Handshake } from './key-exchange.js';
import { msgIdSeconds, nextServerMsgId } from './msg-id.js';
import type { RpcDispatcher, TlRequest } from './rpc-dispatch.js';
import {
  ServiceIds,
  badMsgNotification,
  badServerSalt,
  destroySessionRes,
  futureSalts,
  msgsStateInfo,
  newSessionCreated,
  pong,
  rpcDropAnswerBody,
  rpcResult,
  rpcResultParts,
} from './service-messages.js';
import { TlReader } from './tl-reader.js';
import { TransportError } from './transport/framing.js';

/** Telegram rejects client msg_ids more than 300 s old or 30 s ahead (codes 16/17). */
const MSG_ID_PAST_SECONDS = 300;
const MSG_ID_FUTURE_SECONDS = 30;
/** Transport error sent for an auth_key_id the server does not know. */
const TRANSPORT_UNKNOWN_KEY = -404;

export interface SendOptions {
  /** A reply to a client message (msg_id ≡ 1 mod 4) rather than a push (≡ 3). */
  readonly response: boolean;
  /** Content-related messages take odd seq_nos. */
  readonly contentRelated: boolean;
  /** Bypass bandwidth throttling. */
  readonly exempt: boolean;
}

const SERVICE: SendOptions = { response: true, contentRelated: false, exempt: true };
const SERVICE_CONTENT: SendOptions = { response: true, contentRelated: true, exempt: true };
const RESULT: SendOptions = { response: true, contentRelated: true, exempt: false };
const PUSH: SendOptions = { response: false, contentRelated: true, exempt: false };

export interface MessageHandlerDeps {
  readonly keys: AuthKeyStore;
  readonly rsa: ServerRsaKey;
  readonly dispatcher: RpcDispatcher;
  readonly salts: SaltSchedule;
  latencyMs(dcId: number): number;
  log(line: string): void;
}

export class MessageHandler {
  constructor(private readonly deps: MessageHandlerDeps) {}

  /** Entry point for every transport payload of a connection (synchronous). */
  onPayload(conn: Connection, payload: Buffer): void {
    if (payload.length < 8) throw new TransportError(`payload of ${payload.length} bytes`);
    if (payload.readUInt32LE(0) === 0 && payload.readUInt32LE(4) === 0) this.onPlain(conn, payload);
    else this.onEncrypted(conn, payload);
  }

  /** Sends an update (e.g. updateShort{updateLoginToken}) to every live session of a key. */
  push(key: AuthKeyState, body: Buffer): number {
    let sent = 0;
    for (const session of key.sessions.values()) {
      if (session.connection && !session.connection.closed) {
        this.send(session, body, PUSH);
        sent++;
      }
    }
    return sent;
  }

  private onPlain(conn: Connection, payload: Buffer): void {
    if (payload.length < 20) throw new TransportError('short plain message');
    const length = payload.readInt32LE(16);
    if (length <= 0 || 20 + length > payload.length) throw new TransportError('bad plain message length');
    const { reply, state } = handleKeyExchange(
      {
        rsa: this.deps.rsa,
        dcId: conn.dcId,
        keyIdTaken: (idHex) => this.deps.keys.has(idHex),
        register: (key) => void this.deps.keys.add(key),
      },
      conn.handshake as Handshake | undefined,
      payload.subarray(20, 20 + length),
    );
    conn.handshake = state;
    conn.sendPlain(plainMessage(reply));
  }

  private onEncrypted(conn: Connection, payload: Buffer): void {
    const key = this.deps.keys.get(payload.toString('hex', 0, 8));
    if (!key) {
      const error = Buffer.alloc(4);
      error.writeInt32LE(TRANSPORT_UNKNOWN_KEY);
      conn.sendPlain(error);
      return;
    }
    if (payload.length < 24 + 48) throw new TransportError('short encrypted message');
    // Padded intermediate appends 0..15 random bytes after the MTProto payload.
    const dataLength = payload.length - 24;
    const usable = payload.subarray(0, 24 + dataLength - (dataLength % 16));
    const plain = decryptClientPayload(key.key, usable);
    if (!plain) throw new TransportError('msg_key mismatch');

    const salt = plain.subarray(0, 8);
    const sessionId = plain.readBigInt64LE(8);
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const length = plain.readInt32LE(28);
    const padding = plain.length - 32 - length;
    if (length < 4 || length % 4 !== 0 || padding < 12 || padding > 1024) throw new TransportError(`bad message length ${length}`);
    const body = plain.subarray(32, 32 + length);

    let session = key.session(sessionId);
    // Rejections do not start a session: new_session_created comes with the first accepted message.
    const reply = (message: Buffer): void => {
      const target = session ?? new SessionState(sessionId, key);
      target.connection = conn;
      this.send(target, message, SERVICE);
    };
    if ((msgId & 3n) !== 0n) return reply(badMsgNotification(msgId, seqNo, 18));
    const now = Date.now() / 1000;
    if (msgIdSeconds(msgId) < now - MSG_ID_PAST_SECONDS) return reply(badMsgNotification(msgId, seqNo, 16));
    if (msgIdSeconds(msgId) > now + MSG_ID_FUTURE_SECONDS) return reply(badMsgNotification(msgId, seqNo, 17));
    // GramJS starts every session with salt 0: like Telegram, refuse it with the key's salt; the client resends.
    if (!this.deps.salts.accepts(key.salt, salt)) return reply(badServerSalt(msgId, seqNo, this.deps.salts.current(key.salt)));

    const isNew = !session;
    session ??= key.createSession(sessionId);
    session.connection = conn;
    conn.authKey = key;
    if (isNew) this.send(session, newSessionCreated(msgId, randomBytes(8).readBigInt64LE(), this.deps.salts.current(key.salt)), { ...SERVICE, response: false });
    this.onMessage(conn, session, msgId, seqNo, body, true);
  }

  private onMessage(conn: Connection, session: SessionState, msgId: bigint, seqNo: number, body: Buffer, topLevel: boolean): void {
    if (!session.remember(msgId, MsgState.RECEIVED)) return; // a resent duplicate: already handled
    if (body.length < 4) return;
    const ctor = body.readUInt32LE(0);
    if (ctor === ServiceIds.MSG_CONTAINER) {
      if (!topLevel) return this.send(session, badMsgNotification(msgId, seqNo, 64), SERVICE);
      const r = new TlReader(body.subarray(4));
      const count = r.int32();
      if (count < 0 || count > 1024) return this.send(session, badMsgNotification(msgId, seqNo, 64), SERVICE);
      for (let i = 0; i < count; i++) {
        const innerId = r.int64();
        const innerSeq = r.int32();
        const innerLength = r.int32();
        if (innerLength < 0 || innerLength % 4 !== 0) throw new TransportError('bad container item length');
        this.onMessage(conn, session, innerId, innerSeq, r.raw(innerLength), false);
      }
      return;
    }
    this.onObject(conn, session, msgId, body);
  }

  /** One message body (after container splitting); gzip_packed is inflated in place. */
  private onObject(conn: Connection, session: SessionState, msgId: bigint, body: Buffer): void {
    const r = new TlReader(body);
    const ctor = r.uint32();
    switch (ctor) {
      case ServiceIds.GZIP_PACKED:
        // mtcute sends zlib streams, others gzip: unzipSync inflates both.
        return this.onObject(conn, session, msgId, unzipSync(r.bytes()));
      case ServiceIds.MSGS_ACK:
      case ServiceIds.MSGS_STATE_INFO:
      case ServiceIds.MSGS_ALL_INFO:
      case ServiceIds.MSG_RESEND_REQ:
      case ServiceIds.MSG_DETAILED_INFO:
      case ServiceIds.MSG_NEW_DETAILED_INFO:
      case ServiceIds.HTTP_WAIT:
        return;
      case ServiceIds.PING:
        return this.send(session, pong(msgId, r.int64()), SERVICE_CONTENT);
      case ServiceIds.PING_DELAY_DISCONNECT: {
        const pingId = r.int64();
        conn.armDisconnect(r.int32());
        return this.send(session, pong(msgId, pingId), SERVICE_CONTENT);
      }
      case ServiceIds.MSGS_STATE_REQ: {
        const ids = r.longVector();
        return this.send(session, msgsStateInfo(msgId, Buffer.from(ids.map((id) => session.stateOf(id)))), SERVICE_CONTENT);
      }
      case ServiceIds.GET_FUTURE_SALTS: {
        const num = Math.max(1, Math.min(64, r.int32()));
        const now = Math.floor(Date.now() / 1000);
        return this.send(session, futureSalts(msgId, now, this.deps.salts.future(session.key.salt, num)), SERVICE_CONTENT);
      }
      case ServiceIds.DESTROY_SESSION: {
        const target = r.int64();
        const existed = target !== session.id && session.key.sessions.delete(target);
        return this.send(session, destroySessionRes(existed, target), SERVICE_CONTENT);
      }
      case ServiceIds.RPC_DROP_ANSWER: {
        const reqMsgId = r.int64();
        const running = session.dropAnswer(reqMsgId);
        return this.send(session, rpcResult(msgId, rpcDropAnswerBody(running)), SERVICE_CONTENT);
      }
      default:
        return this.startRpc(conn, session, msgId, body);
    }
  }

  private startRpc(conn: Connection, session: SessionState, msgId: bigint, body: Buffer): void {
    let request: TlRequest | undefined;
    let parseError: Buffer | undefined;
    try {
      request = new BinaryReader(body).tgReadObject() as TlRequest;
    } catch {
      parseError = this.deps.dispatcher.unparsable(body);
    }
    session.startRpc(msgId);
    const answered = Promise.withResolvers<void>();
    const run = async (): Promise<Buffer> =>
      parseError ?? (await this.deps.dispatcher.call(request!, { conn, session, key: session.key, msgId, answered: answered.promise }));
    void run()
      .then(async (result) => {
        const latency = this.deps.latencyMs(conn.dcId);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        if (session.finishRpc(msgId)) this.send(session, rpcResultParts(msgId, result), RESULT, answered.resolve);
        else answered.resolve();
      })
      // The dispatcher never rejects; this guards the send path so no rejection can end the process.
      .catch((error: unknown) => {
        answered.resolve();
        this.deps.log(`sending an RPC result failed: ${(error as Error).stack ?? String(error)}`);
      });
  }

  /** Encrypts at write time (see Connection) for the session's current connection. */
  private send(session: SessionState, content: Buffer | readonly Buffer[], options: SendOptions, left?: () => void): void {
    const conn = session.connection;
    if (!conn || conn.closed) return left?.();
    const key = session.key;
    // parts are copied once, into the message (a file part is not joined to its header first)
    const parts = Buffer.isBuffer(content) ? [content] : content;
    const length = parts.reduce((n, part) => n + part.length, 0);
    conn.send({
      size: length + 64,
      exempt: options.exempt,
      ...(left ? { left } : {}),
      build: () => {
        const padding = paddingFor(32 + length);
        const plain = Buffer.allocUnsafeSlow(32 + length + padding);
        this.deps.salts.current(key.salt).copy(plain, 0);
        plain.writeBigInt64LE(session.id, 8);
        plain.writeBigInt64LE(nextServerMsgId(options.response), 16);
        plain.writeInt32LE(session.nextSeqNo(options.contentRelated), 24);
        plain.writeInt32LE(length, 28);
        let at = 32;
        for (const part of parts) at += part.copy(plain, at);
        return encryptServerPayload(key.key, key.id, plain, padding);
      },
    });
  }
}
