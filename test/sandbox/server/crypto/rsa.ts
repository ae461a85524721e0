/**
 * The server's RSA key: generated once per process (2048-bit generation takes
 * a noticeable fraction of a second) and shared by every server started in it.
 */
import { createHash, constants, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { igeDecrypt } from './ige.js';

export interface ServerRsaKey {
  readonly privateKey: KeyObject;
  /** PKCS#1 PEM, as server profiles carry it. */
  readonly publicKeyPem: string;
  /** Telegram fingerprint: low 64 bits of SHA1(TL bytes(n) ‖ TL bytes(e)), as signed int64. */
  readonly fingerprint: bigint;
  readonly modulus: Buffer;
}

let shared: Promise<ServerRsaKey> | undefined;

export function serverRsaKey(): Promise<ServerRsaKey> {
  shared ??= createRsaKey();
  return shared;
}

async function createRsaKey(): Promise<ServerRsaKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('RSA key export lacks n/e');
  const modulus = Buffer.from(jwk.n, 'base64url');
  const exponent = Buffer.from(jwk.e, 'base64url');
  const digest = createHash('sha1').update(Buffer.concat([tlBytes(modulus), tlBytes(exponent)])).digest();
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    fingerprint: digest.readBigInt64LE(12),
    modulus,
  };
}

/** TL `bytes` serialization (length prefix + padding to 4). */
export function tlBytes(data: Buffer): Buffer {
  const head = data.length < 254 ? Buffer.from([data.length]) : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
  const total = head.length + data.length;
  return Buffer.concat([head, data, Buffer.alloc((4 - (total % 4)) % 4)]);
}

/**
 * Reverses RSA_PAD (core.telegram.org/mtproto/auth_key, step 4): returns the
 * inner data with padding (192 bytes) or null when the hash does not match.
 */
export function rsaPadDecode(key: ServerRsaKey, encrypted: Buffer): Buffer | null {
  if (encrypted.length > 256) return null;
  const input = encrypted.length === 256 ? encrypted : Buffer.concat([Buffer.alloc(256 - encrypted.length), encrypted]);
  if (input.compare(key.modulus) >= 0) return null;
  let decrypted: Buffer;
  try {
    decrypted = privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, input);
  } catch {
    return null;
  }
  const keyAesEncrypted = decrypted.length === 256 ? decrypted : Buffer.concat([Buffer.alloc(256 - decrypted.length), decrypted]);
  const tempKeyXor = keyAesEncrypted.subarray(0, 32);
  const aesEncrypted = keyAesEncrypted.subarray(32);
  const aesHash = createHash('sha256').update(aesEncrypted).digest();
  const tempKey = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) tempKey[i] = tempKeyXor[i]! ^ aesHash[i]!;
  const dataWithHash = igeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
  const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
  const hash = createHash('sha256').update(tempKey).update(dataWithPadding).digest();
  return hash.equals(dataWithHash.subarray(192, 224)) ? dataWithPadding : null;
}
