/**
 * The desktop shell: a thin layer around the core. It takes the
 * single-instance lock, registers the app:// and archive:// schemes, hardens
 * every web contents, builds the host from Electron-backed ports, opens the
 * window and closes the archive before the process ends. Its decisions are in
 * shell-policy.ts; main/electron/index.ts only supplies the built files' paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { startBackground } from './background.js';
import { startsHidden } from './background-policy.js';
import { configureLogging, createLogger } from '../core/log.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';
import { parseServerProfile } from '../core/telegram/server-profile.js';
import { engineFlagsRelaunchArgs, RELAUNCHED_ENV } from '../core/v8-flags.js';
import { createHost, type Host } from '../host.js';
import { DEVELOPER_BUILD } from './build-flags.js';
import { chooseFolder } from './choose-folder.js';
import { electronDesktopActions } from './desktop-actions.js';
import { registerIpc } from './ipc.js';
import { appPaths } from './paths.js';
import { handleSchemes, registerSchemes } from './protocols.js';
import { safeStorageCipher } from './safe-storage-cipher.js';
import { hardenWebContents } from './security.js';
import { APP_ENTRY_URL, readLaunchRequest, secondLaunchAction } from './shell-policy.js';
import { catchStrayErrors } from './stray-errors.js';
import { runSelfCheck, selfCheckTarget } from './self-check.js';
import { startUpdates } from './updater.js';
import { createMainWindow } from './window.js';

export interface ShellOptions {
  /** The built UI (out/renderer) and preload (out/preload/index.cjs). */
  readonly rendererDir: string;
  readonly preload: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The app's assets (tray icons); default: beside out/, where electron-builder puts them. */
  readonly assetsDir?: string;
}

export interface RunningShell {
  readonly host: Host;
}

/**
 * Starts the app; resolves once the window is open, or with null when this
 * process is not the one to run (another instance has the archive, a relaunch
 * for the engine's V8 flags, an archive that cannot open).
 */
export function startShell(options: ShellOptions): Promise<RunningShell | null> {
  const launch = readLaunchRequest({ argv: options.argv, env: options.env, developer: !app.isPackaged || DEVELOPER_BUILD });
  if (launch.userDataDir) app.setPath('userData', path.resolve(launch.userDataDir));

  const relaunchArgs = app.isPackaged ? engineFlagsRelaunchArgs(options.argv, options.env) : null;
  if (relaunchArgs) {
    process.env[RELAUNCHED_ENV] = '1';
    app.relaunch({ args: relaunchArgs });
    app.exit(0);
    return Promise.resolve(null);
  }
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the archive; it gets our argv through 'second-instance'.
    app.quit();
    return Promise.resolve(null);
  }
  registerSchemes(); // synchronously, before 'ready'
  return run(options, launch);
}

async function run(options: ShellOptions, launch: ReturnType<typeof readLaunchRequest>): Promise<RunningShell | null> {
  await app.whenReady();
  const paths = appPaths();
  configureLogging({ dir: paths.logs, console: !app.isPackaged });
  const log = createLogger('app');
  const stopCatching = catchStrayErrors(log);
  hardenWebContents(launch.devServerUrl);

  let host: Host;
  try {
    host = createHost({
      ...(launch.serverProfileFile ? { serverProfile: parseServerProfile(fs.readFileSync(launch.serverProfileFile, 'utf8')) } : {}),
      archiveDir: options.env['TG_ARCHIVE_DIR'] ?? paths.defaultArchive,
      secrets: new FileSecretStore(path.join(paths.userData, 'sessions.json'), safeStorageCipher({ allowPlaintextBackend: launch.allowPlaintextSecrets })),
      appVersion: app.getVersion(),
      platform: process.platform,
      desktop: electronDesktopActions,
      chooseFolder,
    });
  } catch (error) {
    log.error('cannot open the archive', error);
    dialog.showErrorBox('Photo Archiver cannot start', (error as Error).message);
    stopCatching();
    app.exit(1);
    return null;
  }

  // A packaged build's smoke test (--self-check=<report>): the bundled natives open the archive and make a thumbnail.
  const selfCheckReport = selfCheckTarget(options.argv);
  if (selfCheckReport) {
    const { ok } = await runSelfCheck(host.archive, selfCheckReport);
    await host.close();
    stopCatching();
    app.exit(ok ? 0 : 1);
    return null;
  }

  handleSchemes(options.rendererDir, () => host.archive.dir);
  const stopIpc = registerIpc(host, () => BrowserWindow.getAllWindows().map((w) => w.webContents), launch.devServerUrl);

  const openWindow = (show: boolean): BrowserWindow => {
    const created = createMainWindow({ preload: options.preload, url: launch.devServerUrl ?? APP_ENTRY_URL, show });
    created.webContents.on('render-process-gone', (_event, details) => log.error('the window crashed', details));
    // Closing the window keeps the app archiving in the tray.
    created.on('close', (event) => background.onWindowClose(event, created));
    return created;
  };
  const showWindow = (): BrowserWindow => {
    if (window.isDestroyed()) window = openWindow(true);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  };
  const background = startBackground({
    host,
    log,
    trayIconDir: path.join(options.assetsDir ?? path.join(options.rendererDir, '..', '..', 'assets'), 'tray'),
    showWindow,
    env: options.env,
  });
  const hidden = startsHidden({
    hiddenFlag: launch.hidden,
    platform: process.platform,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  });
  let window = openWindow(!hidden);
  const startSync = (): void => host.schedule.scheduler.runNow();
  if (launch.syncNow) startSync();

  app.on('second-instance', (_event, argv: string[]) => {
    const action = secondLaunchAction(argv);
    if (action.startSync) startSync();
    if (action.showWindow) showWindow();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = openWindow(true);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !background.hasTray) app.quit();
  });

  // The archive closes before the process ends: hold the quit until host.close() is done.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    stopIpc();
    background.stop();
    void host
      .close()
      .catch((error: unknown) => log.error('closing the archive failed', error))
      .finally(() => {
        closed = true;
        stopCatching();
        app.quit();
      });
  });
  log.info('started', { version: app.getVersion(), archive: host.archive.dir });
  void startUpdates(() => (window.isDestroyed() ? null : window), createLogger('update'));
  return { host };
}
