/**
 * Shares the main thread between the engine and everything else on it (in the
 * app: IPC from the window, menus, archive:// reads). A busy sync has far more
 * work ready than one turn of the event loop should do: one poll phase can
 * hand over megabytes from several sockets, and without a pause every answer
 * would be decrypted, parsed, hashed and recorded before any timer or request
 * of the window got its turn.
 *
 * Heavy steps ask `pause()` first (one received packet, one stored file). While
 * the current turn has used less than its budget they go on at once (null,
 * nothing awaited); once it has, they wait in line and are let through one at
 * a time from setImmediate callbacks, each only while the turn has budget
 * left (and at least one per turn), the rest in later turns, in arrival order. A new turn begins in the
 * timers phase (libuv's first), which a 0 ms timer marks while there is work.
 */

export interface LoopPort {
  now(): number;
  /** Runs fn in this turn's check phase (or the next turn's, when called from one). */
  immediate(fn: () => void): void;
  /** Runs fn in a later turn's timers phase; must not keep the process alive. */
  timer(fn: () => void): void;
}

const nodeLoop: LoopPort = {
  now: () => performance.now(),
  immediate: (fn) => setImmediate(fn),
  timer: (fn) => setTimeout(fn, 0).unref(),
};

export class TimeSlicer {
  readonly #budgetMs: number;
  readonly #loop: LoopPort;
  readonly #waiting: Array<() => void> = [];
  #turnStart = 0;
  #marking = false;
  #askedSinceMark = false;
  #releasedThisTurn = false;

  constructor(budgetMs: number, loop: LoopPort = nodeLoop) {
    this.#budgetMs = budgetMs;
    this.#loop = loop;
  }

  /** Null when the caller may go on now; otherwise resolves when its turn comes. */
  pause(): Promise<void> | null {
    this.#askedSinceMark = true;
    if (!this.#marking) {
      // the first work after the loop was idle: this turn has just begun
      this.#marking = true;
      this.#turnStart = this.#loop.now();
      this.#loop.timer(this.#mark);
    }
    if (this.#waiting.length === 0 && this.#hasBudget()) return null;
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#loop.immediate(this.#release);
    });
  }

  /** How many callers wait for a turn (diagnostics and tests). */
  get waiting(): number {
    return this.#waiting.length;
  }

  #hasBudget(): boolean {
    return this.#loop.now() - this.#turnStart < this.#budgetMs;
  }

  // One scheduled release per waiter: each lets the first in line go if the turn has budget, else
  // tries again next turn. The released caller's work runs (microtasks) before the next release.
  // At least one per turn, so that work that does not ask (I/O callbacks) cannot starve the waiting.
  readonly #release = (): void => {
    if (this.#hasBudget() || !this.#releasedThisTurn) {
      this.#releasedThisTurn = true;
      this.#waiting.shift()?.();
    } else {
      this.#loop.immediate(this.#release);
    }
  };

  readonly #mark = (): void => {
    this.#turnStart = this.#loop.now();
    this.#releasedThisTurn = false;
    if (this.#askedSinceMark || this.#waiting.length > 0) {
      this.#askedSinceMark = false;
      this.#loop.timer(this.#mark);
    } else {
      this.#marking = false;
    }
  };
}

/**
 * The process's main thread: about 4 ms of engine work per turn (6 ms gave the
 * bench's event-loop delay p99 ~2 ms more at the same speed). One step may
 * run past it (a 128 KiB slice of a large answer, one stored file), so a turn
 * stays well under the 20 ms the bench allows at p99.
 */
export const mainThread = new TimeSlicer(4);
