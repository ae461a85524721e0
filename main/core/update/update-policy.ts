/**
 * Every decision about app updates, as pure functions: whether this install can
 * update itself, when to check, what to do on each updater event and on each of
 * the person's answers, and what to show them. main/electron/updater.ts only
 * carries the effects out (electron-updater, dialogs, timers).
 *
 * The rules: check at start and then daily; never download until the person
 * agrees; never restart until they choose to (an update they did not restart for
 * installs when they quit); a version they put off is not offered again for a
 * week unless a newer one appears; failed background checks stay in the log, a
 * failed download they asked for is shown.
 */

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often the wiring asks whether a check is due (a day-long timer would drift across sleep). */
export const TICK_MS = 60 * 60 * 1000;
/** How long a version the person put off stays quiet. */
export const SNOOZE_MS = 7 * CHECK_EVERY_MS;

// ---------------------------------------------------------------------------
// Can this install update itself?

export interface UpdateEnvironment {
  readonly isPackaged: boolean;
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** resources/app-update.yml exists: electron-builder writes it when a publish provider is configured. */
  readonly hasUpdateConfig: boolean;
  /** resources/package-type (deb, rpm, pacman): written by electron-builder for Linux packages it can update. */
  readonly packageType: string | null;
}

export type UpdateSupport = { readonly enabled: true; readonly how: string } | { readonly enabled: false; readonly reason: string };

/** Linux packages electron-updater installs itself (DebUpdater, RpmUpdater, PacmanUpdater, through pkexec). */
const UPDATABLE_PACKAGES = new Set(['deb', 'rpm', 'pacman']);

/**
 * electron-updater's auto-updatable targets (electron.build/auto-update): NSIS on
 * Windows, DMG+zip on macOS (Squirrel.Mac), and on Linux an AppImage or a
 * deb/rpm/pacman package with electron-builder's package-type marker. Everything
 * else (development runs, an unpacked folder, a snap) cannot update itself.
 */
export function updateSupport(e: UpdateEnvironment): UpdateSupport {
  if (e.env['TG_UPDATES'] === 'off') return { enabled: false, reason: 'turned off (TG_UPDATES=off)' };
  if (!e.isPackaged) return { enabled: false, reason: 'a development build' };
  if (!e.hasUpdateConfig) return { enabled: false, reason: 'built without a publish provider (no app-update.yml)' };
  switch (e.platform) {
    case 'win32':
      return { enabled: true, how: 'NSIS installer' };
    case 'darwin':
      return { enabled: true, how: 'Squirrel.Mac (zip)' };
    case 'linux':
      if (e.env['SNAP']) return { enabled: false, reason: 'a snap (the Snap Store updates it)' };
      if (e.env['APPIMAGE']) return { enabled: true, how: 'AppImage' };
      if (e.packageType && UPDATABLE_PACKAGES.has(e.packageType)) return { enabled: true, how: `${e.packageType} package` };
      return { enabled: false, reason: 'not an AppImage or a package electron-updater can install' };
    default:
      return { enabled: false, reason: `no updater for ${e.platform}` };
  }
}

// ---------------------------------------------------------------------------
// What happens on each event.

export type UpdatePhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'asking-download'; readonly version: string }
  | { readonly kind: 'downloading'; readonly version: string; readonly percent: number }
  | { readonly kind: 'ready'; readonly version: string };

export interface UpdateState {
  readonly phase: UpdatePhase;
  /** When the last check started; null before the first. */
  readonly lastCheckAt: number | null;
  /** The version the person last put off, and when. */
  readonly snoozed: { readonly version: string; readonly at: number } | null;
}

export const initialUpdateState: UpdateState = { phase: { kind: 'idle' }, lastCheckAt: null, snoozed: null };

export type UpdateInput =
  /** The app started, or the periodic tick: check if one is due. */
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'update-available'; readonly version: string; readonly now: number }
  | { readonly type: 'update-not-available' }
  | { readonly type: 'download-progress'; readonly percent: number }
  | { readonly type: 'update-downloaded'; readonly version: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'answer'; readonly question: UpdateQuestion; readonly accepted: boolean; readonly now: number };

export type UpdateQuestion = 'download' | 'restart';

/** What the person sees: a question with two answers, or a notice. */
export interface UpdatePrompt {
  readonly question: UpdateQuestion;
  readonly version: string;
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly accept: string;
  readonly decline: string;
}
export interface UpdateNotice {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
}

export type UpdateEffect =
  | { readonly type: 'check' }
  | { readonly type: 'download' }
  | { readonly type: 'ask'; readonly prompt: UpdatePrompt }
  | { readonly type: 'install' }
  | { readonly type: 'tell'; readonly notice: UpdateNotice }
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string };

export interface UpdateStep {
  readonly state: UpdateState;
  readonly effects: readonly UpdateEffect[];
}

export function isCheckDue(state: UpdateState, now: number): boolean {
  return state.phase.kind === 'idle' && (state.lastCheckAt === null || now - state.lastCheckAt >= CHECK_EVERY_MS);
}

export function downloadPrompt(version: string): UpdatePrompt {
  return {
    question: 'download',
    version,
    title: 'Update available',
    message: `Photo Archiver for Telegram ${version} is available.`,
    detail: 'Download it now? Your archive stays as it is; the update installs when you restart the app.',
    accept: 'Download',
    decline: 'Later',
  };
}

export function restartPrompt(version: string): UpdatePrompt {
  return {
    question: 'restart',
    version,
    title: 'Update ready',
    message: `Version ${version} has been downloaded.`,
    detail: 'Restart now to install it? If you choose Later, it installs the next time you quit the app.',
    accept: 'Restart now',
    decline: 'Later',
  };
}

const same = (state: UpdateState): UpdateStep => ({ state, effects: [] });
const log = (level: 'info' | 'warn', message: string): UpdateEffect => ({ type: 'log', level, message });

export function updateStep(state: UpdateState, input: UpdateInput): UpdateStep {
  const { phase } = state;
  switch (input.type) {
    case 'tick':
      if (!isCheckDue(state, input.now)) return same(state);
      return { state: { ...state, phase: { kind: 'checking' }, lastCheckAt: input.now }, effects: [{ type: 'check' }] };

    case 'update-available': {
      if (phase.kind !== 'checking') return same(state);
      const { snoozed } = state;
      if (snoozed?.version === input.version && input.now - snoozed.at < SNOOZE_MS) {
        return { state: { ...state, phase: { kind: 'idle' } }, effects: [log('info', `update ${input.version} available; put off until a week after it was offered`)] };
      }
      return {
        state: { ...state, phase: { kind: 'asking-download', version: input.version } },
        effects: [log('info', `update ${input.version} available`), { type: 'ask', prompt: downloadPrompt(input.version) }],
      };
    }

    case 'update-not-available':
      return phase.kind === 'checking' ? { state: { ...state, phase: { kind: 'idle' } }, effects: [log('info', 'up to date')] } : same(state);

    case 'download-progress':
      return phase.kind === 'downloading' ? same({ ...state, phase: { ...phase, percent: input.percent } }) : same(state);

    case 'update-downloaded':
      // Only a download the person agreed to; autoDownload is off, so nothing else starts one.
      if (phase.kind !== 'downloading') return same(state);
      return {
        state: { ...state, phase: { kind: 'ready', version: input.version } },
        effects: [log('info', `update ${input.version} downloaded`), { type: 'ask', prompt: restartPrompt(input.version) }],
      };

    case 'error':
      if (phase.kind === 'downloading') {
        return {
          state: { ...state, phase: { kind: 'idle' } },
          effects: [
            log('warn', `update download failed: ${input.message}`),
            { type: 'tell', notice: { title: 'Update failed', message: `Version ${phase.version} could not be downloaded.`, detail: `${input.message}\nThe app will try again tomorrow.` } },
          ],
        };
      }
      // A background check that fails (offline, rate-limited) is not the person's problem.
      return { state: phase.kind === 'checking' ? { ...state, phase: { kind: 'idle' } } : state, effects: [log('warn', `update check failed: ${input.message}`)] };

    case 'answer':
      if (input.question === 'download' && phase.kind === 'asking-download') {
        return input.accepted
          ? { state: { ...state, phase: { kind: 'downloading', version: phase.version, percent: 0 } }, effects: [{ type: 'download' }] }
          : { state: { ...state, phase: { kind: 'idle' }, snoozed: { version: phase.version, at: input.now } }, effects: [log('info', `update ${phase.version} put off`)] };
      }
      if (input.question === 'restart' && phase.kind === 'ready') {
        // Declining keeps the update ready: electron-updater installs it on quit (autoInstallOnAppQuit).
        return input.accepted ? { state, effects: [{ type: 'install' }] } : { state, effects: [log('info', `update ${phase.version} installs on quit`)] };
      }
      return same(state);
  }
}
