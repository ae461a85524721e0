import { useSyncExternalStore } from 'react';

/**
 * A shared clock that ticks every `periodMs` while anything on screen watches
 * it: one timer for all subscribers, stopped when the last one goes.
 */
function createClock(periodMs: number) {
  let now = Date.now();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      if (timer === undefined) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const l of listeners) l();
        }, periodMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    read: () => now,
  };
}

const slowClock = createClock(30_000);
const secondClock = createClock(1000);
const subscribeNever = () => () => undefined;

/** The current time for relative dates, refreshed twice a minute. */
export function useNow(): number {
  return useSyncExternalStore(slowClock.subscribe, slowClock.read);
}

/** The current time, refreshed every second while `active` (for countdowns). */
export function useTicker(active = true): number {
  return useSyncExternalStore(active ? secondClock.subscribe : subscribeNever, secondClock.read);
}

/** Milliseconds left until `at` (never negative), ticking every second; 0 when `at` is null. */
export function useRemaining(at: number | null | undefined): number {
  const current = useTicker(at != null);
  return at == null ? 0 : Math.max(0, at - current);
}
