import type { Bridge } from '../../../preload/contract';

declare global {
  interface Window {
    /** Exposed by the preload in Electron, and by the test harness in a plain browser. */
    readonly api?: Bridge;
  }
}

/** The bridge to main, or null when the page runs without one (opened directly, say). */
export function findBridge(): Bridge | null {
  return window.api ?? null;
}
