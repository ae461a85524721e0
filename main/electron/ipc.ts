import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, REQUEST_NAMES } from '../../preload/contract.js';
import type { Host } from '../host.js';
import { mayCallCore } from './shell-policy.js';

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not talk to the app.' } } as const;

export function registerIpc(host: Host, windows: () => WebContents[], devServerUrl: string | null): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    // senderFrame is null when the frame navigated away or was destroyed meanwhile.
    const frame = event.senderFrame;
    return mayCallCore(frame ? { url: frame.url, topLevel: frame.parent === null } : null, devServerUrl);
  };
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(CHANNELS.request(name), (event, input: unknown) => (trusted(event) ? host.dispatch(name, input) : FORBIDDEN));
  }
  const unsubscribe = host.events.subscribe((event, payload) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(CHANNELS.event, event, payload);
  });
  return () => {
    unsubscribe();
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(CHANNELS.request(name));
  };
}
