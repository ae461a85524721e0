import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveRequestHandler, openInside } from '../../main/core/media/archive-protocol.js';
import { decideRange } from '../../main/core/media/byte-range.js';

let base: string;
let archive: string;
const video = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-protocol-'));
  archive = path.join(base, 'archive');
  fs.mkdirSync(path.join(archive, 'media', 'ab'), { recursive: true });
  fs.mkdirSync(path.join(archive, 'thumbs', 'cd'), { recursive: true });
  fs.writeFileSync(path.join(archive, 'media', 'ab', 'abc.mp4'), video);
  fs.writeFileSync(path.join(archive, 'media', 'ab', 'abc.jpg'), 'jpeg');
  fs.writeFileSync(path.join(archive, 'media', 'ab', 'empty.jpg'), '');
  fs.writeFileSync(path.join(archive, 'thumbs', 'cd', 'cde.webp'), 'webp');
  fs.writeFileSync(path.join(archive, 'archive.db'), 'db');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const handler = () => createArchiveRequestHandler(() => archive);
const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => handler()(new Request(url, { method, headers }));

describe('decideRange', () => {
  it.each([
    [null, 100, { kind: 'whole' }],
    ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=90-', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-500', 100, { kind: 'partial', start: 0, end: 99 }],
    ['bytes=50-500', 100, { kind: 'partial', start: 50, end: 99 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=9-3', 100, { kind: 'whole' }],
    ['bytes=0-1,5-6', 100, { kind: 'whole' }],
    ['items=0-1', 100, { kind: 'whole' }],
  ] as const)('%s of %i bytes → %o', (header, size, expected) => {
    expect(decideRange(header, size)).toEqual(expected);
  });
});

describe('archive:// requests', () => {
  it('serves a whole file with its content type', async () => {
    const response = await get('archive://media/ab/abc.mp4');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await response.arrayBuffer()).equals(video)).toBe(true);
  });

  it('answers a Range request with 206 and exactly those bytes, as a <video> seeking needs', async () => {
    const response = await get('archive://media/ab/abc.mp4', { Range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const response = await get('archive://media/ab/abc.mp4', { Range: 'bytes=5000-' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get('archive://thumbs/cd/cde.webp', {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('content-length')).toBe('4');
    expect(await response.text()).toBe('');
  });

  it('serves an empty file as empty', async () => {
    const response = await get('archive://media/ab/empty.jpg');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['another folder of the archive', 'archive://archive.db/'],
    ['the database through a media path', 'archive://media/../archive.db'],
    ['an encoded escape', 'archive://media/%2e%2e/%2e%2e/secret.txt'],
    ['an unknown host', 'archive://secrets/ab/abc.jpg'],
    ['a missing file', 'archive://media/ab/none.jpg'],
  ])('refuses %s with 404', async (_what, url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('archive://media/ab/abc.jpg', {}, 'POST')).status).toBe(405);
  });
});

describe('openInside', () => {
  it('refuses a file whose folder was swapped for a symlink out of the archive after the check', async () => {
    const root = path.join(base, 'swap');
    fs.mkdirSync(path.join(root, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ab', 'x.jpg'), 'inside');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'x.jpg'), 'outside');
    const realFs = await import('node:fs/promises');
    const originalOpen = realFs.default.open;
    // Swap the folder between the containment check and the open, as a racing process could.
    realFs.default.open = (async (...args: Parameters<typeof originalOpen>) => {
      fs.renameSync(path.join(root, 'ab'), path.join(root, 'ab-moved'));
      fs.symlinkSync(outside, path.join(root, 'ab'));
      realFs.default.open = originalOpen;
      return originalOpen(...args);
    }) as typeof originalOpen;
    try {
      expect(await openInside(root, '/ab/x.jpg')).toBeNull();
    } finally {
      realFs.default.open = originalOpen;
    }
  });

  it('opens a file that stayed in place', async () => {
    const opened = await openInside(path.join(archive, 'media'), '/ab/abc.jpg');
    expect(opened?.stat.size).toBe(4);
    await opened?.handle.close();
  });
});
