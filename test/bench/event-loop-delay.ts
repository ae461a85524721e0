/**
 * How long the engine holds its thread: node:perf_hooks monitorEventLoopDelay
 * in the process that runs the full backfill (in the app, that thread also
 * answers the window's requests, menus and archive:// reads). Targets: p99
 * under 20 ms and no single delay of 100 ms or more.
 *
 * On a crowded machine a delay also counts time the thread was not given a
 * core at all. Two more figures tell the parts apart:
 *  - "own work": of each delay, only what the engine's thread spent on the CPU
 *    meanwhile (process.threadCpuUsage): what this code would cost the window
 *    on an idle machine;
 *  - "idle process": the same measure, at the same time, in a Node process
 *    that does nothing: the machine's floor, which no engine can go under.
 * The targets apply to the first figure.
 *
 * Node's histogram records the time between two runs of its sampling timer,
 * which is the timer's period plus how late it ran: an idle process reads the
 * period itself (~5 ms here, ~10 ms at Node's default). The delay is that
 * interval less the period, as Node's docs define event-loop delay and as
 * monitors built on this histogram report it (fastify's under-pressure); the
 * figures below are those delays, for the engine and the idle process alike,
 * and the JSON keeps the raw intervals beside them.
 */
import { spawn } from 'node:child_process';
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';

export interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoopDelay extends Percentiles {
  readonly meanMs: number;
  readonly samples: number;
  /** The histogram's own intervals (period + delay), for comparison. */
  readonly intervals: Percentiles;
  readonly periodMs: number;
  /** The same delays, each cut to the CPU time the engine's thread used during it. */
  readonly ownWork: Percentiles;
  /** An idle Node process's event-loop delay over the same time (null if it could not run). */
  readonly idleProcess: Percentiles | null;
  /** CPU time of the engine's thread over the whole measure, and the wall time. */
  readonly threadCpuMs: number;
  readonly wallMs: number;
}

export const LOOP_DELAY_TARGETS = { p99Ms: 20, maxMs: 100 } as const;

const RESOLUTION_MS = 5;
const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;
const PERIOD_NS = RESOLUTION_MS * 1e6;
/** A histogram interval less the sampling period: the delay itself. */
const delayMs = (intervalNs: number): number => ms(Math.max(0, intervalNs - PERIOD_NS));
const percentiles = (h: RecordableHistogram | ReturnType<typeof monitorEventLoopDelay>, toMs = ms): Percentiles => ({
  p50Ms: toMs(h.percentile(50)),
  p99Ms: toMs(h.percentile(99)),
  maxMs: toMs(h.max),
});

// The idle process: measures its own loop until a line arrives on stdin, then prints its figures.
const IDLE_SOURCE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: ${RESOLUTION_MS} });
h.enable();
process.stdin.once('data', () => {
  h.disable();
  process.stdout.write(JSON.stringify({ p50: h.percentile(50), p99: h.percentile(99), max: h.max }));
  process.exit(0);
});
`;

function startIdleProcess(): () => Promise<Percentiles | null> {
  const child = spawn(process.execPath, ['-e', IDLE_SOURCE], { stdio: ['pipe', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  return async () => {
    child.stdin.end('stop\n');
    await exited;
    try {
      const r = JSON.parse(out) as { p50: number; p99: number; max: number };
      return { p50Ms: delayMs(r.p50), p99Ms: delayMs(r.p99), maxMs: delayMs(r.max) };
    } catch {
      return null;
    }
  };
}

/** Starts measuring; the returned function stops and reports. */
export function measureLoopDelay(): () => Promise<LoopDelay> {
  const stopIdle = startIdleProcess();
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const own = createHistogram();
  const startCpu = process.threadCpuUsage();
  const started = performance.now();
  let last = process.hrtime.bigint();
  let cpu = process.threadCpuUsage();
  const tick = setInterval(() => {
    const now = process.hrtime.bigint();
    const used = process.threadCpuUsage(cpu);
    const lateNs = Number(now - last) - PERIOD_NS;
    const cpuNs = (used.user + used.system) * 1000;
    own.record(Math.max(1, Math.min(lateNs, cpuNs)));
    last = now;
    cpu = process.threadCpuUsage();
  }, RESOLUTION_MS);
  return async () => {
    clearInterval(tick);
    delay.disable();
    const used = process.threadCpuUsage(startCpu);
    const wallMs = Math.round(performance.now() - started);
    const idleProcess = await stopIdle();
    const threadCpuMs = Math.round((used.user + used.system) / 1000);
    return {
      ...percentiles(delay, delayMs),
      meanMs: delayMs(delay.mean),
      samples: delay.count,
      intervals: percentiles(delay),
      periodMs: RESOLUTION_MS,
      ownWork: percentiles(own),
      idleProcess,
      threadCpuMs,
      wallMs,
    };
  };
}

/** The lines run.ts prints: [name, value, target, met]. */
export function loopDelayRows(d: LoopDelay, label = ''): Array<[string, string, string, boolean | null]> {
  const pair = (p: Percentiles): string => `${p.p99Ms.toFixed(0)} / ${p.maxMs.toFixed(0)}`;
  return [
    [`engine event-loop delay p99 (ms)${label}`, d.p99Ms.toFixed(1), `< ${LOOP_DELAY_TARGETS.p99Ms}`, d.p99Ms < LOOP_DELAY_TARGETS.p99Ms],
    [`engine event-loop delay max (ms)${label}`, d.maxMs.toFixed(1), `< ${LOOP_DELAY_TARGETS.maxMs}`, d.maxMs < LOOP_DELAY_TARGETS.maxMs],
    [`  the histogram's intervals (${d.periodMs} ms period + delay), p99 / max`, pair(d.intervals), '-', null],
    ['  of which its own work (thread CPU), p99 / max', pair(d.ownWork), '-', null],
    ['  an idle process meanwhile, p99 / max (the floor)', d.idleProcess ? pair(d.idleProcess) : 'n/a', '-', null],
    ['  engine thread busy: CPU s / wall s', `${(d.threadCpuMs / 1000).toFixed(1)} / ${(d.wallMs / 1000).toFixed(1)}`, '-', null],
  ];
}
