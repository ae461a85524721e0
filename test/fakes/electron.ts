/**
 * What 'electron' resolves to under Vitest (vitest.config.ts alias). Core code
 * must never import Electron: unless a test installed the stand-in explicitly
 * (installElectronFake in ./electron-fake.ts, before importing the shell), a
 * stray import fails loudly here instead of downloading a binary.
 */
import { installedElectronFake } from './electron-fake.js';

const fake = installedElectronFake();
if (!fake) {
  throw new Error("'electron' was imported in a test: only main/electron/** and preload/index.ts may import it (a shell test calls installElectronFake first)");
}

export const app = fake.app;
export const BrowserWindow = fake.BrowserWindow;
export const protocol = fake.protocol;
export const ipcMain = fake.ipcMain;
export const safeStorage = fake.safeStorage;
export const shell = fake.shell;
export const dialog = fake.dialog;
export const session = fake.session;
export const Tray = fake.Tray;
export const Menu = fake.Menu;
export const MenuItem = fake.MenuItem;
export const Notification = fake.Notification;
export const powerMonitor = fake.powerMonitor;
export const powerSaveBlocker = fake.powerSaveBlocker;
export const nativeTheme = fake.nativeTheme;
export default fake.module();
