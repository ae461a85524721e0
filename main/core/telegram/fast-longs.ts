/**
 * GramJS reads every 64-bit integer of every incoming message (message ids,
 * salts, session ids, photo and file ids) through readBigIntFromBuffer: a
 * Buffer copy, a reverse, a hex string, big-integer's string parser and, for
 * signed values, a base-2 string of the result. That was ~5% of a sync's CPU.
 * We replace BinaryReader.prototype.readLong, once per process, with the same
 * value read natively (readBigInt64LE) and wrapped by big-integer, which keeps
 * native bigints in a NativeBigInt: the same class GramJS's parser returns on
 * any runtime with BigInt. Installing first checks, on a probe reader, that
 * the reader keeps its bytes and offset where we read them and that GramJS's
 * numbers come from the very big-integer we import (GramJS tells its numbers
 * apart with bigInt.isInstance); otherwise GramJS's own readLong stays and the
 * fallback is recorded and logged (./patch-status.ts).
 */
import bigInt from 'big-integer';
import { BinaryReader } from 'telegram/extensions/index.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';

type ReadLong = (this: BinaryReader, signed?: boolean) => bigInt.BigInteger;
interface ReaderInternals {
  readonly stream: unknown;
  offset: unknown;
}

// -2^63 + 2^32 + 1: both signs of every byte lane differ
const PROBE = Buffer.from('0100000001000080', 'hex');

function shapeProblem(readLong: unknown): string | null {
  if (typeof readLong !== 'function') return 'BinaryReader.prototype.readLong is missing';
  const reader = new BinaryReader(PROBE);
  const internals = reader as unknown as ReaderInternals;
  if (!Buffer.isBuffer(internals.stream) || internals.offset !== 0) return 'a BinaryReader does not keep its bytes on .stream and its position on .offset';
  const theirs: unknown = (readLong as ReadLong).call(reader, true);
  if (!bigInt.isInstance(theirs)) return "GramJS's numbers are not instances of our big-integer (two copies of big-integer?)";
  if ((reader as unknown as ReaderInternals).offset !== 8 || theirs.toString() !== PROBE.readBigInt64LE(0).toString()) return "GramJS's readLong no longer reads 8 little-endian bytes at .offset";
  return null;
}

let original: ReadLong | null = null;

export function installFastLongs(): PatchStatus {
  if (original) return recordPatch('fast-longs', APPLIED);
  const proto = BinaryReader.prototype as unknown as { readLong: ReadLong };
  const problem = shapeProblem(proto.readLong);
  if (problem) return recordPatch('fast-longs', fellBack(problem));
  const saved = proto.readLong;
  original = saved;
  proto.readLong = function readLong(this: BinaryReader, signed = true): bigInt.BigInteger {
    const reader = this as unknown as ReaderInternals;
    const { stream, offset } = reader;
    if (!Buffer.isBuffer(stream) || typeof offset !== 'number') {
      recordPatch('fast-longs', fellBack('a BinaryReader without a Buffer .stream and a numeric .offset at call time'));
      return saved.call(this, signed);
    }
    // past the end: GramJS's own method throws its usual error
    if (offset + 8 > stream.length) return saved.call(this, signed);
    reader.offset = offset + 8;
    return bigInt(signed ? stream.readBigInt64LE(offset) : stream.readBigUInt64LE(offset));
  };
  return recordPatch('fast-longs', APPLIED);
}

/** Puts GramJS's own readLong back (for tests that compare both). */
export function uninstallFastLongs(): void {
  if (!original) return;
  (BinaryReader.prototype as unknown as { readLong: ReadLong }).readLong = original;
  original = null;
}
