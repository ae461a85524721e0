import { describe, expect, it } from 'vitest';
import { TimeSlicer, type LoopPort } from '../../main/core/time-slicer.js';

/** Lets every pending microtask run (a real immediate comes after all of them). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An event loop under test control: its clock moves only when a test moves it. */
class FakeLoop implements LoopPort {
  t = 0;
  readonly immediates: Array<() => void> = [];
  readonly timers: Array<() => void> = [];
  now = (): number => this.t;
  immediate = (fn: () => void): void => void this.immediates.push(fn);
  timer = (fn: () => void): void => void this.timers.push(fn);
  /** One turn: the timers phase, then the check phase (the immediates queued before it, microtasks after each). */
  async turn(): Promise<void> {
    for (const fn of this.timers.splice(0)) fn();
    await settle();
    for (const fn of this.immediates.splice(0)) {
      fn();
      await settle();
    }
  }
}

/** A step that waits for its share, then works `costMs` of the fake clock. */
function step(slicer: TimeSlicer, loop: FakeLoop, name: string, costMs: number, done: string[]): Promise<void> | null {
  const work = (): void => {
    done.push(name);
    loop.t += costMs;
  };
  const pause = slicer.pause();
  if (!pause) {
    work();
    return null;
  }
  return pause.then(work);
}

describe('sharing the main thread', () => {
  it('lets work go on at once while the turn has budget left', () => {
    const loop = new FakeLoop();
    const slicer = new TimeSlicer(6, loop);
    expect(slicer.pause()).toBeNull();
    loop.t = 5.9;
    expect(slicer.pause()).toBeNull();
    loop.t = 6;
    expect(slicer.pause()).toBeInstanceOf(Promise);
  });

  it('past its budget, lets the waiting work through in arrival order, a turn’s budget at a time', async () => {
    const loop = new FakeLoop();
    const slicer = new TimeSlicer(6, loop);
    const done: string[] = [];
    loop.t = 10; // this turn's budget is spent
    expect(slicer.pause()).toBeNull(); // (the first ask after idle starts the turn)
    loop.t = 20;
    const waiting = ['a', 'b', 'c', 'd'].map((name) => step(slicer, loop, name, 4, done));
    expect(waiting.every((w) => w instanceof Promise)).toBe(true);
    expect(slicer.waiting).toBe(4);
    await loop.turn();
    expect(done).toEqual(['a', 'b']); // 0 + 4 < 6 let b in; 8 ms used stops c
    await loop.turn();
    expect(done).toEqual(['a', 'b', 'c', 'd']);
    expect(slicer.waiting).toBe(0);
  });

  it('lets at least one waiting step through each turn, even when other work spent the budget', async () => {
    const loop = new FakeLoop();
    const slicer = new TimeSlicer(6, loop);
    const done: string[] = [];
    slicer.pause();
    loop.t = 50;
    step(slicer, loop, 'a', 1, done);
    step(slicer, loop, 'b', 1, done);
    for (const fn of loop.timers.splice(0)) fn(); // a new turn...
    loop.t += 20; // ...whose budget I/O callbacks used up before the check phase
    for (const fn of loop.immediates.splice(0)) {
      fn();
      await settle();
    }
    expect(done).toEqual(['a']);
    await loop.turn();
    expect(done).toEqual(['a', 'b']);
  });

  it('a newcomer waits behind the work already waiting, even in a fresh turn', async () => {
    const loop = new FakeLoop();
    const slicer = new TimeSlicer(6, loop);
    const done: string[] = [];
    slicer.pause();
    loop.t = 7;
    const first = step(slicer, loop, 'first', 1, done);
    for (const fn of loop.timers.splice(0)) fn(); // a new turn begins: budget again
    const second = step(slicer, loop, 'second', 1, done);
    expect(second).toBeInstanceOf(Promise);
    loop.timers.length = 0;
    await loop.turn();
    await Promise.all([first, second]);
    expect(done).toEqual(['first', 'second']);
  });

  it('stops marking turns once nothing asks any more', async () => {
    const loop = new FakeLoop();
    const slicer = new TimeSlicer(6, loop);
    slicer.pause();
    expect(loop.timers).toHaveLength(1);
    await loop.turn(); // asked since the last mark: marks again
    expect(loop.timers).toHaveLength(1);
    await loop.turn(); // nothing asked: stops
    expect(loop.timers).toHaveLength(0);
    expect(slicer.pause()).toBeNull(); // and starts again with the next ask
    expect(loop.timers).toHaveLength(1);
  });
});
