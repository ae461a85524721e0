/**
 * The app's life in the background, wired to Electron: the scheduler runs
 * while the app does; a tray icon shows its status and offers archive now,
 * pause all, open and quit; closing the window keeps the app in the tray;
 * start at login follows the setting; notifications tell of new and removed
 * photos once per run; sleep pauses the schedule and waking catches up; the
 * system may not suspend the app while a run is on. The decisions are in
 * background-policy.ts; this file only connects them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, Menu, nativeTheme, Notification, powerMonitor, powerSaveBlocker, Tray, type BrowserWindow } from 'electron';
import { z } from 'zod';
import type { SyncProgress } from '../../preload/contract/sync.js';
import { readSettings } from '../core/schedule/app-settings.js';
import { RunNewsQuery, runNotices } from '../core/schedule/run-news.js';
import type { Logger } from '../core/log.js';
import type { Host } from '../host.js';
import { blockerChange, closeAction, loginItemPlan, trayIconFile, trayMenu, trayState, type TrayCommand } from './background-policy.js';

export interface BackgroundOptions {
  readonly host: Host;
  readonly log: Logger;
  /** assets/tray of the app. */
  readonly trayIconDir: string;
  /** Shows the window (making it if needed) and focuses it. */
  readonly showWindow: () => BrowserWindow;
  readonly env: NodeJS.ProcessEnv;
}

const TOLD_KEY = 'app.toldAboutTray';
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export interface Background {
  /** The window's 'close': hide it instead while the app lives in the tray. */
  onWindowClose(event: { preventDefault(): void }, window: BrowserWindow): void;
  readonly hasTray: boolean;
  stop(): void;
}

export function startBackground(o: BackgroundOptions): Background {
  const { host, log } = o;
  const { scheduler } = host.schedule;
  let quitting = false;
  let progress: SyncProgress | null = null;
  let blocker: number | null = null;
  const news = new RunNewsQuery(host.archive.db);
  const live = new Set<Notification>();

  // --- tray -----------------------------------------------------------------------
  let tray: Tray | null = null;
  try {
    tray = new Tray(path.join(o.trayIconDir, trayIconFile(process.platform, nativeTheme.shouldUseDarkColors)));
  } catch (error) {
    // A Linux desktop without a status area: the app still works, closing the window quits it.
    log.warn('no tray icon', error);
  }
  const commands: Record<TrayCommand, () => void> = {
    'archive-now': () => scheduler.runNow(),
    'pause-all': () => scheduler.setPaused(scheduler.status().state !== 'paused'),
    open: () => void o.showWindow(),
    quit: () => app.quit(),
  };
  let shown = '';
  const refreshTray = (): void => {
    if (!tray || tray.isDestroyed()) return;
    const state = trayState({
      schedule: scheduler.status(),
      progress,
      needsLogin: host.repos.accounts.list().some((a) => a.status === 'needs_login'),
      now: Date.now(),
      time: (t) => time.format(t),
    });
    const items = trayMenu(state);
    const key = JSON.stringify(items);
    if (key === shown) return; // progress arrives several times a second; the menu changes less often
    shown = key;
    tray.setToolTip(state.text);
    // On Linux a changed menu shows only once set again: it is always built anew.
    tray.setContextMenu(
      Menu.buildFromTemplate(
        items.map((item) => ({
          id: item.id,
          label: item.label,
          type: item.type,
          enabled: item.enabled,
          ...(item.checked !== undefined ? { checked: item.checked } : {}),
          ...(item.command ? { click: commands[item.command] } : {}),
        })),
      ),
    );
  };
  tray?.on('click', () => void o.showWindow());

  // --- runs: progress, the power blocker, notifications ------------------------------
  const stopEvents = host.events.subscribe((name, payload) => {
    if (name === 'sync.progress') {
      const p = payload as SyncProgress;
      progress = p.phase === 'finished' ? null : p;
      const change = blockerChange(progress !== null, blocker !== null);
      if (change === 'start') blocker = powerSaveBlocker.start('prevent-app-suspension');
      if (change === 'stop' && blocker !== null) {
        powerSaveBlocker.stop(blocker);
        blocker = null;
      }
      if (p.phase === 'finished') notifyRun(p.runId);
    }
    if (name === 'archive.changed' && (payload as { scope: string }).scope === 'settings') checkLoginItem();
    if (name === 'sync.progress' || name === 'schedule.status' || name === 'archive.changed') refreshTray();
  });

  const notifyRun = (runId: number): void => {
    const run = host.sync.repos.runs.get(runId);
    if (!run?.finishedAt || !Notification.isSupported()) return;
    for (const notice of runNotices(news.of(run.startedAt, run.finishedAt), readSettings(host.repos.settings).notifications)) {
      const shownNotice = new Notification({ title: notice.title, body: notice.body });
      // Held until clicked or closed: a collected Notification loses its click handler.
      live.add(shownNotice);
      shownNotice.on('close', () => live.delete(shownNotice));
      shownNotice.on('click', () => {
        live.delete(shownNotice);
        o.showWindow();
        const target = notice.userId === null ? undefined : host.repos.targets.get(notice.userId);
        if (!target) return host.events.emit('app.navigate', { view: 'people' });
        const { accessHash: _hash, scheduleMinutes: _minutes, ...person } = target;
        host.events.emit('app.navigate', { view: 'person', target: person });
      });
      shownNotice.show();
    }
  };

  // --- start at login -------------------------------------------------------------------
  const applyLoginItem = (): void => {
    const plan = loginItemPlan({
      enabled: readSettings(host.repos.settings).startAtLogin,
      platform: process.platform,
      configHome: o.env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'),
      executable: o.env['APPIMAGE'] ?? process.execPath,
    });
    try {
      if (plan.kind === 'login-item') app.setLoginItemSettings({ openAtLogin: plan.settings.openAtLogin, ...(plan.settings.args ? { args: [...plan.settings.args] } : {}) });
      else if (plan.content === null) fs.rmSync(plan.file, { force: true });
      else {
        fs.mkdirSync(path.dirname(plan.file), { recursive: true });
        fs.writeFileSync(plan.file, plan.content, { mode: 0o644 });
      }
    } catch (error) {
      log.warn('start at login could not be changed', error);
    }
  };
  // Only a change of the setting touches the system's login items (a developer's run would register itself otherwise).
  let loginSetting = readSettings(host.repos.settings).startAtLogin;
  const checkLoginItem = (): void => {
    const now = readSettings(host.repos.settings).startAtLogin;
    if (now === loginSetting) return;
    loginSetting = now;
    applyLoginItem();
  };

  // --- sleep and wake -----------------------------------------------------------------
  const onSuspend = (): void => scheduler.suspend();
  const onResume = (): void => scheduler.resume();
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  app.on('before-quit', () => {
    quitting = true;
  });

  scheduler.start({ waitIfBusy: true });
  refreshTray();

  return {
    get hasTray() {
      return tray !== null && !tray.isDestroyed();
    },
    onWindowClose(event, window) {
      const action = closeAction({ quitting, hasTray: tray !== null && !tray.isDestroyed(), toldBefore: host.repos.settings.get(TOLD_KEY, z.boolean(), false) });
      if (!action.hide) return;
      event.preventDefault();
      window.hide();
      if (action.tell && Notification.isSupported()) {
        host.repos.settings.set(TOLD_KEY, true);
        new Notification({ title: 'Photo Archiver is still running', body: 'It keeps archiving in the background. Open it or quit from its icon in the tray.' }).show();
      }
    },
    stop() {
      stopEvents();
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('resume', onResume);
      if (blocker !== null) powerSaveBlocker.stop(blocker);
      blocker = null;
      tray?.destroy();
      tray = null;
    },
  };
}
