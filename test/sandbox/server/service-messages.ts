/**
 * Hand-serialized MTProto service messages. They are built on every ping and
 * session start, so they skip GramJS's generic TL serializer.
 */
import { tlBytes } from './crypto/rsa.js';

const PONG = 0x347773c5;
const NEW_SESSION_CREATED = 0x9ec20908;
const BAD_SERVER_SALT = 0xedab447b;
const BAD_MSG_NOTIFICATION = 0xa7eff811;
const MSGS_STATE_INFO = 0x04deb57d;
const FUTURE_SALTS = 0xae500895;
const DESTROY_SESSION_OK = 0xe22045fc;
const DESTROY_SESSION_NONE = 0x62d350c9;
const RPC_RESULT = 0xf35c6d01;
const RPC_ERROR = 0x2144ca19;
const RPC_ANSWER_UNKNOWN = 0x5e2ad36e;
const RPC_ANSWER_DROPPED_RUNNING = 0xcd78e586;
const GZIP_PACKED = 0x3072cfa1;

/** Client message constructor ids the server answers without an RPC handler. */
export const ServiceIds = {
  MSG_CONTAINER: 0x73f1f8dc,
  GZIP_PACKED,
  MSGS_ACK: 0x62d6b459,
  PING: 0x7abe77ec,
  PING_DELAY_DISCONNECT: 0xf3427b8c,
  MSGS_STATE_REQ: 0xda69fb52,
  MSGS_STATE_INFO,
  MSGS_ALL_INFO: 0x8cc0d131,
  MSG_RESEND_REQ: 0x7d861a08,
  MSG_DETAILED_INFO: 0x276d3ec6,
  MSG_NEW_DETAILED_INFO: 0x809db6df,
  GET_FUTURE_SALTS: 0xb921bd04,
  DESTROY_SESSION: 0xe7512126,
  RPC_DROP_ANSWER: 0x58e4a740,
  HTTP_WAIT: 0x9299359f,
} as const;

export function pong(msgId: bigint, pingId: bigint): Buffer {
  const b = Buffer.allocUnsafe(20);
  b.writeUInt32LE(PONG, 0);
  b.writeBigInt64LE(msgId, 4);
  b.writeBigInt64LE(pingId, 12);
  return b;
}

export function newSessionCreated(firstMsgId: bigint, uniqueId: bigint, salt: Buffer): Buffer {
  const b = Buffer.allocUnsafe(28);
  b.writeUInt32LE(NEW_SESSION_CREATED, 0);
  b.writeBigInt64LE(firstMsgId, 4);
  b.writeBigInt64LE(uniqueId, 12);
  salt.copy(b, 20);
  return b;
}

export function badServerSalt(badMsgId: bigint, badSeqNo: number, salt: Buffer): Buffer {
  const b = Buffer.allocUnsafe(28);
  b.writeUInt32LE(BAD_SERVER_SALT, 0);
  b.writeBigInt64LE(badMsgId, 4);
  b.writeInt32LE(badSeqNo, 12);
  b.writeInt32LE(48, 16);
  salt.copy(b, 20);
  return b;
}

/** Codes: 16/17 msg_id too low/high, 18 msg_id not divisible by 4, 19/20 duplicates, 64 bad container. */
export function badMsgNotification(badMsgId: bigint, badSeqNo: number, code: number): Buffer {
  const b = Buffer.allocUnsafe(20);
  b.writeUInt32LE(BAD_MSG_NOTIFICATION, 0);
  b.writeBigInt64LE(badMsgId, 4);
  b.writeInt32LE(badSeqNo, 12);
  b.writeInt32LE(code, 16);
  return b;
}

export function msgsStateInfo(reqMsgId: bigint, info: Buffer): Buffer {
  const head = Buffer.allocUnsafe(12);
  head.writeUInt32LE(MSGS_STATE_INFO, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  return Buffer.concat([head, tlBytes(info)]);
}

export interface FutureSalt {
  readonly validSince: number;
  readonly validUntil: number;
  readonly salt: Buffer;
}

/**
 * future_salts with `salts:vector<future_salt>`: a bare vector (count only, no
 * 0x1cb5c415) of bare elements. GramJS's Api.FutureSalts writes boxed ones.
 */
export function futureSalts(reqMsgId: bigint, now: number, salts: readonly FutureSalt[]): Buffer {
  const b = Buffer.allocUnsafe(20 + salts.length * 16);
  b.writeUInt32LE(FUTURE_SALTS, 0);
  b.writeBigInt64LE(reqMsgId, 4);
  b.writeInt32LE(now, 12);
  b.writeInt32LE(salts.length, 16);
  salts.forEach((s, i) => {
    b.writeInt32LE(s.validSince, 20 + i * 16);
    b.writeInt32LE(s.validUntil, 24 + i * 16);
    s.salt.copy(b, 28 + i * 16);
  });
  return b;
}

export function destroySessionRes(ok: boolean, sessionId: bigint): Buffer {
  const b = Buffer.allocUnsafe(12);
  b.writeUInt32LE(ok ? DESTROY_SESSION_OK : DESTROY_SESSION_NONE, 0);
  b.writeBigInt64LE(sessionId, 4);
  return b;
}

/** rpc_result{req_msg_id, result} around already-serialized result bytes. */
export function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
  return Buffer.concat(rpcResultParts(reqMsgId, result), 12 + result.length);
}

/** rpc_result as its header and the result, for a sender that copies them into the message anyway. */
export function rpcResultParts(reqMsgId: bigint, result: Buffer): Buffer[] {
  const head = Buffer.allocUnsafe(12);
  head.writeUInt32LE(RPC_RESULT, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  return [head, result];
}

export function rpcErrorBody(code: number, message: string): Buffer {
  const head = Buffer.allocUnsafe(8);
  head.writeUInt32LE(RPC_ERROR, 0);
  head.writeInt32LE(code, 4);
  return Buffer.concat([head, tlBytes(Buffer.from(message, 'utf8'))]);
}

export function rpcDropAnswerBody(running: boolean): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(running ? RPC_ANSWER_DROPPED_RUNNING : RPC_ANSWER_UNKNOWN, 0);
  return b;
}

export function gzipPacked(compressed: Buffer): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32LE(GZIP_PACKED, 0);
  return Buffer.concat([head, tlBytes(compressed)]);
}
