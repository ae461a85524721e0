/**
 * Every decision the desktop shell makes, as plain functions of strings: which
 * frames may call the core, where a window may navigate, which links open in
 * the system browser, what the command line (first or second launch) asks for.
 * No Electron here, so all of it is unit-tested under Node.
 */
import { parseArgs } from 'node:util';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * A page of the app's own UI: app://renderer/… or, in a developer build, the
 * Vite dev server. Compares scheme and host rather than `origin`: for a
 * non-special scheme such as app: the WHATWG `origin` is the string "null".
 */
export function isAppPage(url: string, devServerUrl: string | null): boolean {
  const page = parseUrl(url);
  if (!page || page.username || page.password) return false;
  if (page.protocol === `${APP_SCHEME}:`) return page.host === APP_HOST;
  const dev = devServerUrl === null ? null : parseUrl(devServerUrl);
  return dev !== null && page.protocol === dev.protocol && page.host === dev.host;
}

/** What the shell knows of the frame that sent an IPC request (Electron's WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  /** True for a window's top-level frame; false for any iframe. */
  readonly topLevel: boolean;
}

/** Only the app's own top-level frame may call the core. */
export function mayCallCore(frame: SenderFrame | null, devServerUrl: string | null): boolean {
  return frame !== null && frame.topLevel && isAppPage(frame.url, devServerUrl);
}

/** A window may only move between pages of the app itself. */
export function mayNavigate(url: string, devServerUrl: string | null): boolean {
  return isAppPage(url, devServerUrl);
}

const EXTERNAL_HOSTS = new Set(['t.me', 'telegram.org', 'my.telegram.org']);

/** Only https links to Telegram's own sites leave the app, and only to the system browser. */
export function mayOpenExternally(url: string): boolean {
  const link = parseUrl(url);
  return link !== null && link.protocol === 'https:' && !link.username && !link.password && !link.port && EXTERNAL_HOSTS.has(link.hostname);
}

/** What a launch of the app asks for. */
export interface LaunchRequest {
  /** Start without showing the window (login item, scheduled sync). */
  readonly hidden: boolean;
  /** Start a sync of every target right away. */
  readonly syncNow: boolean;
  /** Developer builds only: another user-data folder (tests, a second profile). */
  readonly userDataDir: string | null;
  /** Developer builds only: a server profile file (the sandbox, Telegram's test servers). */
  readonly serverProfileFile: string | null;
  /** Developer builds only: the Vite dev server instead of app://. */
  readonly devServerUrl: string | null;
  /** Developer builds only (TG_ALLOW_PLAINTEXT_SECRETS=1): keep sessions on a Linux without a keyring (CI, the Electron e2e). */
  readonly allowPlaintextSecrets: boolean;
}

export interface LaunchContext {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * An unpackaged run or a build made with the developer flag. Only then may
   * the command line and environment point the app at another server or data
   * folder: in a release build they would let anything that can start the app
   * send a person's login to a server of its choosing.
   */
  readonly developer: boolean;
}

/**
 * Reads the app's own switches from an Electron argv, which also carries the
 * executable, the app path and Chromium's switches: unknown ones are ignored,
 * not errors. A second launch's argv is read the same way.
 */
export function readLaunchRequest({ argv, env, developer }: LaunchContext): LaunchRequest {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      hidden: { type: 'boolean' },
      'sync-now': { type: 'boolean' },
      'user-data-dir': { type: 'string' },
      'server-profile': { type: 'string' },
    },
  });
  const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
  return {
    hidden: values['hidden'] === true,
    syncNow: values['sync-now'] === true,
    userDataDir: developer ? text(values['user-data-dir']) : null,
    serverProfileFile: developer ? (text(values['server-profile']) ?? text(env['TG_SERVER_PROFILE'])) : null,
    devServerUrl: developer ? text(env['ELECTRON_RENDERER_URL']) : null,
    allowPlaintextSecrets: developer && env['TG_ALLOW_PLAINTEXT_SECRETS'] === '1',
  };
}

/** What the running app does when someone starts it again. */
export interface SecondLaunchAction {
  /** Show and focus the window (not for a hidden, scheduled start). */
  readonly showWindow: boolean;
  readonly startSync: boolean;
}

export function secondLaunchAction(argv: readonly string[]): SecondLaunchAction {
  const launch = readLaunchRequest({ argv, env: {}, developer: false });
  return { showWindow: !launch.hidden, startSync: launch.syncNow };
}
