/**
 * Deterministic randomness. Everything the sandbox invents (access hashes, auth keys,
 * bulk users, image noise) is derived from the world seed and a label, so the same
 * world file always yields the same bytes, whatever order things are asked for in.
 */
import { createHash } from 'node:crypto';

/** sha256(seed ‖ labels): 32 bytes that depend only on their inputs. */
export function derive(seed: number, ...labels: (string | number | bigint)[]): Buffer {
  const hash = createHash('sha256');
  hash.update(`tg-sandbox/${seed}`);
  for (const label of labels) hash.update(`/${String(label)}`);
  return hash.digest();
}

/** `length` deterministic bytes (a sha256 chain). */
export function deriveBytes(length: number, seed: number, ...labels: (string | number | bigint)[]): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0, block = 0; offset < length; offset += 32, block++) {
    derive(seed, ...labels, `#${block}`).copy(out, offset);
  }
  return out;
}

/** A signed int64 (never 0) derived from the labels, for access hashes and emoji ids. */
export function deriveInt64(seed: number, ...labels: (string | number | bigint)[]): bigint {
  const value = derive(seed, ...labels).readBigInt64LE(0);
  return value === 0n ? 1n : value;
}

/** A small fast PRNG (sfc32) for bulk generation; seeded from `derive`. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...labels: (string | number | bigint)[]) {
    const bytes = derive(seed, ...labels);
    this.a = bytes.readUInt32LE(0);
    this.b = bytes.readUInt32LE(4);
    this.c = bytes.readUInt32LE(8);
    this.d = bytes.readUInt32LE(12);
  }

  /** Uniform in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
