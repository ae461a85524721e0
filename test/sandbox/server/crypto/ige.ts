/**
 * AES-256-IGE as MTProto uses it (iv = 32 bytes: previous-ciphertext half, then
 * previous-plaintext half).
 *
 * Encryption is the hot path (every download chunk the server sends), so it
 * runs on Node's native AES-CBC: with y_i = E(p_i ^ c_{i-1}) and
 * c_i = y_i ^ p_{i-1}, the y chain is plain CBC over q_i = p_i ^ p_{i-2}
 * (q_1 = p_1, p_0 = iv[16:32], CBC iv = iv[0:16]). Two XOR passes in JS plus
 * one native CBC call beat a per-block cipher loop by an order of magnitude.
 *
 * Decryption cannot be rewritten that way (each block's input depends on the
 * previous plaintext), and only client requests are decrypted, which are
 * small, so it reuses GramJS's pure-JS IGE.
 */
import { createCipheriv } from 'node:crypto';
import { IGE } from 'telegram/crypto/IGE.js';

const BLOCK = 16;
/** igeEncrypt's intermediate: as large as the largest message yet (a 1 MiB file part). */
let scratch = Buffer.allocUnsafeSlow(0);

/** Encrypts `plain` (length a multiple of 16) with AES-256-IGE. */
export function igeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  const n = plain.length;
  if (n % BLOCK !== 0) throw new Error(`IGE input must be a multiple of 16 bytes, got ${n}`);
  if (n === 0) return Buffer.alloc(0);
  const p = aligned(plain);
  const p32 = new Int32Array(p.buffer, p.byteOffset, n >> 2);
  const iv32 = new Int32Array(4);
  new Uint8Array(iv32.buffer).set(iv.subarray(16, 32)); // p_0

  // q_1 = p_1; q_2 = p_2 ^ p_0; q_i = p_i ^ p_{i-2}; only read by the cipher below: one buffer reused
  if (scratch.length < n) scratch = Buffer.allocUnsafeSlow(n);
  const q = scratch.subarray(0, n);
  const q32 = new Int32Array(q.buffer, q.byteOffset, n >> 2);
  const words = n >> 2;
  for (let i = 0; i < 4; i++) q32[i] = p32[i]!;
  if (words > 4) for (let i = 4; i < 8; i++) q32[i] = p32[i]! ^ iv32[i - 4]!;
  for (let i = 8; i < words; i++) q32[i] = p32[i]! ^ p32[i - 8]!;

  const cbc = createCipheriv('aes-256-cbc', key, iv.subarray(0, 16));
  cbc.setAutoPadding(false);
  const y = aligned(cbc.update(q));
  const y32 = new Int32Array(y.buffer, y.byteOffset, words);

  // c_1 = y_1 ^ p_0; c_i = y_i ^ p_{i-1}
  for (let i = words - 1; i >= 4; i--) y32[i] = y32[i]! ^ p32[i - 4]!;
  for (let i = 0; i < 4; i++) y32[i] = y32[i]! ^ iv32[i]!;
  return y;
}

/** Decrypts AES-256-IGE (length a multiple of 16). */
export function igeDecrypt(cipher: Buffer, key: Buffer, iv: Buffer): Buffer {
  if (cipher.length % BLOCK !== 0) throw new Error(`IGE input must be a multiple of 16 bytes, got ${cipher.length}`);
  return new IGE(key, iv).decryptIge(cipher);
}

/** Typed-array views need 4-byte alignment; pooled Buffers may start anywhere. */
function aligned(buffer: Buffer): Buffer {
  if (buffer.byteOffset % 4 === 0) return buffer;
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(copy);
  return copy;
}
