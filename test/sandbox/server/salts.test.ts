import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SaltSchedule } from './salts.js';

describe('salt schedule (fake clock)', () => {
  it('changes the salt every period, accepts the previous one within the grace, refuses older ones', () => {
    let now = 1_000_000;
    const s = new SaltSchedule({ periodMs: 3_600_000 }, () => now);
    const first = randomBytes(8);
    expect(s.current(first)).toEqual(first);
    now += 3_600_000;
    const second = s.current(first);
    expect(second).not.toEqual(first);
    expect(s.accepts(first, second)).toBe(true);
    expect(s.accepts(first, first)).toBe(true); // 0 min after the change: within the 30 min grace
    now += 1_800_000;
    expect(s.accepts(first, first)).toBe(false);
    now += 1_800_000;
    expect(s.accepts(first, second)).toBe(true);
    expect(s.accepts(first, first)).toBe(false);
  });

  it('future_salts answers the salts that really come next, with their hours', () => {
    let now = 5_000_000;
    const s = new SaltSchedule({ periodMs: 1000 }, () => now);
    const first = randomBytes(8);
    const future = s.future(first, 4);
    expect(future[0]!.salt).toEqual(first);
    for (let i = 1; i < 4; i++) {
      now += 1000;
      expect(s.current(first)).toEqual(future[i]!.salt);
      expect(future[i]!.validSince).toBe(future[i - 1]!.validUntil);
    }
  });

  it('every auth key has its own sequence', () => {
    const s = new SaltSchedule({ periodMs: 10 }, () => 1000, 0);
    expect(s.current(randomBytes(8))).not.toEqual(s.current(randomBytes(8)));
  });
});
