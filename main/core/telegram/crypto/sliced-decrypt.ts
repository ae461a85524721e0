/**
 * GramJS decrypts each received message in one go (MTProtoState's
 * decryptMessageData): AES-256-IGE over the whole body into a new buffer, then
 * SHA-256 over another copy, part of the auth key joined to the whole
 * plaintext. Every downloaded byte is thus allocated twice more than it was
 * received, and that garbage is most of what a sync's memory peaks on; for a
 * 1 MiB getFile answer it is also ~10 ms of the main thread without a break.
 * This patch takes the same steps on every message, in place: the plaintext
 * is written over the ciphertext it came from (GramJS never reads a received
 * body again) and the hash takes each piece as it is decrypted, without the
 * copy. Messages longer than a SLICE are done in SLICE-byte pieces, letting
 * other work run between them (../../time-slicer.ts): IGE goes on piece to
 * piece through its iv (the last ciphertext and plaintext blocks). Then it
 * reads the message as GramJS does (session, message id with the duplicate
 * check, sequence number, object).
 *
 * Installing checks that a probe MTProtoState keeps what this reads (its auth
 * key holder, message id window, security flag, key derivation); a state
 * without them at call time gets GramJS's own method, and the fallback is
 * recorded and logged (../patch-status.ts). The unit test checks that both
 * answer the same on the same messages, and refuse the same tampered ones.
 */
import { createHash } from 'node:crypto';
import bigInt from 'big-integer';
import { SecurityError } from 'telegram/errors/index.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import { TLMessage } from 'telegram/tl/core/index.js';
import { mainThread } from '../../time-slicer.js';
import { markFileAnswer } from '../packet-buffers.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from '../patch-status.js';
import { aesIgeDecrypt } from './aes-ige.js';

/** Bytes decrypted and hashed between two chances for other work (~1 ms each). */
export const SLICE = 128 * 1024;
/** Key id and msg_key before the ciphertext. */
const HEADER = 24;

type Decrypt = (this: MTProtoState, body: Buffer) => Promise<TLMessage>;

interface StateInternals {
  readonly authKey?: { readonly keyId?: unknown; getKey(): Buffer | undefined };
  readonly id: unknown;
  readonly msgIds: unknown;
  readonly securityChecks: unknown;
  _calcKey(authKey: Buffer, msgKey: Buffer, client: boolean): Promise<{ key: Buffer; iv: Buffer }>;
}

/** Why a state cannot be decrypted here, or null when it can. */
function stateProblem(state: StateInternals): string | null {
  if (typeof state._calcKey !== 'function') return 'MTProtoState has no _calcKey';
  if (!Array.isArray(state.msgIds) || typeof state.securityChecks !== 'boolean') return 'MTProtoState keeps no msgIds array and securityChecks flag';
  if (!bigInt.isInstance(state.id)) return "MTProtoState's session id is not a big-integer";
  if (state.authKey !== undefined && typeof state.authKey.getKey !== 'function') return "MTProtoState's auth key has no getKey()";
  return null;
}

async function decryptInPlace(state: StateInternals, body: Buffer): Promise<TLMessage> {
  // the checks GramJS makes before decrypting, in its words
  const holder = state.authKey;
  if (!holder) throw new Error('Auth key unset');
  const keyId = bigInt(body.readBigUInt64LE(0));
  if (!bigInt.isInstance(holder.keyId) || keyId.neq(holder.keyId)) throw new SecurityError('Server replied with an invalid auth key');
  const authKey = holder.getKey();
  if (!authKey) throw new SecurityError('Unset AuthKey');
  const msgKey = body.subarray(8, HEADER);
  const { key, iv } = await state._calcKey(authKey, msgKey, false);

  // In place: from here on `plain` is the same bytes as the ciphertext, decrypted piece by piece.
  const plain = body.subarray(HEADER);
  // https://core.telegram.org/mtproto/security_guidelines, "checking sha256 hash": of auth_key[96:128] + plaintext
  const hash = createHash('sha256').update(authKey.subarray(96, 128));
  let pieceIv = iv;
  for (let at = 0; at < plain.length; at += SLICE) {
    if (at > 0) await mainThread.pause();
    const end = Math.min(at + SLICE, plain.length);
    const lastCipherBlock = Buffer.from(plain.subarray(end - 16, end)); // kept before it is overwritten
    const piece = plain.subarray(at, end);
    hash.update(aesIgeDecrypt(piece, key, pieceIv, piece));
    pieceIv = Buffer.concat([lastCipherBlock, plain.subarray(end - 16, end)]);
  }
  if (!msgKey.equals(hash.digest().subarray(8, 24))) throw new SecurityError("Received msg_key doesn't match with expected one");
  markFileAnswer(plain); // its file part can be freed once written (../packet-buffers.ts)

  const reader = new BinaryReader(plain);
  reader.readLong(); // salt
  reader.readLong(); // session id: GramJS does not check it either
  const remoteMsgId = reader.readLong();
  const msgIds = state.msgIds as string[];
  if (msgIds.includes(remoteMsgId.toString()) && state.securityChecks) throw new SecurityError('Duplicate msgIds');
  if (msgIds.length > 500) msgIds.shift();
  msgIds.push(remoteMsgId.toString());
  const remoteSequence = reader.readInt();
  reader.readInt(); // the object's length; the padding after it is never read
  return new TLMessage(remoteMsgId, remoteSequence, reader.tgReadObject());
}

let original: Decrypt | null = null;

export function installSlicedDecrypt(): PatchStatus {
  if (original) return recordPatch('sliced-decrypt', APPLIED);
  const proto = MTProtoState.prototype as unknown as { decryptMessageData?: Decrypt };
  if (typeof proto.decryptMessageData !== 'function') return recordPatch('sliced-decrypt', fellBack('MTProtoState has no decryptMessageData'));
  const problem = stateProblem(new MTProtoState() as unknown as StateInternals);
  if (problem) return recordPatch('sliced-decrypt', fellBack(problem));
  const saved = proto.decryptMessageData;
  original = saved;
  proto.decryptMessageData = function decryptMessageData(this: MTProtoState, body: Buffer): Promise<TLMessage> {
    // no whole block, or a partial one: GramJS's to reject, as it would without us
    if (body.length <= HEADER || (body.length - HEADER) % 16 !== 0) return saved.call(this, body);
    const state = this as unknown as StateInternals;
    const atCall = stateProblem(state);
    if (atCall) {
      recordPatch('sliced-decrypt', fellBack(`at call time: ${atCall}`));
      return saved.call(this, body);
    }
    return decryptInPlace(state, body);
  };
  return recordPatch('sliced-decrypt', APPLIED);
}

/** Puts GramJS's own method back (for tests that compare both). */
export function uninstallSlicedDecrypt(): void {
  if (!original) return;
  (MTProtoState.prototype as unknown as { decryptMessageData: Decrypt }).decryptMessageData = original;
  original = null;
}
