import { describe, expect, it } from 'vitest';
import { MethodPacer } from '../../../main/core/telegram/method-pacer.js';

describe('method pacer (fake clock)', () => {
  it('lets a burst through, then spaces calls at the method pace; unlisted methods go at once', () => {
    let now = 0;
    const pacer = new MethodPacer({ 'photos.GetUserPhotos': { perSecond: 10, burst: 3 } }, () => now);
    expect([1, 2, 3].map(() => pacer.reserve('photos.GetUserPhotos'))).toEqual([0, 0, 0]);
    expect(pacer.reserve('photos.GetUserPhotos')).toBe(100);
    expect(pacer.reserve('photos.GetUserPhotos')).toBe(200);
    expect(pacer.reserve('upload.GetFile')).toBe(0);
    now = 10_000; // a quiet spell refills the burst, no more
    expect([1, 2, 3, 4].map(() => pacer.reserve('photos.GetUserPhotos'))).toEqual([0, 0, 0, 100]);
  });

  it('never exceeds the pace over any window, however many callers ask at once', () => {
    let now = 0;
    const pace = { perSecond: 8, burst: 20 };
    const pacer = new MethodPacer({ m: pace }, () => now);
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) {
      starts.push(now + pacer.reserve('m'));
      if (i % 7 === 0) now += 37;
    }
    starts.sort((a, b) => a - b);
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(pace.burst + pace.perSecond);
    }
  });

  it('after a flood deadline the calls resume one by one at the pace, not as a burst', () => {
    const now = 0;
    const pacer = new MethodPacer({ m: { perSecond: 2, burst: 10 } }, () => now);
    pacer.drain('m', 5000);
    const waits = [1, 2, 3].map(() => pacer.reserve('m'));
    expect(waits).toEqual([5500, 6000, 6500]);
  });
});
