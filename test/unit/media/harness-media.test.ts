/**
 * The browser harness serves the archive with the archive:// handler itself
 * (main/core/media/archive-protocol.ts) under /archive/, Range requests included,
 * and tells the page that base; nothing outside thumbs/ and media/ is reachable.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeScript, MEDIA_PATH } from '../../harness/bridge-script.js';
import { startHarness, type Harness } from '../../harness/harness.js';
import { samplePhoto } from './sample-photos.js';

let work: string;
let harness: Harness;
const sha = 'ab'.padEnd(64, '0');

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-media-'));
  await fs.writeFile(path.join(work, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head></html>');
  harness = await startHarness({ rendererDir: work });
  await fs.mkdir(path.join(harness.archiveDir, 'media', 'ab'), { recursive: true });
  await fs.writeFile(path.join(harness.archiveDir, 'media', 'ab', `${sha}.jpg`), samplePhoto('chelsea'));
});

afterAll(async () => {
  await harness.stop();
  await fs.rm(work, { recursive: true, force: true });
});

const get = (urlPath: string, headers: Record<string, string> = {}) => fetch(new URL(urlPath, harness.url), { headers });

describe('the harness serving media', () => {
  it('answers a whole file and a byte range from the archive with its Content-Type', async () => {
    const whole = await get(`${MEDIA_PATH}media/ab/${sha}.jpg`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await whole.arrayBuffer()).equals(samplePhoto('chelsea'))).toBe(true);
    const part = await get(`${MEDIA_PATH}media/ab/${sha}.jpg`, { range: 'bytes=2-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${samplePhoto('chelsea').length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(samplePhoto('chelsea').subarray(2, 10))).toBe(true);
  });

  it('refuses paths outside media/ and thumbs/', async () => {
    for (const p of [`${MEDIA_PATH}archive.db`, `${MEDIA_PATH}media/../archive.db`, `${MEDIA_PATH}media/%2e%2e/archive.db`, `${MEDIA_PATH}media/ab/missing.jpg`]) {
      expect((await get(p)).status, p).toBe(404);
    }
  });

  it('gives the page that base as window.api.mediaBase', () => {
    const window: { api?: { mediaBase: string } } = {};
    vm.runInNewContext(bridgeScript(), { window, EventSource: class { addEventListener() {} }, fetch });
    expect(window.api?.mediaBase).toBe(MEDIA_PATH);
  });
});
