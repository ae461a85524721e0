/**
 * The real desktop shell (main/electron/shell.ts, what main/electron/index.ts
 * starts) on the Electron stand-in (test/fakes/electron-fake.ts): app ready →
 * the window loads index.html over app:// → the app's own frame reaches the
 * core and gets answers, events reach the window, other frames are refused,
 * and quitting closes the archive before the process ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningShell } from '../../../main/electron/shell.js';
import { installElectronFake, uninstallElectronFake, type ElectronFake, type FakeWebContents } from '../../fakes/electron-fake.js';

const INDEX_HTML = '<!doctype html><html><head><title>Photo Archiver</title></head><body><div id="root"></div><script src="./app.js"></script></body></html>';

describe('the desktop shell on the Electron stand-in', () => {
  let dir: string;
  let fake: ElectronFake;
  let contents: FakeWebContents;
  let shell: RunningShell | null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-'));
    const rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
    fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log("ui")');
    fake = installElectronFake({ paths: { userData: path.join(dir, 'user-data'), pictures: path.join(dir, 'pictures') } });
    const { startShell } = await import('../../../main/electron/shell.js');
    const started = startShell({
      rendererDir,
      preload: path.join(dir, 'preload', 'index.cjs'),
      argv: ['/opt/app/photo-archiver', '.'],
      env: { TG_ARCHIVE_DIR: path.join(dir, 'archive') },
    });
    // Both schemes are privileged before 'ready', as Electron requires.
    expect(fake.protocol.privileged.map((s) => s.scheme)).toEqual(['app', 'archive']);
    fake.ready();
    shell = await started;
    expect(shell).not.toBeNull();
    expect(fake.windows).toHaveLength(1);
    contents = fake.windows[0]!.webContents;
    await vi.waitFor(() => expect(contents.page).not.toBeNull());
  });

  afterAll(() => {
    uninstallElectronFake();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a sandboxed window on index.html served over app:// with the CSP', async () => {
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(contents.getURL()).toBe('app://renderer/index.html');
    expect(contents.page).toMatchObject({ status: 200, text: INDEX_HTML });
    expect(contents.page!.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(contents.page!.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await fake.protocol.fetchForPage('app://renderer/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fake.protocol.fetchForPage('app://renderer/../user-data/sessions.json')).status).toBe(404);
    expect((await fake.protocol.fetchForPage('app://elsewhere/index.html')).status).toBe(404);
    await vi.waitFor(() => expect(fake.windows[0]!.isVisible()).toBe(true)); // shown on 'ready-to-show'
  });

  it('answers a request from the app’s own frame at app://renderer/index.html with the core’s answer', async () => {
    const info = await fake.invokeFromFrame(contents, contents.mainFrame, 'request:app.info', {});
    expect(info).toMatchObject({ ok: true, value: { version: '0.1.0', platform: process.platform, archiveDir: path.join(dir, 'archive') } });
    expect(await fake.invokeFromFrame(contents, contents.mainFrame, 'request:accounts.list', {})).toEqual({ ok: true, value: [] });
    // Invalid input is an error value from the core, not a thrown IPC error.
    expect(await fake.invokeFromFrame(contents, contents.mainFrame, 'request:login.start', { method: 'fax' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('delivers the core’s events to the window', async () => {
    const before = contents.sent.length;
    const state = await fake.invokeFromFrame(contents, contents.mainFrame, 'request:login.start', { method: 'phone' });
    expect(state).toMatchObject({ ok: true, value: { step: 'error' } }); // no API credentials yet
    const sent = contents.sent.slice(before);
    expect(sent).toContainEqual(['event', 'login.state', expect.objectContaining({ step: 'error' })]);
  });

  it('refuses an iframe, another scheme and a look-alike host, even on the app’s own page', async () => {
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } };
    const iframe = fake.attachFrame(contents.mainFrame, 'app://renderer/index.html');
    expect(await fake.invokeFromFrame(contents, iframe, 'request:app.info', {})).toEqual(forbidden);
    for (const url of ['https://evil.example/index.html', 'app://renderer.evil.example/index.html', 'file:///app/index.html', 'archive://media/x.jpg']) {
      const frame = { ...contents.mainFrame, url, parent: null } as typeof contents.mainFrame;
      expect(await fake.invokeFromFrame(contents, frame, 'request:app.info', {}), url).toEqual(forbidden);
    }
  });

  it('keeps the window on the app: no navigation away, no new windows, t.me links to the system browser, no permissions', async () => {
    expect(await fake.navigateFromPage(contents, 'https://evil.example/')).toBe(false);
    expect(contents.getURL()).toBe('app://renderer/index.html');
    expect(await fake.navigateFromPage(contents, 'app://renderer/index.html#/settings')).toBe(true);
    expect(fake.openWindowFromPage(contents, 'https://t.me/durov')).toBe('deny');
    expect(fake.openWindowFromPage(contents, 'https://evil.example/')).toBe('deny');
    expect(fake.openedExternally).toEqual(['https://t.me/durov']);
    expect(await fake.requestPermission(contents, 'media')).toBe(false);
  });

  it('brings the window back when the app is started again', () => {
    const window = fake.windows[0]!;
    window.minimize();
    fake.launchAgain(['/opt/app/photo-archiver', '--hidden']);
    expect(window.isVisible()).toBe(false); // a hidden (scheduled) start does not pop the window up
    fake.launchAgain(['/opt/app/photo-archiver']);
    expect(window.isVisible()).toBe(true);
  });

  it('closes the archive cleanly before the process ends on quit', async () => {
    const archiveDb = path.join(dir, 'archive', 'archive.db');
    expect(fs.existsSync(`${archiveDb}-wal`)).toBe(true);
    fake.app.quit();
    expect(await fake.app.exited).toBe(0);
    expect(shell!.host.archive.db.open).toBe(false);
    // The last connection closing checkpoints and removes the WAL: nothing left half-written.
    expect(fs.existsSync(`${archiveDb}-wal`)).toBe(false);
    expect(fake.ipcMain.handlerFor('request:app.info')).toBeUndefined();
  });
});
