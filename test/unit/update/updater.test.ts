import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateNotice, UpdatePrompt } from '../../../main/core/update/update-policy.js';
import { CHECK_EVERY_MS, TICK_MS } from '../../../main/core/update/update-policy.js';
import { runUpdates, type UpdateClock, type UpdateNotifier, type UpdaterPort } from '../../../main/electron/updater.js';

// The Electron wiring with the updater, the notifier and the clock injected:
// electron-updater's AppUpdater stands in as an EventEmitter with its methods
// recorded; the person answers through a notifier that replies as scripted.

class FakeUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  calls: string[] = [];
  checkForUpdates(): Promise<unknown> {
    this.calls.push('check');
    return Promise.resolve(this.inactive ? null : { updateInfo: {} });
  }
  inactive = false;
  downloadUpdate(): Promise<unknown> {
    this.calls.push('download');
    // electron-updater rejects as well as emitting 'error'; the wiring must not crash on it.
    return this.failDownload ? Promise.reject(new Error('network')) : Promise.resolve([]);
  }
  failDownload = false;
  quitAndInstall(): void {
    this.calls.push('quitAndInstall');
  }
}

class FakeClock implements UpdateClock {
  time = Date.UTC(2026, 11, 3, 9);
  private ticks: Array<{ ms: number; next: number; tick: () => void }> = [];
  now(): number {
    return this.time;
  }
  every(ms: number, tick: () => void): () => void {
    const timer = { ms, next: this.time + ms, tick };
    this.ticks.push(timer);
    return () => (this.ticks = this.ticks.filter((t) => t !== timer));
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.ticks.filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.time = due.next;
      due.next += due.ms;
      due.tick();
    }
    this.time = end;
  }
}

class ScriptedNotifier implements UpdateNotifier {
  asked: UpdatePrompt[] = [];
  told: UpdateNotice[] = [];
  constructor(private readonly answers: Record<'download' | 'restart', boolean>) {}
  ask(prompt: UpdatePrompt): Promise<boolean> {
    this.asked.push(prompt);
    return Promise.resolve(this.answers[prompt.question]);
  }
  tell(notice: UpdateNotice): void {
    this.told.push(notice);
  }
}

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(answers: Record<'download' | 'restart', boolean>, prepare: (updater: FakeUpdater) => void = () => undefined) {
  const updater = new FakeUpdater();
  prepare(updater);
  const notifier = new ScriptedNotifier(answers);
  const clock = new FakeClock();
  const handle = runUpdates({ updater, notifier, clock, log: silentLog });
  return { updater, notifier, clock, handle };
}

describe('updater wiring (electron-updater and dialogs injected)', () => {
  it('turns off automatic downloads, keeps install-on-quit, and checks at start', () => {
    const { updater, handle } = setup({ download: true, restart: true });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.calls).toEqual(['check']);
    handle.stop();
  });

  it('checks again a day later through the hourly tick, and stops ticking when stopped', () => {
    const { updater, clock, handle } = setup({ download: true, restart: true });
    updater.emit('update-not-available');
    clock.advance(CHECK_EVERY_MS - TICK_MS);
    expect(updater.calls).toEqual(['check']);
    clock.advance(TICK_MS);
    expect(updater.calls).toEqual(['check', 'check']);
    handle.stop();
    updater.emit('update-not-available');
    clock.advance(3 * CHECK_EVERY_MS);
    expect(updater.calls).toEqual(['check', 'check']);
  });

  it('downloads after the person agrees and restarts when they choose to', async () => {
    const { updater, notifier, handle } = setup({ download: true, restart: true });
    updater.emit('update-available', { version: '0.2.0' });
    await settle();
    expect(notifier.asked.map((p) => p.question)).toEqual(['download']);
    expect(updater.calls).toEqual(['check', 'download']);
    updater.emit('download-progress', { percent: 55 });
    expect(handle.state().phase).toEqual({ kind: 'downloading', version: '0.2.0', percent: 55 });
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(notifier.asked.map((p) => p.question)).toEqual(['download', 'restart']);
    expect(updater.calls).toEqual(['check', 'download', 'quitAndInstall']);
    handle.stop();
  });

  it('downloads nothing when the person says later', async () => {
    const { updater, notifier, handle } = setup({ download: false, restart: true });
    updater.emit('update-available', { version: '0.2.0' });
    await settle();
    expect(notifier.asked).toHaveLength(1);
    expect(updater.calls).toEqual(['check']);
    expect(handle.state().snoozed?.version).toBe('0.2.0');
    handle.stop();
  });

  it('does not restart when the person chooses later', async () => {
    const { updater, handle } = setup({ download: true, restart: false });
    updater.emit('update-available', { version: '0.2.0' });
    await settle();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(updater.calls).toEqual(['check', 'download']);
    expect(handle.state().phase.kind).toBe('ready');
    handle.stop();
  });

  it('ends a check the updater declines (inactive, nothing emitted), so the next day checks again', async () => {
    const { updater, clock, handle } = setup({ download: true, restart: true }, (u) => (u.inactive = true));
    await settle();
    expect(handle.state().phase.kind).toBe('idle');
    clock.advance(CHECK_EVERY_MS);
    expect(updater.calls).toEqual(['check', 'check']);
    handle.stop();
  });

  it('tells the person when the download they asked for fails, without an unhandled rejection', async () => {
    const { updater, notifier, handle } = setup({ download: true, restart: true });
    updater.failDownload = true;
    updater.emit('update-available', { version: '0.2.0' });
    await settle();
    updater.emit('error', new Error('network'));
    await settle();
    expect(notifier.told.map((n) => n.title)).toEqual(['Update failed']);
    expect(handle.state().phase.kind).toBe('idle');
    handle.stop();
  });
});
