/**
 * The browser harness transport, under Node: the generated `window.api`
 * reaches the very same host.dispatch over HTTP, events arrive over SSE, and
 * the static server stays inside the renderer folder. (The full browser run is
 * test/e2e-web.)
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES, REQUEST_NAMES, type Bridge } from '../../preload/contract.js';
import { BRIDGE_SCRIPT_PATH } from '../harness/bridge-script.js';
import { RENDERER_CSP, injectBridge, startHarness, type Harness } from '../harness/harness.js';

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/app.js"></script></head><body></body></html>`;

let work: string;
let harness: Harness;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-test-'));
  const rendererDir = path.join(work, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), INDEX);
  await fs.writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await fs.writeFile(path.join(work, 'secret.txt'), 'outside');
  harness = await startHarness({ rendererDir, hostPorts: { appVersion: '9.9.9' } });
});

afterAll(async () => {
  await harness.stop();
  await fs.rm(work, { recursive: true, force: true });
});

const post = (name: string, body: string) =>
  fetch(new URL(`/ipc/${encodeURIComponent(name)}`, harness.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** Runs the generated bridge script against a fake window whose fetch and EventSource reach the harness. */
async function loadBridge(): Promise<{ api: Bridge; close: () => void }> {
  const source = await (await fetch(new URL(BRIDGE_SCRIPT_PATH, harness.url))).text();
  const controller = new AbortController();
  class NodeEventSource {
    readonly #listeners: ((message: { data: string }) => void)[] = [];
    constructor(url: string) {
      void (async () => {
        const response = await fetch(new URL(url, harness.url), { signal: controller.signal });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffered += value;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) !== -1) {
            const frame = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) for (const listener of this.#listeners) listener({ data });
          }
        }
      })();
    }
    addEventListener(_type: 'message', listener: (message: { data: string }) => void) {
      this.#listeners.push(listener);
    }
  }
  const window: Record<string, unknown> = {};
  const context = vm.createContext({
    window,
    EventSource: NodeEventSource,
    fetch: (url: string, init: RequestInit) => fetch(new URL(url, harness.url), init),
    setTimeout,
  });
  vm.runInContext(source, context);
  return { api: window['api'] as Bridge, close: () => controller.abort() };
}

describe('the harness page', () => {
  it('serves index.html with the bridge in front of the bundle and the app CSP', async () => {
    const response = await fetch(harness.url);
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    const html = await response.text();
    expect(html.indexOf(BRIDGE_SCRIPT_PATH)).toBeGreaterThan(0);
    expect(html.indexOf(BRIDGE_SCRIPT_PATH)).toBeLessThan(html.indexOf('assets/app.js'));
    expect(injectBridge(INDEX)).toBe(html);
  });

  it('serves files inside the renderer folder only', async () => {
    expect((await fetch(new URL('/assets/app.js', harness.url))).status).toBe(200);
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets', '/nope.js', '/%00']) {
      const response = await fetch(new URL(escape, harness.url));
      expect(response.status, escape).toBe(404);
      expect(await response.text()).not.toContain('outside');
    }
  });

  it('generates the bridge from the contract names', async () => {
    const script = await (await fetch(new URL(BRIDGE_SCRIPT_PATH, harness.url))).text();
    for (const name of [...REQUEST_NAMES, ...EVENT_NAMES]) expect(script).toContain(JSON.stringify(name));
  });
});

describe('requests over HTTP', () => {
  it('answer exactly as host.dispatch does', async () => {
    harness.host.repos.accounts.upsert({ id: 3, phone: '1', firstName: 'A', lastName: '', username: null, dcId: 1 }, 10);
    for (const [name, input] of [
      ['accounts.list', {}],
      ['app.info', {}],
      ['targets.list', { limit: 5 }],
      ['targets.list', { limit: 'many' }],
      ['accounts.list', { extra: 1 }],
      ['no.such', {}],
    ] as const) {
      const overHttp = await (await post(name, JSON.stringify(input))).json();
      expect(overHttp, name).toEqual(await harness.host.dispatch(name, input));
    }
  });

  it('turn bad bodies into INVALID_INPUT values', async () => {
    expect(await (await post('accounts.list', '{not json')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await (await post('accounts.list', '')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const huge = await (await post('accounts.list', JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }))).json();
    expect(huge).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await fetch(new URL('/ipc/accounts.list', harness.url))).status).toBe(405);
  });

  it('can be intercepted by a test', async () => {
    harness.intercept((method) => (method === 'app.info' ? { ok: false, error: { code: 'BOOM', message: 'no' } } : undefined));
    try {
      expect(await (await post('app.info', '{}')).json()).toEqual({ ok: false, error: { code: 'BOOM', message: 'no' } });
      expect(await (await post('accounts.list', '{}')).json()).toMatchObject({ ok: true });
    } finally {
      harness.intercept(null);
    }
  });
});

describe('the generated window.api', () => {
  it('requests through the host and receives its events', async () => {
    const { api, close } = await loadBridge();
    try {
      expect(Object.keys(api.request).sort()).toEqual([...REQUEST_NAMES].sort());
      expect(await api.request['app.info']({})).toMatchObject({ ok: true, value: { version: '9.9.9' } });
      expect(() => api.on('no.such' as 'archive.changed', () => {})).toThrow(/Unknown event/);

      await harness.waitForEventClients(1, 60_000);
      const seen: unknown[] = [];
      const off = api.on('archive.changed', (payload) => seen.push(payload));
      harness.host.events.emit('archive.changed', { scope: 'targets' });
      await expect.poll(() => seen, { timeout: 60_000 }).toEqual([{ scope: 'targets' }]);
      off();
      // Events arrive in order: once a later listener has the next one, the removed one would have had it too.
      const later: unknown[] = [];
      api.on('archive.changed', (payload) => later.push(payload));
      harness.host.events.emit('archive.changed', { scope: 'accounts' });
      await expect.poll(() => later, { timeout: 60_000 }).toEqual([{ scope: 'accounts' }]);
      expect(seen).toHaveLength(1);
    } finally {
      close();
    }
  });
});
