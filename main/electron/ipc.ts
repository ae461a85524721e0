import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, REQUEST_NAMES } from '../../preload/contract.js';
import type { Host } from '../host.js';
import { APP_ORIGIN } from './security.js';

/** Only the app's own top-level frame may call main; anything else gets an error value. */
function isTrustedSender(event: IpcMainInvokeEvent, devServerOrigin: string | null): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const origin = new URL(frame.url).origin;
    return origin === APP_ORIGIN || (devServerOrigin !== null && origin === devServerOrigin);
  } catch {
    return false;
  }
}

export function registerIpc(host: Host, windows: () => WebContents[], devServerOrigin: string | null): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(CHANNELS.request(name), async (event, input: unknown) => {
      if (!isTrustedSender(event, devServerOrigin)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not talk to the app.' } };
      }
      return host.dispatch(name, input);
    });
  }
  const unsubscribe = host.events.subscribe((event, payload) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(CHANNELS.event, event, payload);
  });
  return () => {
    unsubscribe();
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(CHANNELS.request(name));
  };
}
