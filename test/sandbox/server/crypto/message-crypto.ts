/**
 * MTProto 2.0 message encryption as the server mirrors it: clients encrypt with
 * x = 0, the server with x = 8 (core.telegram.org/mtproto/description).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { igeDecrypt, igeEncrypt } from './ige.js';

export interface AesKeyIv {
  readonly key: Buffer;
  readonly iv: Buffer;
}

/** msg_key + auth_key -> AES key/iv; x = 0 for client->server, 8 for server->client. */
export function deriveAesKeyIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): AesKeyIv {
  const a = createHash('sha256').update(msgKey).update(authKey.subarray(x, x + 36)).digest();
  const b = createHash('sha256').update(authKey.subarray(40 + x, 76 + x)).update(msgKey).digest();
  const key = Buffer.allocUnsafe(32);
  a.copy(key, 0, 0, 8);
  b.copy(key, 8, 8, 24);
  a.copy(key, 24, 24, 32);
  const iv = Buffer.allocUnsafe(32);
  b.copy(iv, 0, 0, 8);
  a.copy(iv, 8, 8, 24);
  b.copy(iv, 24, 24, 32);
  return { key, iv };
}

/**
 * Decrypts an encrypted transport payload (auth_key_id ‖ msg_key ‖ data) and
 * checks msg_key. Returns the plaintext (salt ‖ session_id ‖ message ‖ padding)
 * or null when the msg_key does not match (wrong key or tampered data).
 */
export function decryptClientPayload(authKey: Buffer, payload: Buffer): Buffer | null {
  const msgKey = payload.subarray(8, 24);
  const data = payload.subarray(24);
  if (data.length === 0 || data.length % 16 !== 0) return null;
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, 0);
  const plain = igeDecrypt(data, key, iv);
  const expected = createHash('sha256').update(authKey.subarray(88, 120)).update(plain).digest();
  return expected.subarray(8, 24).equals(msgKey) ? plain : null;
}

/** Bytes of padding for a plaintext of `length`: 12..27, total a multiple of 16. */
export function paddingFor(length: number): number {
  return 12 + ((16 - ((length + 12) % 16)) % 16);
}

/**
 * Encrypts a server message. `plain` must already hold salt ‖ session_id ‖
 * msg_id ‖ seq_no ‖ length ‖ body followed by room for padding (filled here
 * with random bytes); `plain.length` is a multiple of 16.
 */
export function encryptServerPayload(authKey: Buffer, authKeyId: Buffer, plain: Buffer, paddingLength: number): Buffer[] {
  randomFillSync(plain, plain.length - paddingLength, paddingLength);
  const msgKey = createHash('sha256').update(authKey.subarray(96, 128)).update(plain).digest().subarray(8, 24);
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, 8);
  const encrypted = igeEncrypt(plain, key, iv);
  const head = Buffer.allocUnsafe(24);
  authKeyId.copy(head, 0);
  msgKey.copy(head, 8);
  // Returned as parts so a large download chunk is never copied into one more buffer.
  return [head, encrypted];
}

/** auth_key_id = SHA1(auth_key)[12:20] (and aux hash = [0:8]). */
export function authKeyIdOf(authKey: Buffer): Buffer {
  return createHash('sha1').update(authKey).digest().subarray(12, 20);
}
