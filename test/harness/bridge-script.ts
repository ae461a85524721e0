import { EVENT_NAMES, REQUEST_NAMES } from '../../preload/contract.js';

export const IPC_PATH = '/ipc/';
export const EVENTS_PATH = '/events';
export const BRIDGE_SCRIPT_PATH = '/__harness/bridge.js';
/** archive://thumbs/… is served as /archive/thumbs/…, by the same handler Electron uses. */
export const MEDIA_PATH = '/archive/';

/**
 * The browser side of the harness transport: a classic script, loaded before
 * the renderer bundle, that defines `window.api` with the same shape the
 * Electron preload exposes (one function per request name, an allow-listed
 * `on`), generated from the contract's names. Requests are `POST /ipc/<name>`
 * with a JSON body answered by the host's own dispatch; events arrive over
 * Server-Sent Events. It is served as a file so the page's CSP
 * (`script-src 'self'`) holds unchanged.
 */
export function bridgeScript(): string {
  return `(() => {
  'use strict';
  const REQUEST_NAMES = ${JSON.stringify(REQUEST_NAMES)};
  const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};
  const transportError = (message) => ({ ok: false, error: { code: 'TRANSPORT', message } });

  async function call(name, input) {
    let response;
    try {
      response = await fetch(${JSON.stringify(IPC_PATH)} + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input === undefined ? null : input),
      });
    } catch (error) {
      return transportError("Could not reach the app's background process (" + (error && error.message) + ').');
    }
    try {
      return await response.json();
    } catch {
      return transportError("The app's background process answered " + response.status + ' without a result.');
    }
  }

  const listeners = new Map(EVENT_NAMES.map((name) => [name, new Set()]));
  const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  source.addEventListener('message', (message) => {
    let data;
    try { data = JSON.parse(message.data); } catch { return; }
    const set = data && listeners.get(data.event);
    if (!set) return;
    for (const listener of [...set]) {
      try { listener(data.payload); } catch (error) { setTimeout(() => { throw error; }); }
    }
  });

  const request = Object.freeze(Object.fromEntries(REQUEST_NAMES.map((name) => [name, (input) => call(name, input)])));
  const api = Object.freeze({
    request,
    mediaBase: ${JSON.stringify(MEDIA_PATH)},
    on(event, listener) {
      const set = listeners.get(event);
      if (!set) throw new Error('Unknown event "' + String(event) + '"');
      set.add(listener);
      return () => { set.delete(listener); };
    },
  });
  Object.defineProperty(window, 'api', { value: api, enumerable: true });
})();
`;
}
