import { describe, expect, it } from 'vitest';
import { DOWNLOAD_BUDGET, DownloadBudget, PREMIUM_DOWNLOAD_BUDGET } from '../../../main/core/telegram/download-budget.js';

const KIB = 1024;
const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('download budget per DC', () => {
  it('starts gently at a quarter of 2 MiB and opens by the bytes of each answered request, up to the budget', async () => {
    const b = new DownloadBudget();
    expect(b.window(2)).toBe(DOWNLOAD_BUDGET / 4);
    for (let i = 0; i < 4; i++) await b.acquire(2, 128 * KIB);
    const fifth = b.acquire(2, 128 * KIB);
    expect(await settled(fifth)).toBe(false); // 512 KiB in flight: the start window is full
    b.release(2, 128 * KIB, true);
    expect(await settled(fifth)).toBe(true);
    expect(b.window(2)).toBe(640 * KIB);
    for (let i = 0; i < 40; i++) b.release(2, 128 * KIB, true);
    expect(b.window(2)).toBe(DOWNLOAD_BUDGET);
  });

  it('never lets more than the budget be in flight on one DC, and keeps DCs apart', async () => {
    const b = new DownloadBudget();
    for (let i = 0; i < 64; i++) b.release(4, 0, true);
    b.release(4, DOWNLOAD_BUDGET, true); // window fully open
    const granted: number[] = [];
    const all = Array.from({ length: 40 }, (_, i) => b.acquire(4, 256 * KIB).then(() => granted.push(i)));
    await Promise.resolve();
    expect(b.inFlight(4)).toBe(DOWNLOAD_BUDGET);
    expect(granted).toHaveLength(8);
    await b.acquire(2, 256 * KIB); // another DC is not held up
    for (let i = 0; i < 32; i++) b.release(4, 256 * KIB, true);
    await Promise.all(all);
    expect(granted).toEqual(Array.from({ length: 40 }, (_, i) => i)); // first come, first served
  });

  it('a premium account may keep 16 MiB in flight', async () => {
    const b = new DownloadBudget();
    b.setPremium(true);
    expect(b.budget).toBe(PREMIUM_DOWNLOAD_BUDGET);
    for (let i = 0; i < 200; i++) b.release(1, 1024 * KIB, true);
    for (let i = 0; i < 16; i++) await b.acquire(1, 1024 * KIB);
    expect(await settled(b.acquire(1, 4 * KIB))).toBe(false);
  });

  it('FLOOD_PREMIUM_WAIT on a DC: what Telegram accepted becomes its ceiling, the window restarts at half; a failed request does not widen it', async () => {
    const b = new DownloadBudget();
    b.release(3, DOWNLOAD_BUDGET, true);
    expect(b.window(3)).toBe(DOWNLOAD_BUDGET);
    for (let i = 0; i < 6; i++) await b.acquire(3, 128 * KIB);
    b.overBudget(3, 128 * KIB); // 768 KiB in flight, the last 128 KiB refused: Telegram took 640 KiB
    expect(b.window(3)).toBe(320 * KIB);
    b.release(3, 128 * KIB, false);
    expect(b.window(3)).toBe(320 * KIB);
    for (let i = 0; i < 5; i++) b.release(3, 128 * KIB, true);
    expect(b.window(3)).toBe(640 * KIB); // never past the learned ceiling
  });

  it('back online after a drop, every DC starts gently again', () => {
    const b = new DownloadBudget();
    b.release(1, DOWNLOAD_BUDGET, true);
    b.release(2, DOWNLOAD_BUDGET, true);
    b.reconnected();
    expect([b.window(1), b.window(2)]).toEqual([DOWNLOAD_BUDGET / 4, DOWNLOAD_BUDGET / 4]);
  });

  it('a waiting request leaves the queue when aborted', async () => {
    const b = new DownloadBudget();
    await b.acquire(2, 512 * KIB);
    const controller = new AbortController();
    const waiting = b.acquire(2, 64 * KIB, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    b.release(2, 512 * KIB, true);
    expect(b.inFlight(2)).toBe(0);
  });
});
