/**
 * The real Electron app under Playwright (the Signal-Desktop `App` wrapper
 * pattern): launched on the built out/main/index.cjs with its own user-data and
 * archive folders, pointed at a sandbox through a server-profile file. Runs only
 * where the Electron binary exists; elsewhere each spec skips with the reason.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN_JS = path.join(ROOT, 'out', 'main', 'index.cjs');
export const SCREENSHOT_DIR = path.join(ROOT, 'test', 'output', 'screenshots');

/**
 * Where the Electron binary is, found WITHOUT requiring 'electron' (requiring
 * it would try to download the binary): node_modules/electron/path.txt names
 * the executable inside node_modules/electron/dist.
 */
export function electronBinary(): string | null {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  try {
    const relative = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkg, 'dist', relative);
    return relative && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Why the Electron suite cannot run here, or null when it can. */
export function skipReason(): string | null {
  if (electronBinary() === null) return 'skipped: no Electron binary (node_modules/electron/dist missing)';
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return 'skipped: no display (run under xvfb-run)';
  return null;
}

export interface RunningApp {
  readonly app: ElectronApplication;
  readonly window: Page;
  readonly home: string;
  close(): Promise<void>;
}

export async function launchApp(options: { serverProfile?: ServerProfile } = {}): Promise<RunningApp> {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} missing: run \`npx electron-vite build\``);
  const home = await fsp.mkdtemp(path.join(os.tmpdir(), 'tg-archiver-electron-'));
  const args = [MAIN_JS, `--user-data-dir=${path.join(home, 'user-data')}`];
  if (options.serverProfile) {
    const profileFile = path.join(home, 'server-profile.json');
    await fsp.writeFile(profileFile, JSON.stringify(options.serverProfile));
    args.push(`--server-profile=${profileFile}`);
  }
  const app = await electron.launch({
    executablePath: electronBinary()!,
    args,
    // An unpackaged run is a developer build: the test switches apply. CI Linux has no keyring.
    env: { ...process.env, APP_TEST: '1', TG_ARCHIVE_DIR: path.join(home, 'archive'), TG_ALLOW_PLAINTEXT_SECRETS: '1' } as Record<string, string>,
    timeout: 30_000,
  });
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  await window.emulateMedia({ reducedMotion: 'reduce' });
  return {
    app,
    window,
    home,
    async close() {
      await app.close();
      await fsp.rm(home, { recursive: true, force: true });
    },
  };
}

export async function screenshot(window: Page, name: string): Promise<void> {
  await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
  await window.screenshot({ path: path.join(SCREENSHOT_DIR, `electron-${name}.png`) });
}
