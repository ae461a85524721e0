/**
 * The app's background life on the Electron stand-in, with the real shell and
 * core: the tray and its menu, closing to the tray (said once), starting
 * hidden, start at login as an XDG autostart entry (this is Linux), sleep and
 * wake, the power blocker only while a run is on, a second launch that
 * archives now, and a run's notifications that open the person when clicked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningShell } from '../../../main/electron/shell.js';
import { installElectronFake, uninstallElectronFake, type ElectronFake, type FakeWebContents } from '../../fakes/electron-fake.js';

const ASSETS = fileURLToPath(new URL('../../../assets', import.meta.url));

describe.runIf(process.platform === 'linux')('the app in the background, on the Electron stand-in', () => {
  let dir: string;
  let fake: ElectronFake;
  let shell: RunningShell;
  let contents: FakeWebContents;
  const request = (name: string, input: unknown) => fake.invokeFromFrame(contents, contents.mainFrame, `request:${name}`, input) as Promise<{ ok: boolean; value?: unknown }>;
  const tray = () => fake.trays[0]!;
  const scheduleState = () => shell.host.schedule.scheduler.status().state;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-bg-'));
    const rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    fake = installElectronFake({ paths: { userData: path.join(dir, 'user-data'), pictures: path.join(dir, 'pictures') }, platform: 'linux' });
    const { startShell } = await import('../../../main/electron/shell.js');
    const started = startShell({
      rendererDir,
      preload: path.join(dir, 'preload.cjs'),
      assetsDir: ASSETS,
      argv: ['/opt/app/photo-archiver', '--hidden'],
      env: { TG_ARCHIVE_DIR: path.join(dir, 'archive'), XDG_CONFIG_HOME: path.join(dir, 'config') },
    });
    fake.ready();
    shell = (await started)!;
    contents = fake.windows[0]!.webContents;
    await vi.waitFor(() => expect(contents.page).not.toBeNull());
  });

  afterAll(async () => {
    fake.app.quit();
    await fake.app.exited;
    uninstallElectronFake();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts hidden with --hidden, with a tray icon whose menu archives, pauses, opens and quits', () => {
    expect(fake.windows[0]!.isVisible()).toBe(false);
    expect(fake.trays).toHaveLength(1);
    expect(fs.existsSync(tray().image as string)).toBe(true); // a real icon file of the app's assets
    expect(tray().tooltip).toMatch(/^Photo Archiver: /);
    expect(tray().contextMenu!.items.filter((i) => i.type !== 'separator').map((i) => i.label).slice(1)).toEqual(['Archive now', 'Pause all', 'Open Photo Archiver', 'Quit']);
    expect(scheduleState()).toBe('idle'); // nobody to archive yet

    tray().choose('Pause all');
    expect(scheduleState()).toBe('paused');
    expect(tray().tooltip).toBe('Photo Archiver: scheduled runs paused');
    expect(tray().contextMenu!.getMenuItemById('pause-all')!.checked).toBe(true);
    tray().choose('Pause all');
    expect(scheduleState()).not.toBe('paused');

    tray().choose('Open Photo Archiver');
    expect(fake.windows[0]!.isVisible()).toBe(true);
  });

  it('keeps running in the tray when the window closes, and says so the first time only', () => {
    const window = fake.windows[0]!;
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(fake.app.exitCode).toBeNull();
    expect(fake.notifications.map((n) => n.title)).toEqual(['Photo Archiver is still running']);
    tray().choose('Open Photo Archiver');
    window.close();
    expect(fake.notifications).toHaveLength(1);
    expect(window.isVisible()).toBe(false);
  });

  it('writes an XDG autostart entry when start at login is turned on, and removes it when turned off', async () => {
    const entry = path.join(dir, 'config', 'autostart', 'tg-photo-archiver.desktop');
    expect(await request('settings.update', { startAtLogin: true })).toMatchObject({ ok: true });
    expect(fs.readFileSync(entry, 'utf8')).toContain(`Exec="${process.execPath}" --hidden`);
    expect(await request('settings.update', { startAtLogin: false })).toMatchObject({ ok: true });
    expect(fs.existsSync(entry)).toBe(false);
    // Electron's login items are macOS' and Windows': never called on Linux.
    expect(() => fake.app.getLoginItemSettings()).toThrow(TypeError);
  });

  it('pauses the schedule while the computer sleeps and looks again on waking', () => {
    fake.suspend();
    expect(scheduleState()).toBe('suspended');
    expect(tray().tooltip).toBe('Photo Archiver: paused while the computer sleeps');
    fake.resume();
    expect(scheduleState()).not.toBe('suspended');
  });

  it('a second launch with --sync-now archives now, and only that run blocks suspension', async () => {
    const runs = shell.host.sync.repos.runs;
    const before = runs.latest()?.id ?? 0;
    fake.launchAgain(['/opt/app/photo-archiver', '--sync-now', '--hidden']);
    await vi.waitFor(() => expect(runs.latest()?.id ?? 0).toBeGreaterThan(before));
    await shell.host.schedule.scheduler.settled();
    await vi.waitFor(() => expect(fake.powerSaveBlocker.calls).toEqual(['start prevent-app-suspension', 'stop']));
    expect(fake.powerSaveBlocker.active()).toEqual([]);
    expect(runs.latest()!.status).toBe('done');
  });

  it('tells of a run’s new and removed photos in one notification each; a click opens the person', async () => {
    const { host } = shell;
    const db = host.archive.db;
    host.repos.targets.upsert({ userId: 7001, accountId: null, accessHash: null, firstName: 'Grace', lastName: 'Hopper', username: 'grace' }, Date.now());
    const started = Date.now() - 1000;
    const runId = host.sync.repos.runs.start(started, process.pid);
    const insert = db.prepare(
      `INSERT INTO photos (id, user_id, kind, access_hash, file_reference, date, dc_id, wanted, files_complete, first_seen, last_seen, removed_at)
       VALUES (?, 7001, 'profile', '1', x'00', ?, 2, '[]', 1, ?, ?, ?)`,
    );
    const setNow = Math.floor(Date.now() / 1000) + 60;
    insert.run(70010001n, setNow, started + 10, started + 10, null);
    insert.run(70010002n, setNow, started + 20, started + 20, null);
    // History a first sync lists is archived, not announced as new.
    insert.run(70010004n, 1_600_000_000, started + 25, started + 25, null);
    insert.run(70010003n, 1_600_000_000, started - 86_400_000, started + 30, started + 30);
    host.sync.repos.runs.finish(runId, 'done', Date.now(), null);
    // The run's end as the engine announces it.
    const finished = { runId, startedAt: started, state: 'done', phase: 'finished', targetsDone: 1, targetsTotal: 1, photosFound: 2, photosRemoved: 1, filesDownloaded: 0, filesTotal: 0, bytesDownloaded: 0, lastPerson: null, errors: 0, floodWait: null, etaSeconds: null, error: null } as const;
    const shownBefore = fake.notifications.length;
    host.events.emit('sync.progress', finished);
    const shown = fake.notifications.slice(shownBefore);
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['2 new photos archived', 'Grace Hopper (2)'],
      ['1 photo removed from a profile (kept in the archive)', 'Grace Hopper (1)'],
    ]);
    const sentBefore = contents.sent.length;
    shown[0]!.click();
    expect(fake.windows[0]!.isVisible()).toBe(true);
    expect(contents.sent.slice(sentBefore)).toContainEqual(['event', 'app.navigate', { view: 'person', target: expect.objectContaining({ userId: 7001, firstName: 'Grace' }) }]);

    // A kind turned off in Settings is not shown.
    expect(await request('settings.update', { notifications: { removedPhotos: false } })).toMatchObject({ ok: true });
    const again = fake.notifications.length;
    host.events.emit('sync.progress', finished);
    expect(fake.notifications.slice(again).map((n) => n.title)).toEqual(['2 new photos archived']);
  });
});
