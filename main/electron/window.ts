import path from 'node:path';
import { BrowserWindow } from 'electron';

export function createMainWindow(options: { preload: string; url: string; show: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Photo Archiver for Telegram',
    backgroundColor: '#1c1c1e',
    webPreferences: {
      preload: path.resolve(options.preload),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (options.show) window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
