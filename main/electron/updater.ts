/**
 * App updates through electron-updater and GitHub Releases. The decisions live in
 * core/update/update-policy.ts; this file feeds it the updater's events, the
 * person's answers and a clock, and carries out what it returns. The updater, the
 * notifier and the clock are injected, so tests drive it with fakes; only
 * startUpdates() touches Electron and electron-updater.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { Logger } from '../core/log.js';
import {
  TICK_MS,
  initialUpdateState,
  updateStep,
  updateSupport,
  type UpdateEffect,
  type UpdateInput,
  type UpdateNotice,
  type UpdatePrompt,
  type UpdateState,
} from '../core/update/update-policy.js';

/** The part of electron-updater's AppUpdater this app uses. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

/** Shows the policy's questions and notices to the person. */
export interface UpdateNotifier {
  ask(prompt: UpdatePrompt): Promise<boolean>;
  tell(notice: UpdateNotice): void;
}

export interface UpdateClock {
  now(): number;
  /** Runs `tick` every `ms`; returns a stop function. */
  every(ms: number, tick: () => void): () => void;
}

export const systemUpdateClock: UpdateClock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref(); // never keeps the app alive
    return () => clearInterval(timer);
  },
};

export interface RunUpdatesOptions {
  readonly updater: UpdaterPort;
  readonly notifier: UpdateNotifier;
  readonly log: Logger;
  readonly clock?: UpdateClock;
}

export interface UpdatesHandle {
  /** The policy's current state (for tests and diagnostics). */
  state(): UpdateState;
  stop(): void;
}

/** Wires the updater to the policy, checks now, then asks every hour whether a daily check is due. */
export function runUpdates({ updater, notifier, log, clock = systemUpdateClock }: RunUpdatesOptions): UpdatesHandle {
  // Nothing is downloaded or installed unless the person says so.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  let state = initialUpdateState;

  const feed = (input: UpdateInput): void => {
    const next = updateStep(state, input);
    state = next.state;
    for (const effect of next.effects) perform(effect);
  };

  // electron-updater reports a failed check or download both as a rejection and as
  // an 'error' event; the event alone feeds the policy.
  const quietly = (promise: Promise<unknown>): void => void promise.catch(() => undefined);

  const perform = (effect: UpdateEffect): void => {
    switch (effect.type) {
      case 'check':
        // null means the updater judged itself inactive and emits nothing: end the check.
        return quietly(updater.checkForUpdates().then((result) => result === null && feed({ type: 'error', message: 'the updater is not active for this install' })));
      case 'download':
        return quietly(updater.downloadUpdate());
      case 'install':
        return updater.quitAndInstall();
      case 'ask': {
        const { question } = effect.prompt;
        void notifier.ask(effect.prompt).then(
          (accepted) => feed({ type: 'answer', question, accepted, now: clock.now() }),
          (error: unknown) => log.warn('update prompt failed', error),
        );
        return;
      }
      case 'tell':
        return notifier.tell(effect.notice);
      case 'log':
        return effect.level === 'warn' ? log.warn(effect.message) : log.info(effect.message);
    }
  };

  updater.on('update-available', (info) => feed({ type: 'update-available', version: info.version, now: clock.now() }));
  updater.on('update-not-available', () => feed({ type: 'update-not-available' }));
  updater.on('download-progress', (progress) => feed({ type: 'download-progress', percent: progress.percent }));
  updater.on('update-downloaded', (info) => feed({ type: 'update-downloaded', version: info.version }));
  updater.on('error', (error) => feed({ type: 'error', message: error.message }));

  feed({ type: 'tick', now: clock.now() });
  const stop = clock.every(TICK_MS, () => feed({ type: 'tick', now: clock.now() }));
  return { state: () => state, stop };
}

/** Native message boxes, attached to the main window when there is one. */
export function dialogNotifier(dialog: Dialog, parent: () => BrowserWindow | null): UpdateNotifier {
  const options = { noLink: true, defaultId: 0, cancelId: 1 };
  return {
    async ask(prompt) {
      const box = { ...options, type: 'info' as const, title: prompt.title, message: prompt.message, detail: prompt.detail, buttons: [prompt.accept, prompt.decline] };
      const window = parent();
      const { response } = window ? await dialog.showMessageBox(window, box) : await dialog.showMessageBox(box);
      return response === 0;
    },
    tell(notice) {
      void dialog.showMessageBox({ type: 'warning', title: notice.title, message: notice.message, detail: notice.detail, buttons: ['OK'] });
    },
  };
}

/**
 * Starts updates where this install can update itself (see updateSupport), else
 * logs why not and does nothing. Electron and electron-updater are loaded here,
 * not at the top, so that tests can import runUpdates without them.
 */
export async function startUpdates(parent: () => BrowserWindow | null, log: Logger): Promise<UpdatesHandle | null> {
  const { app, dialog } = await import('electron');
  // Only a packaged app has resources (and its app-update.yml there).
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const support = updateSupport({
    isPackaged: app.isPackaged,
    platform: process.platform,
    env: process.env,
    hasUpdateConfig: resources !== undefined && fs.existsSync(path.join(resources, 'app-update.yml')),
    packageType: resources === undefined ? null : readIfExists(path.join(resources, 'package-type')),
  });
  if (!support.enabled) {
    log.info(`updates off: ${support.reason}`);
    return null;
  }
  log.info(`updates on: ${support.how}`);
  // electron-updater is CommonJS with autoUpdater as a lazy getter, which Node's
  // ESM named-export detection misses; electron-builder's docs reach it through
  // the default export in ESM. Take whichever the bundle's interop provides.
  const updaterModule = await import('electron-updater');
  const autoUpdater = updaterModule.autoUpdater ?? (updaterModule as unknown as { default: typeof updaterModule }).default.autoUpdater;
  autoUpdater.logger = log;
  const liveParent = (): BrowserWindow | null => {
    const window = parent();
    return window && !window.isDestroyed() ? window : null;
  };
  return runUpdates({ updater: autoUpdater, notifier: dialogNotifier(dialog, liveParent), log });
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}
