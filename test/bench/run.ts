/**
 * npm run bench: the sync engine, with the app's own defaults, against a
 * baseline GramJS script, on the same generated world (300 users x 20 photos =
 * 6,000, 10% video, 3 DCs, 30 ms latency per DC via control.setConditions), in
 * two models of Telegram in the same run:
 *  1. latency only (the sandbox unlimited): the engine's raw speed, its per-method
 *     pacing off (it guards limits this server does not have; the download budget stays);
 *  2. Telegram's limits (test/sandbox/README.md "Limits model", non-premium):
 *     2 MiB of getFile limits in flight per DC, per-method token buckets, and
 *     Telegram's geography: the account's own DC answers after --latency, the
 *     others (another continent: DC 1 and 3 are in Miami, DC 2 in Amsterdam)
 *     after --far-latency.
 * The sandbox, the engine and the baseline each run in their own process, so
 * neither's CPU or memory counts against the other. Prints and writes
 * bench-results/<date>.json and latest.json:
 *  - wall-time ratio baseline / engine, both models (target >= 8 latency-only; reported under limits)
 *  - upload.getFile requests per archived file, both (target <= 1.05 for the engine)
 *  - requests of a no-change resync of all targets (target <= ceil(N/200) + 5)
 *  - peak RSS of the engine process (target < 200 MB)
 *  - event-loop delay of the engine process during the full backfill (p99 < 20 ms, max < 100 ms; event-loop-delay.ts)
 *  - under limits: flood waits the engine caused (target 0) and, per DC, how full it kept
 *    its download budget while it knew of files to download (the sandbox's time-averaged
 *    bytes of limits in flight over the time-averaged min(2 MiB, limits in flight + files
 *    shown and not yet asked for); target >= 0.8)
 * Options: --users N --photos N --latency MS --far-latency MS (the other DCs under limits; 30 for
 *          the uniform model) --concurrency N (files per DC; default: the app's)
 *          --baseline-users N (a partial baseline; its time is scaled to all users) --skip-baseline
 *          --skip-limits (only the latency-only model)
 *          --skip-media (thumbnails vs vipsthumbnail and the 100k-photo gallery, test/bench/media.ts)
 *          --skip-export (10,000 photos exported as hard links vs cp -al, and with dates written in: test/bench/export.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SYNC_OPTIONS } from '../../main/core/sync/sync-run.js';
import { ENGINE_V8_FLAGS } from '../../main/core/v8-flags.js';
import type { BaselineChildResult } from './baseline-child.js';
import type { EngineResult } from './engine-child.js';
import { LOOP_DELAY_TARGETS, loopDelayRows } from './event-loop-delay.js';
import { runExportBench } from './export.js';
import { runMediaBench } from './media.js';
import { ROOT, runChild, startSandboxProcess, type SandboxProcess } from './sandbox-process.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '300' },
    photos: { type: 'string', default: '20' },
    latency: { type: 'string', default: '30' },
    'far-latency': { type: 'string', default: '100' },
    concurrency: { type: 'string' },
    'baseline-users': { type: 'string' },
    'skip-baseline': { type: 'boolean', default: false },
    'skip-limits': { type: 'boolean', default: false },
    'skip-media': { type: 'boolean', default: false },
    'skip-export': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const PHOTOS = Number(values.photos);
const LATENCY = Number(values.latency);
const FAR_LATENCY = Number(values['far-latency']);
const CONCURRENCY = values.concurrency;
const DCS = [1, 2, 3];
const ACCOUNT = 1000;
const HOME_DC = 2;
/** The flags the app and the CLI run the engine with (main/core/v8-flags.ts), plus BENCH_ENGINE_FLAGS (e.g. --cpu-prof). */
const ENGINE_NODE_FLAGS = [...ENGINE_V8_FLAGS.split(' '), ...(process.env['BENCH_ENGINE_FLAGS']?.split(' ').filter(Boolean) ?? [])];

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const floodsIn = (errors: Record<string, number>): number => Object.entries(errors).reduce((n, [m, k]) => n + (/^FLOOD_/.test(m) ? k : 0), 0);

type Baseline = BaselineChildResult & { msAllUsers: number };

/** One engine run on a fresh archive and (unless skipped) one baseline run, on the sandbox as it is now. */
async function measure(sandbox: SandboxProcess, work: string, label: string, unpaced: boolean): Promise<{ e: EngineResult; baseline: Baseline | null }> {
  const common = ['--control', sandbox.url, '--profile', JSON.stringify(sandbox.profile), '--session', sandbox.sessions[String(ACCOUNT)]!];
  const inFlight = CONCURRENCY ?? `${DEFAULT_SYNC_OPTIONS.concurrencyPerDc} (the app's default)`;
  console.log(`[${label}] engine: up to ${inFlight} files per DC${unpaced ? ', per-method pacing off' : ''} ...`);
  const e = await runChild<EngineResult>(
    'test/bench/engine-child.ts',
    [...common, '--archive', path.join(work, `engine-${label}`), ...(CONCURRENCY ? ['--concurrency', CONCURRENCY] : []), ...(unpaced ? ['--unpaced'] : [])],
    ENGINE_NODE_FLAGS,
  );
  if (e.status !== 'done' || e.errors) throw new Error(`engine run ended ${e.status} with ${e.errors} errors`);
  console.log(`[${label}] engine: ${e.files} files (${mb(e.bytes)} MB) in ${(e.ms / 1000).toFixed(1)} s, ${e.getFile} getFile, ${floodsIn(e.errorsSent)} floods, peak RSS ${mb(Math.max(e.peakRssSampled, e.maxRssKernel))} MB`);
  console.log(`[${label}] no-change resync: ${e.resync.requests} requests ${JSON.stringify(e.resync.byMethod)}`);
  if (values['skip-baseline']) return { e, baseline: null };
  const users = Math.min(USERS, Number(values['baseline-users'] ?? USERS));
  console.log(`[${label}] baseline: GramJS, getUserPhotos pages then downloadMedia one photo at a time, ${users} users ...`);
  const b = await runChild<BaselineChildResult>('test/bench/baseline-child.ts', [...common, '--out', path.join(work, `baseline-${label}`), '--users', String(users)]);
  console.log(`[${label}] baseline: ${b.files} files (${mb(b.bytes)} MB) in ${(b.ms / 1000).toFixed(1)} s, ${b.getFile} getFile, ${floodsIn(b.errorsSent)} floods`);
  return { e, baseline: { ...b, msAllUsers: (b.ms * USERS) / b.users } };
}

function summary(e: EngineResult, baseline: Baseline | null) {
  return {
    engine: {
      wallSeconds: e.ms / 1000,
      files: e.files,
      photos: e.photos,
      bytes: e.bytes,
      getFile: e.getFile,
      requests: e.requests,
      floods: floodsIn(e.errorsSent),
      errorsSent: e.errorsSent,
      budgetUse: e.budgetUse.map((u) => ({
        dcId: u.dcId,
        use: Math.round(u.use * 1000) / 1000,
        workSeconds: u.workMs / 1000,
        averageBytesInFlight: u.averageBytesInFlight,
        averageFillable: u.averageFillable,
        busySeconds: u.busyMs / 1000,
        peakBytesInFlight: u.peakBytesInFlight,
      })),
      peakRssMb: mb(Math.max(e.peakRssSampled, e.maxRssKernel)),
      sandboxCpuSeconds: e.sandboxCpuMs / 1000,
      noChangeResyncRequests: e.resync.requests,
    },
    baseline: baseline && {
      users: baseline.users,
      wallSeconds: baseline.ms / 1000,
      wallSecondsScaledToAllUsers: baseline.msAllUsers / 1000,
      files: baseline.files,
      bytes: baseline.bytes,
      getFile: baseline.getFile,
      requests: baseline.requests,
      floods: floodsIn(baseline.errorsSent),
      peakRssMb: mb(baseline.maxRssKernel),
    },
    wallTimeRatio: baseline ? baseline.msAllUsers / e.ms : null,
  };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const worldFile = path.join(work, 'world.json');
  fs.writeFileSync(
    worldFile,
    JSON.stringify({
      version: 1,
      seed: 7,
      dcs: DCS,
      accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: HOME_DC, firstName: 'Bench', username: 'bench_account' }],
      generate: { users: USERS, photosPerUser: PHOTOS, videoShare: 0.1, contactOf: [ACCOUNT], dcs: DCS },
    }),
  );
  console.log(`world: ${USERS} users x ${PHOTOS} photos (10% video) on DCs ${DCS.join(',')}, the account on DC ${HOME_DC}, ${LATENCY} ms latency per DC`);
  const sandbox = await startSandboxProcess(worldFile, path.join(work, 'sandbox'), { unlimited: true });
  try {
    for (const dcId of DCS) await sandbox.control('setConditions', { dcId, latencyMs: LATENCY });
    const fast = await measure(sandbox, work, 'latency-only', true);
    let limited: Awaited<ReturnType<typeof measure>> | null = null;
    if (!values['skip-limits']) {
      await sandbox.control('setLimits', { model: {} }); // Telegram's model, non-premium account
      // Real Telegram is far from most of the files: a photo lives on its owner's DC, often another continent's.
      for (const dcId of DCS) if (dcId !== HOME_DC) await sandbox.control('setConditions', { dcId, latencyMs: FAR_LATENCY });
      console.log(`[telegram-limits] DC ${HOME_DC} (the account's) ${LATENCY} ms, the others ${FAR_LATENCY} ms`);
      limited = await measure(sandbox, work, 'telegram-limits', false);
    }

    const e = fast.e;
    const limit = Math.ceil(e.targets / 200) + 5;
    const latencyOnly = summary(fast.e, fast.baseline);
    const telegramLimits = limited && summary(limited.e, limited.baseline);
    const budgetUse = telegramLimits && telegramLimits.engine.budgetUse.length > 0 ? Math.min(...telegramLimits.engine.budgetUse.map((u) => u.use)) : null;
    const figures = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', platform: process.platform, node: process.version, loadAverage: os.loadavg() },
      world: { users: USERS, photosPerUser: PHOTOS, videoShare: 0.1, dcs: DCS, homeDc: HOME_DC, latencyMs: LATENCY, farLatencyMsUnderLimits: FAR_LATENCY },
      engineSettings: { concurrencyPerDc: CONCURRENCY ? Number(CONCURRENCY) : DEFAULT_SYNC_OPTIONS.concurrencyPerDc, appDefaults: !CONCURRENCY, nodeFlags: ENGINE_NODE_FLAGS },
      latencyOnly,
      telegramLimits,
      results: {
        wallTimeRatio: latencyOnly.wallTimeRatio,
        wallTimeRatioUnderLimits: telegramLimits?.wallTimeRatio ?? null,
        getFilePerFileEngine: e.getFile / e.files,
        getFilePerFileBaseline: fast.baseline ? fast.baseline.getFile / fast.baseline.files : null,
        noChangeResyncRequests: e.resync.requests,
        noChangeResyncLimit: limit,
        enginePeakRssMb: Math.max(latencyOnly.engine.peakRssMb, telegramLimits?.engine.peakRssMb ?? 0),
        engineFloodsUnderLimits: telegramLimits?.engine.floods ?? null,
        downloadBudgetUseMinPerDc: budgetUse,
        engineLoopDelay: e.loopDelay,
        engineLoopDelayUnderLimits: limited?.e.loopDelay ?? null,
      },
      targets: { wallTimeRatio: 8, getFilePerFileEngine: 1.05, noChangeResyncRequests: limit, enginePeakRssMb: 200, engineFloodsUnderLimits: 0, downloadBudgetUseMinPerDc: 0.8, engineLoopDelay: LOOP_DELAY_TARGETS },
    };
    const r = figures.results;
    const row = (name: string, value: string, target: string, ok: boolean | null): string =>
      `  ${name.padEnd(52)} ${value.padStart(8)}   target ${target.padEnd(8)} ${ok === null ? '' : ok ? 'met' : 'MISSED'}`;
    console.log('\nresults');
    console.log(row('wall-time ratio baseline / engine, latency only', r.wallTimeRatio?.toFixed(1) ?? 'n/a', '>= 8', r.wallTimeRatio === null ? null : r.wallTimeRatio >= 8));
    console.log(row("wall-time ratio baseline / engine, Telegram's limits", r.wallTimeRatioUnderLimits?.toFixed(1) ?? 'n/a', '-', null));
    console.log(row('upload.getFile per archived file, engine', r.getFilePerFileEngine.toFixed(3), '<= 1.05', r.getFilePerFileEngine <= 1.05));
    console.log(row('upload.getFile per archived file, baseline', r.getFilePerFileBaseline?.toFixed(3) ?? 'n/a', '-', null));
    console.log(row('requests of a no-change resync of all targets', String(r.noChangeResyncRequests), `<= ${limit}`, r.noChangeResyncRequests <= limit));
    console.log(row('engine peak RSS (MB)', String(r.enginePeakRssMb), '< 200', r.enginePeakRssMb < 200));
    if (telegramLimits) {
      console.log(row('flood waits caused by the engine under limits', String(r.engineFloodsUnderLimits), '0', r.engineFloodsUnderLimits === 0));
      console.log(row('download budget use, lowest DC', budgetUse?.toFixed(2) ?? 'n/a', '>= 0.8', budgetUse === null ? null : budgetUse >= 0.8));
      for (const u of [...telegramLimits.engine.budgetUse].sort((a, b) => a.dcId - b.dcId))
        console.log(
          `    DC ${u.dcId}${u.dcId === HOME_DC ? " (the account's)" : ''}: use ${u.use.toFixed(2)}, ${mb(u.averageBytesInFlight)} MB in flight of ${mb(u.averageFillable)} MB it could have (2 MiB, or less when it knew of less) over ${u.workSeconds.toFixed(1)} s with downloads known (${u.busySeconds.toFixed(1)} s with any in flight), peak ${mb(u.peakBytesInFlight)} MB`,
        );
    }
    // A server process busy nearly all the time sets the pace itself: requests wait unread in its socket, outside the budget measure.
    for (const [label, s] of [['latency only', latencyOnly], ["Telegram's limits", telegramLimits]] as const)
      if (s) console.log(row(`  sandbox process busy: CPU s / wall s, ${label}`, `${s.engine.sandboxCpuSeconds.toFixed(1)} / ${s.engine.wallSeconds.toFixed(1)}`, '-', null));
    for (const [name, value, target, ok] of loopDelayRows(e.loopDelay, ', latency only')) console.log(row(name, value, target, ok));
    if (limited) for (const [name, value, target, ok] of loopDelayRows(limited.e.loopDelay, ", Telegram's limits")) console.log(row(name, value, target, ok));

    const media = values['skip-media'] ? null : await runMediaBench(path.join(work, 'media'));
    Object.assign(figures, { media });
    const exportFigures = values['skip-export'] ? null : await runExportBench(path.join(work, 'export'));
    Object.assign(figures, { export: exportFigures });

    const outDir = path.join(ROOT, 'bench-results');
    fs.mkdirSync(outDir, { recursive: true });
    const text = `${JSON.stringify(figures, null, 2)}\n`;
    fs.writeFileSync(path.join(outDir, `${figures.date.slice(0, 19).replace(/:/g, '-')}.json`), text);
    fs.writeFileSync(path.join(outDir, 'latest.json'), text);
    console.log('\nwrote bench-results/latest.json');
  } finally {
    await sandbox.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
