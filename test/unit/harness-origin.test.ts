/**
 * The browser harness drives a real core: only its own page may call it. A
 * page of another site in the same browser (a simple cross-origin POST, a
 * text/plain form body, a DNS-rebound host name) is refused and changes
 * nothing.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/harness.js';

let work: string;
let harness: Harness;
let port: number;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-origin-'));
  await fs.writeFile(path.join(work, 'index.html'), '<!doctype html><html><head><script src="./app.js"></script></head><body></body></html>');
  harness = await startHarness({ rendererDir: work });
  port = Number(new URL(harness.url).port);
});

afterAll(async () => {
  await harness.stop();
  await fs.rm(work, { recursive: true, force: true });
});

/** A raw request, with exactly the headers given (a browser's Origin, Sec-Fetch-Site and Host included). */
function request(method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const OWN = (): Record<string, string> => ({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' });
const setApiId = (apiId: number) => JSON.stringify({ apiId, apiHash: '0123456789abcdef0123456789abcdef' });

async function storedApiId(): Promise<unknown> {
  const { body } = await request('POST', '/ipc/credentials.get', { ...OWN(), 'content-type': 'application/json' }, '{}');
  return (JSON.parse(body) as { value: { apiId: unknown } }).value.apiId;
}

describe('the browser harness answers only its own page', () => {
  it('its own page sets the API id with a JSON request', async () => {
    const res = await request('POST', '/ipc/credentials.set', { ...OWN(), 'content-type': 'application/json' }, setApiId(1111));
    expect(res.status).toBe(200);
    expect(await storedApiId()).toBe(1111);
  });

  // headers as functions: the port is known once the harness runs
  it.each([
    ['a text/plain POST from another origin', () => ({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }), 403],
    ['a JSON POST from another origin', () => ({ origin: 'http://evil.example', 'content-type': 'application/json' }), 403],
    ['a JSON POST a browser marks same-site, not same-origin', () => ({ 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }), 403],
    ['a JSON POST to a DNS-rebound host name', () => ({ host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'content-type': 'application/json' }), 403],
    ['a text/plain POST from its own origin', () => ({ ...OWN(), 'content-type': 'text/plain' }), 415],
    ['a form POST from its own origin', () => ({ ...OWN(), 'content-type': 'application/x-www-form-urlencoded' }), 415],
  ])('refuses %s and keeps the stored API id', async (_name, headers, status) => {
    const res = await request('POST', '/ipc/credentials.set', headers(), setApiId(6666));
    expect(res.status).toBe(status);
    expect(await storedApiId()).toBe(1111);
  });

  it('refuses the event stream to another site', async () => {
    const res = await request('GET', '/events', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(harness.eventClients()).toBe(0);
  });
});
