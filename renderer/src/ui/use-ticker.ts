import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = () => now;

/**
 * The current time, refreshed every second while `active` (for countdowns).
 * One shared timer; it stops when no countdown is on screen.
 */
export function useTicker(active = true): number {
  return useSyncExternalStore(active ? subscribe : subscribeNever, getNow);
}

function subscribeNever(): () => void {
  return () => undefined;
}

/** Milliseconds left until `at` (never negative), ticking every second; 0 when `at` is null. */
export function useRemaining(at: number | null | undefined): number {
  const current = useTicker(at != null);
  return at == null ? 0 : Math.max(0, at - current);
}
