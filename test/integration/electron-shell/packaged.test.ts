/**
 * The shell as a packaged release build (app.isPackaged) on the Electron
 * stand-in: it relaunches once to give its main process the engine's V8
 * flags, and ignores the developer switches that would point it at another
 * server or data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_V8_FLAGS, RELAUNCHED_ENV } from '../../../main/core/v8-flags.js';
import { installElectronFake, uninstallElectronFake, type ElectronFake } from '../../fakes/electron-fake.js';

const dirs: string[] = [];

async function packagedShell(argv: string[], env: Record<string, string> = {}): Promise<{ fake: ElectronFake; dir: string; started: Promise<unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packaged-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
  vi.resetModules();
  const fake = installElectronFake({ paths: { userData: path.join(dir, 'user-data'), pictures: path.join(dir, 'pictures') }, isPackaged: true });
  const { startShell } = await import('../../../main/electron/shell.js');
  const started = startShell({ rendererDir: path.join(dir, 'renderer'), preload: path.join(dir, 'preload.cjs'), argv, env: { TG_ARCHIVE_DIR: path.join(dir, 'archive'), ...env } });
  return { fake, dir, started };
}

afterEach(() => {
  uninstallElectronFake();
  delete process.env[RELAUNCHED_ENV];
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a packaged build', () => {
  it('relaunches itself once with the engine’s V8 flags when started without them', async () => {
    const { fake, started } = await packagedShell(['/opt/Photo Archiver/photo-archiver', '--hidden']);
    expect(await started).toBeNull();
    expect(fake.app.relaunched).toEqual({ args: ['--hidden', `--js-flags=${ENGINE_V8_FLAGS}`] });
    expect(await fake.app.exited).toBe(0);
    expect(fake.windows).toHaveLength(0);
  });

  it('ignores --server-profile, TG_SERVER_PROFILE and --user-data-dir', async () => {
    const { fake, dir, started } = await packagedShell(
      ['/opt/Photo Archiver/photo-archiver', `--js-flags=${ENGINE_V8_FLAGS}`, '--server-profile=/nonexistent/evil.json', `--user-data-dir=${os.tmpdir()}/elsewhere`],
      { TG_SERVER_PROFILE: '/nonexistent/evil-env.json' },
    );
    fake.ready();
    const shell = (await started) as { host: { close(): Promise<void> } } | null;
    // A profile file that does not exist would have stopped the start: it was never read.
    expect(shell).not.toBeNull();
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.app.relaunched).toBeNull();
    expect(fake.app.getPath('userData')).toBe(path.join(dir, 'user-data'));
    expect(fs.existsSync(path.join(dir, 'user-data', 'logs', 'main.log'))).toBe(true);
    fake.app.quit();
    expect(await fake.app.exited).toBe(0);
  });
});
