import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_JS = path.join(ROOT, 'out', 'main', 'index.cjs');
const SCREENSHOT_DIR = path.join(ROOT, 'test', 'output', 'screenshots');

/**
 * Where the Electron binary is, found WITHOUT requiring 'electron' (requiring
 * it would try to download the binary): node_modules/electron/path.txt names
 * the executable inside node_modules/electron/dist.
 */
function electronBinary(): string | null {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  try {
    const relative = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkg, 'dist', relative);
    return relative && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const NO_BINARY = 'skipped: no Electron binary (node_modules/electron/dist missing)';

test.describe('the Electron app', () => {
  test.skip(binary === null, NO_BINARY);
  test.skip(process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'], 'skipped: no display (run under xvfb-run)');

  test('launches and shows the first screen', async () => {
    expect(fs.existsSync(MAIN_JS), `${MAIN_JS} missing: run \`npx electron-vite build\``).toBe(true);
    const home = await fsp.mkdtemp(path.join(os.tmpdir(), 'tg-archiver-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [MAIN_JS, `--user-data-dir=${path.join(home, 'user-data')}`],
      env: { ...process.env, APP_TEST: '1', TG_ARCHIVE_DIR: path.join(home, 'archive') } as Record<string, string>,
      timeout: 30_000,
    });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      await window.emulateMedia({ reducedMotion: 'reduce' });
      await expect(window.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
      await expect(window.getByRole('button', { name: 'Connect a Telegram account' })).toBeVisible();
      expect(new URL(window.url()).protocol).toBe('app:');
      await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
      await window.screenshot({ path: path.join(SCREENSHOT_DIR, 'electron-first-screen.png') });
    } finally {
      await app.close();
      await fsp.rm(home, { recursive: true, force: true });
    }
  });
});
