/**
 * Which request a server message answers, from its first bytes alone: the
 * req_msg_id of a lone rpc_result sits in the first three AES blocks, so it
 * can be read as soon as the packet is in, before the whole message is
 * decrypted and checked (./sliced-decrypt.ts does that, in turn).
 *
 * Unverified: msg_key covers the whole message. A corrupt or forged packet
 * decrypts to noise here, a req_msg_id that matches no request in flight but
 * with a chance of 2^-64; the message itself is refused later as usual.
 */
import { createHash } from 'node:crypto';
import { aesIgeDecrypt } from './aes-ige.js';

/** auth_key_id and msg_key, then the ciphertext. */
const CIPHER_AT = 24;
/** In the plaintext: salt, session id, message id, seqno, length, then the object. */
const OBJECT_AT = 32;
const RPC_RESULT = 0xf35c6d01;
/** Plaintext bytes needed: the object's constructor and req_msg_id, in whole AES blocks. */
const PLAIN_HEAD = 48;
/** Encrypted bytes needed from the start of a message. */
export const ANSWER_HEAD = CIPHER_AT + PLAIN_HEAD;

/**
 * MTProto 2.0's key derivation for a message from the server (x = 8):
 * core.telegram.org/mtproto/description, "defining AES key and initialization vector".
 */
export function serverMessageKey(authKey: Buffer, msgKey: Uint8Array): { key: Buffer; iv: Buffer } {
  const a = createHash('sha256').update(msgKey).update(authKey.subarray(8, 44)).digest();
  const b = createHash('sha256').update(authKey.subarray(48, 84)).update(msgKey).digest();
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  };
}

const keyIds = new WeakMap<Buffer, bigint>();

/** auth_key_id: the low 64 bits of SHA-1(auth_key), as the bytes go on the wire. */
function authKeyId(authKey: Buffer): bigint {
  let id = keyIds.get(authKey);
  if (id === undefined) {
    id = createHash('sha1').update(authKey).digest().readBigUInt64LE(12);
    keyIds.set(authKey, id);
  }
  return id;
}

/**
 * The req_msg_id a message from the server answers when it is a lone
 * rpc_result under this auth key, or null (another key, another kind of
 * message, too short). `head` is the message's first ANSWER_HEAD bytes or fewer.
 */
export function answeredMsgId(head: Uint8Array, authKey: Buffer): bigint | null {
  if (head.length < ANSWER_HEAD) return null;
  const bytes = Buffer.from(head.buffer, head.byteOffset, ANSWER_HEAD);
  if (bytes.readBigUInt64LE(0) !== authKeyId(authKey)) return null;
  const msgKey = bytes.subarray(8, CIPHER_AT);
  const { key, iv } = serverMessageKey(authKey, msgKey);
  const plain = aesIgeDecrypt(bytes.subarray(CIPHER_AT), key, iv);
  if (plain.readUInt32LE(OBJECT_AT) !== RPC_RESULT) return null;
  return plain.readBigUInt64LE(OBJECT_AT + 4);
}
