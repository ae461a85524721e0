import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { IGE } from 'telegram/crypto/IGE.js';
import { afterAll, describe, expect, it } from 'vitest';
import { aesIgeDecrypt, aesIgeEncrypt } from '../../../main/core/telegram/crypto/aes-ige.js';
import { installFastIge, uninstallFastIge } from '../../../main/core/telegram/crypto/install.js';
import { patchStatus } from '../../../main/core/telegram/patch-status.js';

// GramJS's own IGE, captured before anything installs ours.
const gramProto = IGE.prototype as unknown as { decryptIge(b: Buffer): Buffer; encryptIge(b: Buffer): Buffer };
const gramDecrypt = gramProto.decryptIge;
const gramEncrypt = gramProto.encryptIge;
const gram = {
  decrypt: (data: Buffer, key: Buffer, iv: Buffer): Buffer => gramDecrypt.call(new IGE(key, iv), data),
  encrypt: (data: Buffer, key: Buffer, iv: Buffer): Buffer => gramEncrypt.call(new IGE(key, iv), data),
};

/** `data` copied to a Buffer starting `shift` bytes into its memory (typed-array views need alignment; pooled slices have none). */
function at(data: Buffer, shift: number): Buffer {
  const b = Buffer.alloc(data.length + shift);
  data.copy(b, shift);
  return b.subarray(shift);
}

// 1 MiB is the decryptor's window: longer inputs chain across windows
const LENGTHS = [16, 32, 48, 64, 80, 1008, 4096, 4112, 65_536, 1 << 20, (1 << 20) + 48, 3 * (1 << 20) + 16, ...Array.from({ length: 40 }, () => 16 * randomInt(1, 4096))];

describe('AES-256-IGE', () => {
  afterAll(() => uninstallFastIge());

  it('matches the FIPS-197 AES-256 example (one block, zero iv: IGE is then plain AES)', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    const plain = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const cipher = Buffer.from('8ea2b7ca516745bfeafc49904b496089', 'hex');
    const iv = Buffer.alloc(32);
    expect(aesIgeEncrypt(plain, key, iv).toString('hex')).toBe(cipher.toString('hex'));
    expect(aesIgeDecrypt(cipher, key, iv).toString('hex')).toBe(plain.toString('hex'));
  });

  it('decrypts single blocks like OpenSSL (zero iv, many random keys)', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(32);
      const block = randomBytes(16);
      const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
      const cipher = ecb.update(block);
      expect(aesIgeDecrypt(cipher, key, Buffer.alloc(32)).equals(block)).toBe(true);
    }
  });

  it('agrees with GramJS in both directions for random keys, ivs and lengths from 16 bytes to 3 MiB', () => {
    for (const [i, n] of LENGTHS.entries()) {
      const key = randomBytes(32);
      const iv = randomBytes(32);
      const data = randomBytes(n);
      const shift = i % 4; // aligned and unaligned inputs
      const ours = { enc: aesIgeEncrypt(at(data, shift), key, iv), dec: aesIgeDecrypt(at(data, shift), key, iv) };
      expect(ours.enc.equals(gram.encrypt(data, key, iv)), `encrypt ${n} bytes`).toBe(true);
      expect(ours.dec.equals(gram.decrypt(data, key, iv)), `decrypt ${n} bytes`).toBe(true);
      expect(aesIgeDecrypt(ours.enc, key, iv).equals(data), `round trip ${n} bytes`).toBe(true);
    }
  });

  it('leaves its inputs untouched and accepts subarrays of larger buffers', () => {
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const whole = randomBytes(24 + 4096 + 5);
    const before = Buffer.from(whole);
    const body = whole.subarray(24, 24 + 4096);
    const dec = aesIgeDecrypt(body, key, iv);
    const enc = aesIgeEncrypt(body, key, iv);
    expect(whole.equals(before)).toBe(true);
    expect(dec.equals(gram.decrypt(Buffer.from(body), key, iv))).toBe(true);
    expect(enc.equals(gram.encrypt(Buffer.from(body), key, iv))).toBe(true);
  });

  it('rejects lengths that are not whole blocks and wrong key or iv sizes', () => {
    expect(() => aesIgeDecrypt(Buffer.alloc(17), randomBytes(32), randomBytes(32))).toThrow(/multiple of 16/);
    expect(() => aesIgeEncrypt(Buffer.alloc(15), randomBytes(32), randomBytes(32))).toThrow(/multiple of 16/);
    expect(() => aesIgeDecrypt(Buffer.alloc(16), randomBytes(16), randomBytes(32))).toThrow(/32-byte/);
    expect(aesIgeDecrypt(Buffer.alloc(0), randomBytes(32), randomBytes(32)).length).toBe(0);
  });

  it('replaces GramJS IGE methods once installed, with the same results', () => {
    const cases = [16, 48, 1024, 65_536 + 16].map((n) => ({ key: randomBytes(32), iv: randomBytes(32), data: randomBytes(n) }));
    const expected = cases.map((c) => ({ enc: gram.encrypt(c.data, c.key, c.iv), dec: gram.decrypt(c.data, c.key, c.iv) }));
    expect(installFastIge()).toEqual({ state: 'applied' });
    expect(installFastIge()).toEqual({ state: 'applied' }); // idempotent
    expect(gramProto.decryptIge).not.toBe(gramDecrypt);
    for (const [i, c] of cases.entries()) {
      expect(new IGE(c.key, c.iv).encryptIge(c.data).equals(expected[i]!.enc)).toBe(true);
      expect(new IGE(c.key, c.iv).decryptIge(c.data).equals(expected[i]!.dec)).toBe(true);
    }
    // GramJS pads a partial block with random bytes before encrypting; the message survives the round trip
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const odd = randomBytes(100);
    const enc = new IGE(key, iv).encryptIge(odd);
    expect(enc.length).toBe(112);
    expect(gram.decrypt(enc, key, iv).subarray(0, 100).equals(odd)).toBe(true);
    // every call above took the fast path: none deferred to GramJS's own
    expect(patchStatus('aes-ige')).toEqual({ state: 'applied' });
    uninstallFastIge();
    expect(gramProto.decryptIge).toBe(gramDecrypt);
  });
});
