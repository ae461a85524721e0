import { describe, expect, it } from 'vitest';
import { isValidPart, KIB4, MIB, nextPart, planParts } from '../../../main/core/sync/part-plan.js';

describe('part planning under Telegram getFile rules', () => {
  it('fetches a small file with one request of 1 MiB at offset 0', () => {
    for (const size of [1, 4095, 4096, 60_000, 150_000, MIB - 1]) expect(planParts(size)).toEqual([{ offset: 0, limit: MIB }]);
  });

  it('fetches exactly 1 MiB in one request, without the empty request GramJS adds', () => {
    expect(planParts(MIB)).toEqual([{ offset: 0, limit: MIB }]);
  });

  it('splits larger files into aligned whole MiB parts', () => {
    expect(planParts(MIB + 1)).toEqual([
      { offset: 0, limit: MIB },
      { offset: MIB, limit: MIB },
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
    expect(nextPart(1000, 1000, 5000)).toBeNull();
    expect(nextPart(MIB, MIB, 0)).toEqual({ offset: MIB, limit: MIB }); // size unknown: ask again
    expect(nextPart(MIB, MIB, 1000)).toBeNull(); // declared size reached with a full answer
    expect(nextPart(0, null, 0)).toEqual({ offset: 0, limit: MIB });
  });
});
