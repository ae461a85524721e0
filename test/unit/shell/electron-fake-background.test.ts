/**
 * The Electron stand-in's tray, menus, notifications, power and login items
 * keep the rules Electron documents, so a shell that breaks them fails on it:
 * nothing before 'ready', login items only on macOS and Windows, a disabled
 * menu item cannot be clicked, a checkbox flips before its handler runs.
 */
import { describe, expect, it } from 'vitest';
import { ElectronFake } from '../../fakes/electron-fake.js';

const make = (platform: NodeJS.Platform) => new ElectronFake({ paths: { userData: '/tmp/x' }, platform });

describe('the Electron stand-in for background work', () => {
  it('refuses a tray, a notification or powerMonitor listeners before ready', () => {
    const fake = make('linux');
    expect(() => new fake.Tray('/icon.png')).toThrow(/after the ready event/);
    expect(() => new fake.Notification({ title: 'x' })).toThrow(/after the ready event/);
    expect(() => fake.powerMonitor.on('suspend', () => undefined)).toThrow(/ready/);
    fake.ready();
    expect(() => new fake.Tray('')).toThrow(TypeError);
    expect(new fake.Tray('/icon.png').isDestroyed()).toBe(false);
  });

  it('has login items on macOS and Windows only', () => {
    const linux = make('linux');
    expect(() => linux.app.setLoginItemSettings({ openAtLogin: true })).toThrow(TypeError);
    const win = make('win32');
    win.app.setLoginItemSettings({ openAtLogin: true, args: ['--hidden'] });
    expect(win.app.loginItem).toEqual({ openAtLogin: true, path: process.execPath, args: ['--hidden'] });
    expect(win.app.getLoginItemSettings()).toMatchObject({ openAtLogin: true, wasOpenedAtLogin: false });
    const mac = new ElectronFake({ paths: {}, platform: 'darwin', openedAtLogin: true });
    expect(mac.app.getLoginItemSettings().wasOpenedAtLogin).toBe(true);
  });

  it('clicks menu items as Electron does, and emits a tray click except on Linux', () => {
    const fake = make('linux');
    fake.ready();
    const clicks: string[] = [];
    const menu = fake.Menu.buildFromTemplate([
      { id: 'a', label: 'A', click: (item) => clicks.push(`A ${item.checked}`), type: 'checkbox' },
      { id: 'b', label: 'B', enabled: false, click: () => clicks.push('B') },
      { type: 'separator' },
    ]);
    menu.getMenuItemById('a')!.click();
    expect(clicks).toEqual(['A true']);
    expect(() => menu.getMenuItemById('b')!.click()).toThrow(/cannot be clicked/);
    const tray = new fake.Tray('/icon.png');
    let trayClicks = 0;
    tray.on('click', () => trayClicks++);
    tray.click();
    expect(trayClicks).toBe(0); // an app indicator ignores clicks: only the menu works on Linux
    const mac = make('darwin');
    mac.ready();
    const macTray = new mac.Tray('/icon.png');
    macTray.on('click', () => trayClicks++);
    macTray.click();
    expect(trayClicks).toBe(1);
  });

  it('shows notifications only when asked, and keeps power save blockers by id', () => {
    const fake = make('linux');
    fake.ready();
    const n = new fake.Notification({ title: 'T', body: 'B' });
    expect(() => n.click()).toThrow();
    expect(fake.notifications).toEqual([]);
    n.show();
    expect(fake.notifications).toEqual([n]);
    const id = fake.powerSaveBlocker.start('prevent-app-suspension');
    expect(fake.powerSaveBlocker.isStarted(id)).toBe(true);
    expect(fake.powerSaveBlocker.stop(id)).toBe(true);
    expect(fake.powerSaveBlocker.isStarted(id)).toBe(false);
  });
});
