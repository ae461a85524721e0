/**
 * How long the engine holds its thread: node:perf_hooks monitorEventLoopDelay
 * in the process that runs the full backfill (in the app, that thread also
 * answers the window's requests, menus and archive:// reads). Targets: p99
 * under 20 ms and no single delay of 100 ms or more.
 *
 * On a crowded machine a delay also counts time the process was not given a
 * core at all. So a second figure, "held", counts of each delay only what the
 * process spent on the CPU meanwhile (process.cpuUsage): what this code would
 * cost the window on an idle machine. The targets apply to the first.
 */
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';

export interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoopDelay extends Percentiles {
  readonly meanMs: number;
  readonly samples: number;
  /** The same delays, each cut to the CPU time the process used during it. */
  readonly held: Percentiles;
}

export const LOOP_DELAY_TARGETS = { p99Ms: 20, maxMs: 100 } as const;

const RESOLUTION_MS = 5;
const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;
const percentiles = (h: RecordableHistogram | ReturnType<typeof monitorEventLoopDelay>): Percentiles => ({
  p50Ms: ms(h.percentile(50)),
  p99Ms: ms(h.percentile(99)),
  maxMs: ms(h.max),
});

/** Starts measuring; the returned function stops and reports. */
export function measureLoopDelay(): () => LoopDelay {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const held = createHistogram();
  let last = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const tick = setInterval(() => {
    const now = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    const lateNs = Number(now - last) - RESOLUTION_MS * 1e6;
    const cpuNs = (used.user + used.system) * 1000;
    held.record(Math.max(1, Math.min(lateNs, cpuNs)));
    last = now;
    cpu = process.cpuUsage();
  }, RESOLUTION_MS);
  return () => {
    clearInterval(tick);
    delay.disable();
    return { ...percentiles(delay), meanMs: ms(delay.mean), samples: delay.count, held: percentiles(held) };
  };
}

/** The lines run.ts prints: [name, value, target, met]. */
export function loopDelayRows(d: LoopDelay): Array<[string, string, string, boolean | null]> {
  return [
    ['engine event-loop delay p99 (ms)', d.p99Ms.toFixed(1), `< ${LOOP_DELAY_TARGETS.p99Ms}`, d.p99Ms < LOOP_DELAY_TARGETS.p99Ms],
    ['engine event-loop delay max (ms)', d.maxMs.toFixed(1), `< ${LOOP_DELAY_TARGETS.maxMs}`, d.maxMs < LOOP_DELAY_TARGETS.maxMs],
    ['  of which on the CPU, p99 / max (ms)', `${d.held.p99Ms.toFixed(0)} / ${d.held.maxMs.toFixed(0)}`, '-', null],
  ];
}
