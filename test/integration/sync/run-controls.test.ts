/**
 * Steering a run through the contract: sync.start, sync.pause (nothing new is
 * requested while paused), sync.resume, sync.cancel (the run ends 'cancelled',
 * the next one completes), sync.status and throttled sync.progress events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramCaller } from '../../../main/core/telegram/caller.js';
import type { Host } from '../../../main/host.js';
import type { SyncProgress } from '../../../preload/contract/sync.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { until } from '../accounts/support.js';
import { addTargets, expectArchiveExact, loggedInHost, SMALL_WORLD, TARGETS, tempDir, type SyncTestHost } from './support.js';

/**
 * Counts the engine's calls to Telegram still waiting for an answer, at the seam the
 * engine uses (host.telegram.caller), so a test can wait until none is left.
 */
function watchCalls(host: Host): { readonly inFlight: number; readonly started: number } {
  const watch = { inFlight: 0, started: 0 };
  const real = host.telegram.caller.bind(host.telegram);
  host.telegram.caller = (accountId: number): TelegramCaller => {
    const caller = real(accountId);
    return {
      accountId: caller.accountId,
      homeDcId: caller.homeDcId,
      requestCounts: () => caller.requestCounts(),
      async call(request, options) {
        watch.started++;
        watch.inFlight++;
        try {
          return await caller.call(request, options);
        } finally {
          watch.inFlight--;
        }
      },
    };
  };
  return watch;
}

describe('pause, resume, cancel and status through the contract', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;
  const progress: SyncProgress[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
    for (const dc of sandbox.world.dcs) sandbox.control.setConditions(dc, { latencyMs: 25 });
    t = await loggedInHost(sandbox, tempDir(), { syncOptions: { concurrencyPerDc: 2, requestTimeoutMs: 60_000, minBytesPerSecond: 1024 * 1024 } });
    t.host.events.subscribe((name, payload) => {
      if (name === 'sync.progress') progress.push(payload as SyncProgress);
    });
    await addTargets(t.host, TARGETS, sandbox);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const call = async (name: 'sync.start' | 'sync.pause' | 'sync.resume' | 'sync.cancel' | 'sync.status', input: object = {}) => {
    const result = await t.host.dispatch(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };

  it('pauses and resumes a run, then cancels the next and completes after', async () => {
    const calls = watchCalls(t.host);
    // Four files, then the sandbox holds the downloads: the run is surely going when we pause it.
    sandbox.control.holdRequests('upload.GetFile', { pass: 4 });
    const { runId } = (await call('sync.start')) as { runId: number };
    const second = await t.host.dispatch('sync.start', {});
    expect(second.ok ? null : second.error.code).toBe('SYNC_BUSY');

    await until(() => progress.some((p) => p.filesDownloaded > 3));
    expect(await call('sync.pause')).toEqual({ paused: true });
    // What was asked before the pause is answered; then nothing new goes out.
    sandbox.control.releaseRequests();
    await until(() => calls.inFlight === 0);
    expect(calls.started, 'the engine calls through host.telegram.caller').toBeGreaterThan(0);
    sandbox.control.resetMetrics();
    const startedWhilePaused = calls.started;
    // A window to see a request that should not come; it can only hide a bug, never fail a good run.
    await new Promise((r) => setTimeout(r, 400));
    expect(sandbox.control.metrics().requests, 'no request while paused').toBe(0);
    expect(calls.started, 'no call while paused').toBe(startedWhilePaused);
    const paused = (await call('sync.status')) as { current: SyncProgress };
    expect(paused.current).toMatchObject({ runId, state: 'paused' });

    expect(await call('sync.resume')).toEqual({ resumed: true });
    await t.host.sync.service.settled();
    const done = (await call('sync.status')) as { current: null; lastRun: { id: number; status: string } };
    expect(done.current).toBeNull();
    expect(done.lastRun).toMatchObject({ id: runId, status: 'done' });
    expect(progress.at(-1)).toMatchObject({ runId, state: 'done', phase: 'finished' });
    expectArchiveExact(t.host, sandbox, TARGETS);
  });

  it('cancel stops a run cleanly; the next run finishes the archive', async () => {
    const other = await loggedInHost(sandbox, tempDir(), { syncOptions: { concurrencyPerDc: 2 } });
    try {
      await addTargets(other.host, TARGETS, sandbox);
      sandbox.control.holdRequests('upload.GetFile', { pass: 5 });
      const started = await other.host.sync.service.start();
      await until(() => (other.host.sync.service.status().current?.filesDownloaded ?? 0) >= 5);
      expect(other.host.sync.service.cancel()).toBe(true);
      const cancelled = await started.done;
      expect(cancelled.status).toBe('cancelled');
      sandbox.control.releaseRequests();
      const resumed = await (await other.host.sync.service.start()).done;
      expect(resumed.status).toBe('done');
      expectArchiveExact(other.host, sandbox, TARGETS);
    } finally {
      sandbox.control.releaseRequests();
      await other.close();
    }
  });
});
