import { describe, expect, it } from 'vitest';
import type { ScheduleStatus } from '../../../preload/contract/settings.js';
import type { SyncProgress } from '../../../preload/contract/sync.js';
import { autostartEntry, blockerChange, closeAction, loginItemPlan, startsHidden, trayIconFile, trayMenu, trayState } from '../../../main/electron/background-policy.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const schedule = (s: Partial<ScheduleStatus> = {}): ScheduleStatus => ({
  state: 'waiting',
  nextRunAt: NOW + 3_600_000,
  lastRunAt: NOW - 60_000,
  budget: { limit: 5000, used: 10, left: 4990, resetsAt: NOW + 43_200_000 },
  ...s,
});
const progress = (p: Partial<SyncProgress> = {}): SyncProgress => ({
  runId: 1,
  state: 'running',
  phase: 'downloading',
  targetsDone: 3,
  targetsTotal: 10,
  photosFound: 20,
  photosRemoved: 0,
  filesDownloaded: 12,
  filesTotal: 40,
  bytesDownloaded: 1000,
  lastPerson: null,
  errors: 0,
  floodWait: null,
  etaSeconds: null,
  ...p,
}) as SyncProgress;
const time = (t: number) => new Date(t).toISOString().slice(11, 16);
const base = { schedule: schedule(), progress: null, needsLogin: false, now: NOW, time };

describe('the tray', () => {
  it('says idle with the next run, archiving with progress, a flood wait until when, a login needed', () => {
    expect(trayState(base)).toMatchObject({ status: 'waiting', text: 'Photo Archiver: idle, next run at 13:00', running: false });
    expect(trayState({ ...base, progress: progress() })).toMatchObject({ status: 'archiving', text: 'Photo Archiver: archiving 3/10 people, 12/40 files', running: true });
    expect(trayState({ ...base, progress: progress({ floodWait: { method: 'upload.GetFile', until: NOW + 90_000 } }) })).toMatchObject({
      status: 'flood-wait',
      text: 'Photo Archiver: Telegram asked to wait until 12:01',
    });
    expect(trayState({ ...base, needsLogin: true }).status).toBe('needs-login');
    expect(trayState({ ...base, schedule: schedule({ state: 'paused', nextRunAt: null }) })).toMatchObject({ status: 'paused', paused: true });
    expect(trayState({ ...base, progress: progress({ phase: 'finished', state: 'done' }) }).running).toBe(false);
  });

  it('offers archive now (not while a run is on or a login is needed), pause all as a checkbox, open and quit', () => {
    const idle = trayMenu(trayState(base));
    expect(idle.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual(['idle, next run at 13:00', 'Archive now', 'Pause all', 'Open Photo Archiver', 'Quit']);
    expect(idle[0]!.enabled).toBe(false);
    expect(idle.find((i) => i.id === 'archive-now')!.enabled).toBe(true);
    expect(trayMenu(trayState({ ...base, progress: progress() })).find((i) => i.id === 'archive-now')!.enabled).toBe(false);
    expect(trayMenu(trayState({ ...base, needsLogin: true })).find((i) => i.id === 'archive-now')!.enabled).toBe(false);
    expect(trayMenu(trayState({ ...base, schedule: schedule({ state: 'paused' }) })).find((i) => i.id === 'pause-all')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('uses a template image on macOS, an .ico on Windows, a PNG on Linux', () => {
    expect(trayIconFile('darwin', true)).toBe('trayTemplate.png');
    expect(trayIconFile('win32', false)).toBe('tray-light.ico');
    expect(trayIconFile('linux', true)).toBe('tray-dark.png');
  });
});

describe('closing, starting hidden, login items, suspension', () => {
  it('hides the window on close while there is a tray, says so the first time only, and closes for real on quit', () => {
    expect(closeAction({ quitting: false, hasTray: true, toldBefore: false })).toEqual({ hide: true, tell: true });
    expect(closeAction({ quitting: false, hasTray: true, toldBefore: true })).toEqual({ hide: true, tell: false });
    expect(closeAction({ quitting: true, hasTray: true, toldBefore: false })).toEqual({ hide: false, tell: false });
    expect(closeAction({ quitting: false, hasTray: false, toldBefore: false })).toEqual({ hide: false, tell: false });
  });

  it('starts hidden with --hidden, or when macOS opened it at login', () => {
    expect(startsHidden({ hiddenFlag: true, platform: 'linux', wasOpenedAtLogin: false })).toBe(true);
    expect(startsHidden({ hiddenFlag: false, platform: 'darwin', wasOpenedAtLogin: true })).toBe(true);
    expect(startsHidden({ hiddenFlag: false, platform: 'win32', wasOpenedAtLogin: true })).toBe(false);
  });

  it('uses login items on macOS and Windows (with --hidden on Windows) and an XDG autostart entry on Linux', () => {
    const input = { configHome: '/home/a/.config', executable: '/opt/Photo Archiver/tg-photo-archiver' };
    expect(loginItemPlan({ ...input, enabled: true, platform: 'darwin' })).toEqual({ kind: 'login-item', settings: { openAtLogin: true } });
    expect(loginItemPlan({ ...input, enabled: true, platform: 'win32' })).toEqual({ kind: 'login-item', settings: { openAtLogin: true, args: ['--hidden'] } });
    expect(loginItemPlan({ ...input, enabled: false, platform: 'linux' })).toEqual({ kind: 'autostart-file', file: '/home/a/.config/autostart/tg-photo-archiver.desktop', content: null });
    const entry = loginItemPlan({ ...input, enabled: true, platform: 'linux' });
    expect(entry.kind === 'autostart-file' && entry.content).toContain('Exec="/opt/Photo Archiver/tg-photo-archiver" --hidden\n');
  });

  it('quotes an executable path with the characters the Desktop Entry spec reserves', () => {
    expect(autostartEntry('/home/a/My "Apps"/100%/$x/app')).toContain('Exec="/home/a/My \\"Apps\\"/100%%/\\$x/app" --hidden');
    expect(autostartEntry('/x').split('\n')[0]).toBe('[Desktop Entry]');
  });

  it('blocks suspension only while a run is on', () => {
    expect(blockerChange(true, false)).toBe('start');
    expect(blockerChange(true, true)).toBeNull();
    expect(blockerChange(false, true)).toBe('stop');
    expect(blockerChange(false, false)).toBeNull();
  });
});
