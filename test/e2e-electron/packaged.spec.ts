import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import sharp from 'sharp';
import { parse } from 'yaml';
import type { SelfCheckReport } from '../../main/electron/self-check.js';

/**
 * The app as electron-builder packaged it (`npm run dist`: release/*-unpacked,
 * or release/mac*\/<product>.app), with its fuses flipped, its code in app.asar
 * and better-sqlite3 and sharp in app.asar.unpacked. Packaging needs a networked
 * machine, so this runs on CI's build jobs (.github/workflows/installers.yml) and
 * skips, saying so, where there is no packaged app. TG_EXPECT_PACKAGED_APP=1 turns
 * that skip into a failure; TG_PACKAGED_APP=<executable> picks an app elsewhere.
 *
 * Playwright's _electron.launch needs --inspect, which the nodeCliInspect fuse
 * turns off in a packaged app, so the window is reached over the Chrome DevTools
 * Protocol instead (--remote-debugging-port, which no fuse controls, on 127.0.0.1).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const builder = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  productName: string;
  executableName: string;
  directories: { output: string };
};

interface PackagedApp {
  /** What the fuses live in: the .app bundle on macOS, the executable elsewhere. */
  readonly app: string;
  readonly executable: string;
  readonly resources: string;
}

/** Where electron-builder leaves the unpacked app for this OS and CPU (see its appOutDir names). */
function packagedApp(): PackagedApp | null {
  const release = path.join(ROOT, builder.directories.output);
  const arch = process.arch === 'x64' ? '' : `-${process.arch}`;
  const override = process.env['TG_PACKAGED_APP'];
  let found: PackagedApp;
  if (process.platform === 'darwin') {
    const app = override ? override.replace(/\.app\/.*$/, '.app') : path.join(release, `mac${arch}`, `${builder.productName}.app`);
    found = { app, executable: path.join(app, 'Contents', 'MacOS', builder.productName), resources: path.join(app, 'Contents', 'Resources') };
  } else {
    const name = process.platform === 'win32' ? `${builder.productName}.exe` : builder.executableName;
    const executable = override ?? path.join(release, `${process.platform === 'win32' ? 'win' : 'linux'}${arch}-unpacked`, name);
    found = { app: executable, executable, resources: path.join(path.dirname(executable), 'resources') };
  }
  return fs.existsSync(found.executable) ? found : null;
}

const packaged = packagedApp();
const expected = process.env['TG_EXPECT_PACKAGED_APP'] === '1';
const NO_APP = 'skipped: no packaged app / no Electron binary (`npm run dist` needs a networked machine; CI builds one)';

function start(app: PackagedApp, home: string, args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(app.executable, [`--user-data-dir=${path.join(home, 'user-data')}`, ...args], {
    // Updates off: a test never dials GitHub.
    env: { ...process.env, APP_TEST: '1', TG_UPDATES: 'off', TG_ARCHIVE_DIR: path.join(home, 'archive') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

test.describe('the packaged app', () => {
  test.skip(!expected && packaged === null, NO_APP);
  test.skip(process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'], 'skipped: no display (run under xvfb-run)');

  let home = '';
  test.beforeEach(async () => {
    expect(packaged, `no packaged app under ${builder.directories.output}/ for ${process.platform}-${process.arch}: run \`npm run dist\` first`).not.toBeNull();
    home = await fsp.mkdtemp(path.join(os.tmpdir(), 'tg-archiver-packaged-'));
  });
  test.afterEach(async () => {
    await fsp.rm(home, { recursive: true, force: true, maxRetries: 5 });
  });

  test('ships its code in app.asar, the natives unpacked beside it, and its fuses set', async () => {
    const { resources, app } = packaged!;
    expect(fs.existsSync(path.join(resources, 'app.asar')), 'app.asar').toBe(true);
    expect(fs.existsSync(path.join(resources, 'app')), 'no loose app folder').toBe(false);
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules');
    expect(fs.existsSync(path.join(unpacked, 'better-sqlite3')), 'better-sqlite3 unpacked').toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'sharp')), 'sharp unpacked').toBe(true);
    const img = fs.readdirSync(path.join(unpacked, '@img'));
    expect(img.some((d) => d.startsWith(`sharp-${process.platform}`) && d.endsWith(`-${process.arch}`)), `sharp's binary for ${process.platform}-${process.arch} in ${img.join(', ')}`).toBe(true);

    // @electron/fuses is electron-builder's own dependency (it flipped these).
    const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses');
    const wire = await getCurrentFuseWire(app);
    const DISABLED = 48, ENABLED = 49; // FuseState: '0' and '1' in the wire
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLED);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLED);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLED);
  });

  test('opens its archive and makes a thumbnail with the bundled sharp and better-sqlite3', async () => {
    const reportFile = path.join(home, 'self-check.json');
    const child = start(packaged!, home, [`--self-check=${reportFile}`]);
    const code = await exited(child);
    expect(code, `exit code; output:\n${child.output()}`).toBe(0);

    const report = JSON.parse(await fsp.readFile(reportFile, 'utf8')) as SelfCheckReport;
    expect(report.ok, report.error).toBe(true);
    expect(report.versions['electron']).toMatch(/^\d+\./);
    expect(report.archive!.dir).toBe(path.join(home, 'archive'));
    expect(report.archive!.sqliteVersion).toMatch(/^3\./);
    expect(fs.existsSync(path.join(home, 'archive', 'archive.db'))).toBe(true);
    const thumb = await sharp(report.thumbnail!.file).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 240]);
  });

  test('starts and shows its first screen, served from the asar', async () => {
    const child = start(packaged!, home, ['--remote-debugging-port=0']);
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DevTools endpoint; output:\n${child.output()}`)), 45_000);
        const look = (): void => {
          const match = /DevTools listening on (ws:\/\/\S+)/.exec(child.output());
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stderr!.on('data', look);
        child.once('exit', (code) => reject(new Error(`exited with ${code}; output:\n${child.output()}`)));
        look();
      });
      const browser = await chromium.connectOverCDP(endpoint);
      const context = browser.contexts()[0]!;
      const appPage = () => context.pages().find((p) => p.url().startsWith('app:'));
      await expect.poll(() => appPage() !== undefined, { timeout: 20_000 }).toBe(true);
      const window = appPage()!;
      await expect(window.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible({ timeout: 20_000 });
      expect(new URL(window.url()).protocol).toBe('app:');
      await browser.close();
    } finally {
      child.kill();
      await exited(child).catch(() => null);
    }
  });
});
