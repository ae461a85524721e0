/**
 * npm run bench: the sync engine against a baseline GramJS script, on the same
 * generated world (300 users x 20 photos = 6,000, 10% video, 3 DCs, 30 ms
 * latency per DC via control.setConditions). The sandbox, the engine and the
 * baseline each run in their own process, so neither's CPU or memory counts
 * against the other. Prints and writes bench-results/<date>.json and latest.json:
 *  - wall-time ratio baseline / engine (target >= 8)
 *  - upload.getFile requests per archived file, both (target <= 1.05 for the engine)
 *  - requests of a no-change resync of all targets (target <= ceil(N/200) + 5)
 *  - peak RSS of the engine process (target < 300 MB)
 * Options: --users N --photos N --latency MS --concurrency N (files in flight per DC)
 *          --baseline-users N (a partial baseline; its time is scaled to all users) --skip-baseline
 *          --skip-media (thumbnails vs vipsthumbnail and the 100k-photo gallery, test/bench/media.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_V8_FLAGS } from '../../main/core/v8-flags.js';
import type { BaselineChildResult } from './baseline-child.js';
import type { EngineResult } from './engine-child.js';
import { runMediaBench } from './media.js';
import { ROOT, runChild, startSandboxProcess } from './sandbox-process.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '300' },
    photos: { type: 'string', default: '20' },
    latency: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
    'baseline-users': { type: 'string' },
    'skip-baseline': { type: 'boolean', default: false },
    'skip-media': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const PHOTOS = Number(values.photos);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const DCS = [1, 2, 3];
const ACCOUNT = 1000;
/** The flags the app and the CLI run the engine with (main/core/v8-flags.ts), plus BENCH_ENGINE_FLAGS (e.g. --cpu-prof). */
const ENGINE_NODE_FLAGS = [ENGINE_V8_FLAGS, ...(process.env['BENCH_ENGINE_FLAGS']?.split(' ').filter(Boolean) ?? [])];

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const worldFile = path.join(work, 'world.json');
  fs.writeFileSync(
    worldFile,
    JSON.stringify({
      version: 1,
      seed: 7,
      dcs: DCS,
      accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Bench', username: 'bench_account' }],
      generate: { users: USERS, photosPerUser: PHOTOS, videoShare: 0.1, contactOf: [ACCOUNT], dcs: DCS },
    }),
  );
  console.log(`world: ${USERS} users x ${PHOTOS} photos (10% video) on DCs ${DCS.join(',')}, ${LATENCY} ms latency per DC`);
  const sandbox = await startSandboxProcess(worldFile, path.join(work, 'sandbox'));
  try {
    for (const dcId of DCS) await sandbox.control('setConditions', { dcId, latencyMs: LATENCY });
    const common = ['--control', sandbox.url, '--profile', JSON.stringify(sandbox.profile), '--session', sandbox.sessions[String(ACCOUNT)]!];

    console.log(`engine: ${CONCURRENCY} files in flight per DC ...`);
    const e = await runChild<EngineResult>('test/bench/engine-child.ts', [...common, '--archive', path.join(work, 'engine-archive'), '--concurrency', String(CONCURRENCY)], ENGINE_NODE_FLAGS);
    if (e.status !== 'done' || e.errors) throw new Error(`engine run ended ${e.status} with ${e.errors} errors`);
    const engineRss = Math.max(e.peakRssSampled, e.maxRssKernel);
    console.log(`engine: ${e.files} files (${mb(e.bytes)} MB) in ${(e.ms / 1000).toFixed(1)} s, ${e.getFile} getFile, peak RSS ${mb(engineRss)} MB`);
    console.log(`no-change resync: ${e.resync.requests} requests ${JSON.stringify(e.resync.byMethod)}`);

    let baseline: (BaselineChildResult & { msAllUsers: number }) | null = null;
    if (!values['skip-baseline']) {
      const users = Math.min(USERS, Number(values['baseline-users'] ?? USERS));
      console.log(`baseline: GramJS, getUserPhotos pages then downloadMedia one photo at a time, ${users} users ...`);
      const b = await runChild<BaselineChildResult>('test/bench/baseline-child.ts', [...common, '--out', path.join(work, 'baseline'), '--users', String(users)]);
      baseline = { ...b, msAllUsers: (b.ms * USERS) / b.users };
      console.log(`baseline: ${b.files} files (${mb(b.bytes)} MB) in ${(b.ms / 1000).toFixed(1)} s, ${b.getFile} getFile`);
    }

    const limit = Math.ceil(e.targets / 200) + 5;
    const figures = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', platform: process.platform, node: process.version, loadAverage: os.loadavg() },
      world: { users: USERS, photosPerUser: PHOTOS, videoShare: 0.1, dcs: DCS, latencyMs: LATENCY },
      engine: {
        concurrencyPerDc: CONCURRENCY,
        nodeFlags: ENGINE_NODE_FLAGS,
        wallSeconds: e.ms / 1000,
        files: e.files,
        photos: e.photos,
        bytes: e.bytes,
        getFile: e.getFile,
        requests: e.requests,
        peakRssMb: mb(engineRss),
      },
      baseline: baseline && {
        users: baseline.users,
        wallSeconds: baseline.ms / 1000,
        wallSecondsScaledToAllUsers: baseline.msAllUsers / 1000,
        files: baseline.files,
        bytes: baseline.bytes,
        getFile: baseline.getFile,
        requests: baseline.requests,
        peakRssMb: mb(baseline.maxRssKernel),
      },
      results: {
        wallTimeRatio: baseline ? baseline.msAllUsers / e.ms : null,
        getFilePerFileEngine: e.getFile / e.files,
        getFilePerFileBaseline: baseline ? baseline.getFile / baseline.files : null,
        noChangeResyncRequests: e.resync.requests,
        noChangeResyncLimit: limit,
        enginePeakRssMb: mb(engineRss),
      },
      targets: { wallTimeRatio: 8, getFilePerFileEngine: 1.05, noChangeResyncRequests: limit, enginePeakRssMb: 300 },
    };
    const r = figures.results;
    const row = (name: string, value: string, target: string, ok: boolean | null): string =>
      `  ${name.padEnd(44)} ${value.padStart(8)}   target ${target.padEnd(8)} ${ok === null ? '' : ok ? 'met' : 'MISSED'}`;
    console.log('\nresults');
    console.log(row('wall-time ratio baseline / engine', r.wallTimeRatio?.toFixed(1) ?? 'n/a', '>= 8', r.wallTimeRatio === null ? null : r.wallTimeRatio >= 8));
    console.log(row('upload.getFile per archived file, engine', r.getFilePerFileEngine.toFixed(3), '<= 1.05', r.getFilePerFileEngine <= 1.05));
    console.log(row('upload.getFile per archived file, baseline', r.getFilePerFileBaseline?.toFixed(3) ?? 'n/a', '-', null));
    console.log(row('requests of a no-change resync of all targets', String(r.noChangeResyncRequests), `<= ${limit}`, r.noChangeResyncRequests <= limit));
    console.log(row('engine peak RSS (MB)', String(r.enginePeakRssMb), '< 300', r.enginePeakRssMb < 300));

    const media = values['skip-media'] ? null : await runMediaBench(path.join(work, 'media'));
    Object.assign(figures, { media });

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
