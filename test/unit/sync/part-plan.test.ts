import { describe, expect, it } from 'vitest';
import { isValidPart, KIB4, MIB, nextPart, planParts } from '../../../main/core/sync/part-plan.js';

describe('part planning under Telegram getFile rules', () => {
  it('fetches a small file with one request of the smallest power-of-two limit from 4 KiB that covers it', () => {
    expect(planParts(1)).toEqual([{ offset: 0, limit: KIB4 }]);
    expect(planParts(4096)).toEqual([{ offset: 0, limit: KIB4 }]);
    expect(planParts(4097)).toEqual([{ offset: 0, limit: 2 * KIB4 }]);
    expect(planParts(60_000)).toEqual([{ offset: 0, limit: 64 * 1024 }]);
    expect(planParts(150_000)).toEqual([{ offset: 0, limit: 256 * 1024 }]);
    expect(planParts(MIB - 1)).toEqual([{ offset: 0, limit: MIB }]);
    expect(planParts(0)).toEqual([{ offset: 0, limit: MIB }]); // size unknown: the largest part
  });

  it('fetches exactly 1 MiB in one request, without the empty request GramJS adds', () => {
    expect(planParts(MIB)).toEqual([{ offset: 0, limit: MIB }]);
  });

  it('splits larger files into aligned whole MiB parts', () => {
    expect(planParts(MIB + 1)).toEqual([
      { offset: 0, limit: MIB },
      { offset: MIB, limit: KIB4 },
    ]);
    expect(planParts(MIB + 300_000)).toEqual([
      { offset: 0, limit: MIB },
      { offset: MIB, limit: 512 * 1024 },
    ]);
    expect(planParts(3 * MIB)).toHaveLength(3);
    expect(planParts(3 * MIB + 5)).toHaveLength(4);
  });

  it('every planned request obeys offset/limit multiples of 4 KiB, 1 MiB % limit == 0, no 1 MiB crossing', () => {
    for (const size of [0, 1, 777_777, MIB, 2 * MIB - 1, 5 * MIB + 12_345, 40 * MIB]) {
      for (const part of planParts(size)) expect(isValidPart(part)).toBe(true);
    }
  });

  it('rejects requests Telegram would answer with LIMIT_INVALID or OFFSET_INVALID', () => {
    expect(isValidPart({ offset: 0, limit: 3 * KIB4 })).toBe(false); // 1 MiB % 12 KiB != 0
    expect(isValidPart({ offset: 100, limit: KIB4 })).toBe(false);
    expect(isValidPart({ offset: MIB - KIB4, limit: 2 * KIB4 })).toBe(false); // crosses 1 MiB
    expect(isValidPart({ offset: 0, limit: 2 * MIB })).toBe(false);
    expect(isValidPart({ offset: MIB - 2 * KIB4, limit: 2 * KIB4 })).toBe(true);
    expect(isValidPart({ offset: 128 * 1024, limit: 128 * 1024 })).toBe(true);
  });

  it('stops on a short answer, and keeps going past a wrong declared size while answers are full', () => {
    expect(nextPart(1000, { limit: KIB4 * 2, bytes: 1000 }, 5000)).toBeNull();
    expect(nextPart(MIB, { limit: MIB, bytes: MIB }, 0)).toEqual({ offset: MIB, limit: MIB }); // size unknown: ask again
    expect(nextPart(MIB, { limit: MIB, bytes: MIB }, MIB)).toBeNull(); // declared size reached with a full answer
    expect(nextPart(0, null, 0)).toEqual({ offset: 0, limit: MIB });
    // Declared 60,000 but the file is longer: the 64 KiB answer was full, so go on, aligned to 64 KiB.
    expect(nextPart(65_536, { limit: 65_536, bytes: 65_536 }, 60_000)).toEqual({ offset: 65_536, limit: 65_536 });
  });

  it('every request of a file whose declared size is wrong still obeys the rules', () => {
    for (const [declared, real] of [
      [60_000, 300_000],
      [5000, MIB + 7],
      [MIB + 1, 3 * MIB],
    ] as const) {
      let received = 0;
      let previous: { limit: number; bytes: number } | null = null;
      for (let part = nextPart(received, previous, declared); part; part = nextPart(received, previous, declared)) {
        expect(isValidPart(part)).toBe(true);
        previous = { limit: part.limit, bytes: Math.min(part.limit, Math.max(0, real - part.offset)) };
        received += previous.bytes;
      }
      expect(received).toBe(real);
    }
  });
});
