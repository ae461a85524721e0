/**
 * Puts our AES-256-IGE (./aes-ige.ts) under GramJS. MTProtoState encrypts and
 * decrypts every message with `new IGE(key, iv).encryptIge(...)` /
 * `.decryptIge(...)` from 'telegram/crypto/IGE.js'; we replace those two
 * methods on its prototype, once per process, from the client factory.
 *
 * GramJS's constructor keeps the key and iv (as big-endian Uint32Array words)
 * on `this.ige` (@cryptography/aes's AES_IGE); the replacements read them from
 * there. Should a GramJS update change that shape, they fall back to the
 * original methods rather than guess; the unit test notices either way.
 */
import { randomBytes } from 'node:crypto';
import { IGE } from 'telegram/crypto/IGE.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './aes-ige.js';

type IgeMethod = (this: IGE, data: Buffer) => Buffer;
interface IgeInternals {
  readonly ige?: { readonly key?: unknown; readonly iv?: unknown };
}

const KEY = Buffer.alloc(32);
const IV = Buffer.alloc(32);

/** Copies GramJS's stored key and iv words into KEY and IV; false if they are not where we expect. */
function loadKeyAndIv(instance: IGE): boolean {
  const { key, iv } = (instance as unknown as IgeInternals).ige ?? {};
  if (!(key instanceof Uint32Array) || !(iv instanceof Uint32Array) || key.length !== 8 || iv.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    KEY.writeUInt32BE(key[i]!, 4 * i);
    IV.writeUInt32BE(iv[i]!, 4 * i);
  }
  return true;
}

let original: { decryptIge: IgeMethod; encryptIge: IgeMethod } | null = null;

/** Installs the fast IGE into GramJS (idempotent). */
export function installFastIge(): void {
  if (original) return;
  const proto = IGE.prototype as unknown as { decryptIge: IgeMethod; encryptIge: IgeMethod };
  const saved = { decryptIge: proto.decryptIge, encryptIge: proto.encryptIge };
  original = saved;
  proto.decryptIge = function decryptIge(this: IGE, cipherText: Buffer): Buffer {
    if (cipherText.length % 16 !== 0 || !loadKeyAndIv(this)) return saved.decryptIge.call(this, cipherText);
    return aesIgeDecrypt(cipherText, KEY, IV);
  };
  proto.encryptIge = function encryptIge(this: IGE, plainText: Buffer): Buffer {
    if (!loadKeyAndIv(this)) return saved.encryptIge.call(this, plainText);
    // GramJS pads a message that is not a multiple of 16 bytes with random bytes
    const padding = plainText.length % 16;
    const data = padding ? Buffer.concat([plainText, randomBytes(16 - padding)]) : plainText;
    return aesIgeEncrypt(data, KEY, IV);
  };
}

/** Whether installFastIge() replaced GramJS's methods (for tests). */
export function fastIgeInstalled(): boolean {
  return original !== null;
}

/** Puts GramJS's own methods back (for tests that compare both). */
export function uninstallFastIge(): void {
  if (!original) return;
  const proto = IGE.prototype as unknown as { decryptIge: IgeMethod; encryptIge: IgeMethod };
  proto.decryptIge = original.decryptIge;
  proto.encryptIge = original.encryptIge;
  original = null;
}
