/**
 * The decisions of the app's background life, as plain functions: what the
 * tray says and offers, whether closing the window hides it, whether a launch
 * starts hidden, how start-at-login is done on each platform, when the system
 * may not suspend the app. No Electron here: unit-tested under Node.
 */
import type { SyncProgress } from '../../preload/contract/sync.js';
import type { ScheduleStatus } from '../../preload/contract/settings.js';

export interface TrayInput {
  readonly schedule: ScheduleStatus;
  /** The run on, if any (sync.progress). */
  readonly progress: SyncProgress | null;
  /** An account Telegram logged out: runs cannot go on until it logs in again. */
  readonly needsLogin: boolean;
  readonly now: number;
  /** Formats a time of day (Intl in the app; fixed in tests). */
  readonly time: (t: number) => string;
}

export interface TrayState {
  /** Idle, archiving, waiting, needs login…: picks the icon's tooltip and the menu's first line. */
  readonly status: 'idle' | 'archiving' | 'flood-wait' | 'needs-login' | 'paused' | 'waiting';
  readonly text: string;
  readonly running: boolean;
  readonly paused: boolean;
}

const APP = 'Photo Archiver';

export function trayState(input: TrayInput): TrayState {
  const { schedule, progress, now, time } = input;
  const running = progress !== null && progress.state !== 'done' && progress.state !== 'failed' && progress.state !== 'cancelled';
  const paused = schedule.state === 'paused';
  const base = { running, paused };
  if (input.needsLogin) return { ...base, status: 'needs-login', text: `${APP}: a Telegram account needs to log in again` };
  if (running && progress.floodWait && progress.floodWait.until > now) {
    return { ...base, status: 'flood-wait', text: `${APP}: Telegram asked to wait until ${time(progress.floodWait.until)}` };
  }
  if (running) {
    const files = progress.filesTotal > 0 ? `, ${progress.filesDownloaded}/${progress.filesTotal} files` : '';
    const state = progress.state === 'paused' ? 'paused' : 'archiving';
    return { ...base, status: 'archiving', text: `${APP}: ${state} ${progress.targetsDone}/${progress.targetsTotal} people${files}` };
  }
  if (paused) return { ...base, status: 'paused', text: `${APP}: scheduled runs paused` };
  if (schedule.state === 'suspended') return { ...base, status: 'paused', text: `${APP}: paused while the computer sleeps` };
  if (schedule.state === 'budget') return { ...base, status: 'waiting', text: `${APP}: today's request budget is spent` };
  if (schedule.state === 'backoff' && schedule.nextRunAt) return { ...base, status: 'flood-wait', text: `${APP}: slowing down for Telegram until ${time(schedule.nextRunAt)}` };
  if (schedule.state === 'waiting' && schedule.nextRunAt) return { ...base, status: 'waiting', text: `${APP}: idle, next run at ${time(schedule.nextRunAt)}` };
  return { ...base, status: 'idle', text: `${APP}: idle` };
}

export type TrayCommand = 'archive-now' | 'pause-all' | 'open' | 'quit';

export interface TrayMenuItem {
  readonly id: string;
  readonly label: string;
  readonly type: 'normal' | 'separator' | 'checkbox';
  readonly enabled: boolean;
  readonly checked?: boolean;
  readonly command?: TrayCommand;
}

/** The tray menu: status, archive now, pause all, open, quit. */
export function trayMenu(state: TrayState): TrayMenuItem[] {
  return [
    { id: 'status', label: state.text.replace(`${APP}: `, ''), type: 'normal', enabled: false },
    { id: 'sep1', label: '', type: 'separator', enabled: true },
    { id: 'archive-now', label: 'Archive now', type: 'normal', enabled: !state.running && state.status !== 'needs-login', command: 'archive-now' },
    { id: 'pause-all', label: 'Pause all', type: 'checkbox', enabled: true, checked: state.paused, command: 'pause-all' },
    { id: 'open', label: 'Open Photo Archiver', type: 'normal', enabled: true, command: 'open' },
    { id: 'sep2', label: '', type: 'separator', enabled: true },
    { id: 'quit', label: 'Quit', type: 'normal', enabled: true, command: 'quit' },
  ];
}

/** The tray image for the platform: a template image on macOS (the menu bar tints it), an .ico on Windows. */
export function trayIconFile(platform: NodeJS.Platform, darkTheme: boolean): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  if (platform === 'win32') return darkTheme ? 'tray-dark.ico' : 'tray-light.ico';
  return darkTheme ? 'tray-dark.png' : 'tray-light.png';
}

export interface CloseInput {
  /** The app is quitting (the tray's Quit, the OS logging out): the window really closes. */
  readonly quitting: boolean;
  /** The tray icon exists: without it a hidden window could not be found again. */
  readonly hasTray: boolean;
  /** The person was already told that the app keeps running in the tray. */
  readonly toldBefore: boolean;
}

/** Closing the window hides it while the app archives in the background; the first time, the app says so. */
export function closeAction(input: CloseInput): { readonly hide: boolean; readonly tell: boolean } {
  if (input.quitting || !input.hasTray) return { hide: false, tell: false };
  return { hide: true, tell: !input.toldBefore };
}

/** A launch at login starts in the tray: `--hidden` (Windows, Linux's autostart entry) or macOS' own flag. */
export function startsHidden(input: { readonly hiddenFlag: boolean; readonly platform: NodeJS.Platform; readonly wasOpenedAtLogin: boolean }): boolean {
  return input.hiddenFlag || (input.platform === 'darwin' && input.wasOpenedAtLogin);
}

export const HIDDEN_FLAG = '--hidden';

/**
 * How start-at-login is done: Electron's login items on macOS and Windows
 * (setLoginItemSettings is theirs only); on Linux an XDG autostart entry,
 * ~/.config/autostart/<name>.desktop, which the desktop starts at login.
 */
export type LoginItemPlan =
  | { readonly kind: 'login-item'; readonly settings: { readonly openAtLogin: boolean; readonly args?: readonly string[] } }
  | { readonly kind: 'autostart-file'; readonly file: string; readonly content: string | null };

export function loginItemPlan(input: {
  readonly enabled: boolean;
  readonly platform: NodeJS.Platform;
  /** XDG_CONFIG_HOME or ~/.config (Linux). */
  readonly configHome: string;
  /** The program to start: the AppImage file when run from one ($APPIMAGE), else the executable. */
  readonly executable: string;
}): LoginItemPlan {
  if (input.platform === 'darwin') return { kind: 'login-item', settings: { openAtLogin: input.enabled } };
  if (input.platform === 'win32') return { kind: 'login-item', settings: { openAtLogin: input.enabled, args: [HIDDEN_FLAG] } };
  return { kind: 'autostart-file', file: `${input.configHome}/autostart/tg-photo-archiver.desktop`, content: input.enabled ? autostartEntry(input.executable) : null };
}

/** A desktop entry (freedesktop Desktop Entry spec 1.5); Exec quotes the path as the spec asks. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    'Name=Photo Archiver for Telegram',
    'Comment=Keeps the archive of profile photos current in the background',
    `Exec=${quoted.replace(/%/g, '%%')} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Suspension is prevented only while a run is on: start a blocker when one starts, stop it when it ends. */
export function blockerChange(running: boolean, blocking: boolean): 'start' | 'stop' | null {
  if (running && !blocking) return 'start';
  if (!running && blocking) return 'stop';
  return null;
}
