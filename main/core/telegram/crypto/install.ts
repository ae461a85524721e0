/**
 * Puts our AES-256-IGE (./aes-ige.ts) under GramJS. MTProtoState encrypts and
 * decrypts every message with `new IGE(key, iv).encryptIge(...)` /
 * `.decryptIge(...)` from 'telegram/crypto/IGE.js'; we replace those two
 * methods on its prototype, once per process, from the client factory.
 *
 * GramJS's constructor keeps the key and iv (as big-endian Uint32Array words)
 * on `this.ige` (@cryptography/aes's AES_IGE); the replacements read them from
 * there. Installing first checks that shape on a probe instance and that both
 * implementations agree on a probe message; should a GramJS update change
 * either, GramJS's own methods stay, and the fallback is recorded and logged
 * (../patch-status.ts) instead of passing silently.
 */
import { randomBytes } from 'node:crypto';
import { IGE } from 'telegram/crypto/IGE.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from '../patch-status.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './aes-ige.js';

type IgeMethod = (this: IGE, data: Buffer) => Buffer;
interface IgeMethods {
  decryptIge: IgeMethod;
  encryptIge: IgeMethod;
}
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

/** Why our methods cannot stand in for GramJS's, or null when they can. */
function shapeProblem(proto: Partial<IgeMethods>): string | null {
  if (typeof proto.decryptIge !== 'function' || typeof proto.encryptIge !== 'function') return 'IGE.prototype has no encryptIge/decryptIge';
  const key = randomBytes(32);
  const iv = randomBytes(32);
  if (!loadKeyAndIv(new IGE(key, iv)) || !KEY.equals(key) || !IV.equals(iv)) {
    return 'an IGE instance does not keep its key and iv as eight big-endian words on .ige';
  }
  const message = randomBytes(48);
  const theirs = proto.encryptIge.call(new IGE(key, iv), message);
  if (!aesIgeEncrypt(message, key, iv).equals(theirs) || !aesIgeDecrypt(theirs, key, iv).equals(message)) {
    return "our AES-256-IGE disagrees with GramJS's on a probe message";
  }
  return null;
}

const AT_CALL = 'an IGE instance without its key words at call time (the methods now defer to GramJS)';

let original: IgeMethods | null = null;

/** Installs the fast IGE into GramJS (idempotent) unless GramJS's shape has changed; says which. */
export function installFastIge(): PatchStatus {
  if (original) return recordPatch('aes-ige', APPLIED);
  const proto = IGE.prototype as unknown as IgeMethods;
  const problem = shapeProblem(proto);
  if (problem) return recordPatch('aes-ige', fellBack(problem));
  const saved = { decryptIge: proto.decryptIge, encryptIge: proto.encryptIge };
  original = saved;
  proto.decryptIge = function decryptIge(this: IGE, cipherText: Buffer): Buffer {
    // a partial block is GramJS's to reject, as it would without us
    if (cipherText.length % 16 !== 0) return saved.decryptIge.call(this, cipherText);
    if (!loadKeyAndIv(this)) {
      recordPatch('aes-ige', fellBack(AT_CALL));
      return saved.decryptIge.call(this, cipherText);
    }
    return aesIgeDecrypt(cipherText, KEY, IV);
  };
  proto.encryptIge = function encryptIge(this: IGE, plainText: Buffer): Buffer {
    if (!loadKeyAndIv(this)) {
      recordPatch('aes-ige', fellBack(AT_CALL));
      return saved.encryptIge.call(this, plainText);
    }
    // GramJS pads a message that is not a multiple of 16 bytes with random bytes
    const padding = plainText.length % 16;
    const data = padding ? Buffer.concat([plainText, randomBytes(16 - padding)]) : plainText;
    return aesIgeEncrypt(data, KEY, IV);
  };
  return recordPatch('aes-ige', APPLIED);
}

/** Puts GramJS's own methods back (for tests that compare both). */
export function uninstallFastIge(): void {
  if (!original) return;
  const proto = IGE.prototype as unknown as IgeMethods;
  proto.decryptIge = original.decryptIge;
  proto.encryptIge = original.encryptIge;
  original = null;
}
