/**
 * The sandboxed preload: exposes `window.api` with one named function per
 * request in the contract and an allow-listed event subscription. No raw
 * ipcRenderer, no Node, nothing else reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES, REQUEST_NAMES, type Bridge, type EventName } from './contract.js';

const request = Object.fromEntries(
  REQUEST_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(CHANNELS.request(name), input)]),
) as unknown as Bridge['request'];

const api: Bridge = {
  request,
  // archive://thumbs/ab/….webp and archive://media/ab/….jpg, served by main/core/media/archive-protocol.ts
  mediaBase: 'archive://',
  on(event, listener) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event "${String(event)}"`);
    const forward = (_event: IpcRendererEvent, name: EventName, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(CHANNELS.event, forward);
    return () => ipcRenderer.removeListener(CHANNELS.event, forward);
  },
};

contextBridge.exposeInMainWorld('api', api);
