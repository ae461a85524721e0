/**
 * GramJS reads every 64-bit integer of every incoming message (message ids,
 * salts, session ids, photo and file ids) through readBigIntFromBuffer: a
 * Buffer copy, a reverse, a hex string, big-integer's string parser and, for
 * signed values, a base-2 string of the result. That was ~5% of a sync's CPU.
 * We replace BinaryReader.prototype.readLong, once per process, with the same
 * value read natively (readBigInt64LE) and wrapped by big-integer, which keeps
 * native bigints in a NativeBigInt: the same class GramJS's parser returns on
 * any runtime with BigInt.
 */
import bigInt from 'big-integer';
import { BinaryReader } from 'telegram/extensions/index.js';

type ReadLong = (this: BinaryReader, signed?: boolean) => bigInt.BigInteger;
interface ReaderInternals {
  readonly stream: Buffer;
  offset: number;
}

let original: ReadLong | null = null;

export function installFastLongs(): void {
  if (original) return;
  const proto = BinaryReader.prototype as unknown as { readLong: ReadLong };
  const saved = proto.readLong;
  original = saved;
  proto.readLong = function readLong(this: BinaryReader, signed = true): bigInt.BigInteger {
    const reader = this as unknown as ReaderInternals;
    const { stream, offset } = reader;
    // past the end: GramJS's own method throws its usual error
    if (!Buffer.isBuffer(stream) || offset + 8 > stream.length) return saved.call(this, signed);
    reader.offset = offset + 8;
    return bigInt(signed ? stream.readBigInt64LE(offset) : stream.readBigUInt64LE(offset));
  };
}

/** Puts GramJS's own readLong back (for tests that compare both). */
export function uninstallFastLongs(): void {
  if (!original) return;
  (BinaryReader.prototype as unknown as { readLong: ReadLong }).readLong = original;
  original = null;
}
