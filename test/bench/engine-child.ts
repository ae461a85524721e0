/**
 * The engine side of the benchmark, in its own process: a host on a fresh
 * archive, every contact added as a target, one full sync (timed, peak RSS
 * sampled), then a no-change resync. Prints one RESULT line of JSON.
 */
import { parseArgs } from 'node:util';
import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';
import { createHost } from '../../main/host.js';
import type { BudgetUse } from '../sandbox/index.js';
import { measureLoopDelay, type LoopDelay } from './event-loop-delay.js';
import { controlClient } from './sandbox-process.js';

export interface EngineResult {
  targets: number;
  ms: number;
  status: string;
  errors: number;
  photos: number;
  files: number;
  bytes: number;
  getFile: number;
  requests: Record<string, number>;
  /** Errors the sandbox answered during the full sync, by message (FLOOD_WAIT_X, FLOOD_PREMIUM_WAIT_X, ...). */
  errorsSent: Record<string, number>;
  peakRssSampled: number;
  /** CPU time the sandbox's process spent serving the full sync (ms). */
  sandboxCpuMs: number;
  /** Per DC, how full the engine kept its download budget (the sandbox's measure; empty without limits). */
  budgetUse: BudgetUse[];
  maxRssKernel: number;
  resync: { status: string; requests: number; byMethod: Record<string, number> };
  loopDelay: LoopDelay;
}

const { values } = parseArgs({
  options: { control: { type: 'string' }, profile: { type: 'string' }, session: { type: 'string' }, archive: { type: 'string' }, concurrency: { type: 'string' }, unpaced: { type: 'boolean', default: false } },
});
const ACCOUNT = 1000;
const sandbox = controlClient(values.control!);
const profile = JSON.parse(values.profile!) as ServerProfile;

const secrets = new MemorySecretStore();
const host = createHost({
  archiveDir: values.archive!,
  secrets,
  appVersion: 'bench',
  platform: process.platform,
  serverProfile: profile,
  telegramClientOptions: { logLevel: 'none' },
  // Against a server without limits the per-method pacing has nothing to protect: off, for the raw speed.
  ...(values.unpaced ? { telegramCallTiming: { paces: {} } } : {}),
  // The app's own defaults unless the bench asks for another concurrency.
  ...(values.concurrency ? { syncOptions: { concurrencyPerDc: Number(values.concurrency) } } : {}),
  makeThumbnails: false, // as the CLI: the engine alone
});
try {
  host.telegram.credentials.set({ apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' });
  await secrets.set(`session:${ACCOUNT}`, values.session!);
  host.repos.accounts.upsert({ id: ACCOUNT, phone: '+15550001000', firstName: 'Bench', lastName: '', username: null, dcId: 2 }, Date.now());
  const candidates = await host.sync.targets.candidates('contacts');
  for (const c of candidates) await host.sync.targets.add({ userId: c.userId });

  await sandbox.control('resetMetrics');
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  const inspector = await import('node:inspector/promises');
  const session = process.env['ALLOC_PROFILE'] ? new inspector.Session() : null;
  if (session) { session.connect(); await session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }); }
  const stopLoopDelay = measureLoopDelay();
  const started = performance.now();
  const run = await (await host.sync.service.start()).done;
  const ms = performance.now() - started;
  const loopDelay = await stopLoopDelay();
  if (session) {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
    type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
    const by = new Map<string, number>();
    const walk = (n: Node, stack: string[]) => { const f = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; const st = [...stack, f]; if (n.selfSize) { const k = st.slice(-4).join(' < '); by.set(k, (by.get(k) ?? 0) + n.selfSize); } for (const c of n.children) walk(c, st); };
    walk(profile.head, []);
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`ALLOC total ${(total / 1e6).toFixed(0)} MB\n` + [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `ALLOC ${(v / 1e6).toFixed(1)} MB ${k.split(' < ').reverse().join(' < ')}`).join('\n') + '\n');
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const metrics = await sandbox.metrics();
  const budgetUse = await sandbox.control<BudgetUse[]>('downloadBudgetUse');
  const files = host.sync.repos.files.totals();
  const pending = host.sync.repos.photos.counts().pending;
  if (pending) throw new Error(`the engine left ${pending} photos without files`);

  await sandbox.control('resetMetrics');
  const resync = await (await host.sync.service.start()).done;
  const resyncMetrics = await sandbox.metrics();
  const result: EngineResult = {
    targets: candidates.length,
    ms,
    status: run.status,
    errors: run.errors,
    photos: run.photosFound,
    files: files.files,
    bytes: files.bytes,
    getFile: metrics.requestsByMethod['upload.GetFile'] ?? 0,
    requests: metrics.requestsByMethod,
    errorsSent: metrics.errorsSent,
    sandboxCpuMs: metrics.cpuMs,
    peakRssSampled: peak,
    budgetUse,
    maxRssKernel: process.resourceUsage().maxRSS * 1024,
    resync: { status: resync.status, requests: resyncMetrics.requests, byMethod: resyncMetrics.requestsByMethod },
    loopDelay,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  await host.close();
}
process.exit(0);
