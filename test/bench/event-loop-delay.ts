/**
 * How long the engine holds its thread: node:perf_hooks monitorEventLoopDelay
 * in the process that runs the full backfill (in the app, that thread also
 * answers the window's requests, menus and archive:// reads). Targets: p99
 * under 20 ms and no single delay of 100 ms or more.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly samples: number;
}

export const LOOP_DELAY_TARGETS = { p99Ms: 20, maxMs: 100 } as const;

/** Starts measuring; the returned function stops and reports. */
export function measureLoopDelay(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;
    return { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), meanMs: ms(histogram.mean), samples: histogram.count };
  };
}

/** The lines run.ts prints: [name, value, target, met]. */
export function loopDelayRows(delay: LoopDelay): Array<[string, string, string, boolean]> {
  return [
    ['engine event-loop delay p99 (ms)', delay.p99Ms.toFixed(1), `< ${LOOP_DELAY_TARGETS.p99Ms}`, delay.p99Ms < LOOP_DELAY_TARGETS.p99Ms],
    ['engine event-loop delay max (ms)', delay.maxMs.toFixed(1), `< ${LOOP_DELAY_TARGETS.maxMs}`, delay.maxMs < LOOP_DELAY_TARGETS.maxMs],
  ];
}
