/**
 * The Electron entry: a thin shell around the core. It takes the single-instance
 * lock, registers the app:// and archive:// schemes, hardens every web
 * contents, builds the host from Electron-backed ports and opens the window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { configureLogging, createLogger } from '../core/log.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';
import { parseServerProfile, type ServerProfile } from '../core/telegram/server-profile.js';
import { createHost, type Host } from '../host.js';
import { registerIpc } from './ipc.js';
import { appPaths } from './paths.js';
import { handleSchemes, registerSchemes } from './protocols.js';
import { safeStorageCipher } from './safe-storage-cipher.js';
import { runSelfCheck, selfCheckTarget } from './self-check.js';
import { APP_ORIGIN, hardenWebContents } from './security.js';
import { startUpdates } from './updater.js';
import { createMainWindow } from './window.js';

// Tests and portable setups pass --user-data-dir; keep sessions and logs there too.
const userDataArg = process.argv.find((arg) => arg.startsWith('--user-data-dir='));
if (userDataArg) app.setPath('userData', path.resolve(userDataArg.slice('--user-data-dir='.length)));

const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
const hidden = process.argv.includes('--hidden');

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the archive; it gets our argv through 'second-instance'.
  app.quit();
} else {
  registerSchemes();
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const paths = appPaths();
  configureLogging({ dir: paths.logs, console: !app.isPackaged });
  const log = createLogger('app');
  hardenWebContents();

  let host: Host;
  try {
    host = createHost({
      serverProfile: readServerProfileOverride(),
      archiveDir: process.env['TG_ARCHIVE_DIR'] ?? paths.defaultArchive,
      secrets: new FileSecretStore(path.join(paths.userData, 'sessions.json'), safeStorageCipher({ allowPlaintextBackend: false })),
      appVersion: app.getVersion(),
      platform: process.platform,
    });
  } catch (error) {
    log.error('cannot open the archive', error);
    const { dialog } = await import('electron');
    dialog.showErrorBox('Photo Archiver cannot start', (error as Error).message);
    app.exit(1);
    return;
  }

  const selfCheckReport = selfCheckTarget(process.argv);
  if (selfCheckReport) {
    const { ok } = await runSelfCheck(host.archive, selfCheckReport);
    await host.close();
    return app.exit(ok ? 0 : 1);
  }

  handleSchemes(path.join(__dirname, '../renderer'), () => host.archive.dir);
  registerIpc(
    host,
    () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    devServerUrl ? new URL(devServerUrl).origin : null,
  );

  const openWindow = (): BrowserWindow =>
    createMainWindow({
      preload: path.join(__dirname, '../preload/index.cjs'),
      url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
      show: !hidden,
    });
  let window = openWindow();
  void startUpdates(() => window, createLogger('update'));

  app.on('second-instance', () => {
    if (window.isDestroyed()) window = openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void host.close());
  log.info('started', { version: app.getVersion(), archive: host.archive.dir });
}

/**
 * A server profile file (the sandbox's, Telegram's test servers, a self-hosted
 * server) from --server-profile=<file> or TG_SERVER_PROFILE; otherwise the
 * saved setting or Telegram's own data centers.
 */
function readServerProfileOverride(): ServerProfile | undefined {
  const arg = process.argv.find((a) => a.startsWith('--server-profile='))?.slice('--server-profile='.length);
  const file = arg ?? process.env['TG_SERVER_PROFILE'];
  return file ? parseServerProfile(fs.readFileSync(file, 'utf8')) : undefined;
}
