import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jpegPool } from './media/jpeg.js';
import { mp4Pool } from './media/mp4.js';

/** Renders pools twice into empty caches: the encoders themselves must be reproducible. */
describe('media pool rendering without the disk cache', () => {
  const saved = process.env.TG_SANDBOX_MEDIA_CACHE;
  const dirs: string[] = [];
  afterEach(async () => {
    if (saved === undefined) delete process.env.TG_SANDBOX_MEDIA_CACHE;
    else process.env.TG_SANDBOX_MEDIA_CACHE = saved;
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  async function freshCache(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cache-test-'));
    dirs.push(dir);
    process.env.TG_SANDBOX_MEDIA_CACHE = dir;
  }

  it('renders identical JPEG and MP4 pools twice from the same seed', async () => {
    await freshCache();
    const jpegA = await jpegPool(5, 320);
    const mp4A = await mp4Pool(5, 320);
    await freshCache();
    const jpegB = await jpegPool(5, 320);
    const mp4B = await mp4Pool(5, 320);
    expect(jpegB.map((e) => [e.big, e.small, e.stripped].map((b) => b.toString('base64')))).toEqual(
      jpegA.map((e) => [e.big, e.small, e.stripped].map((b) => b.toString('base64'))),
    );
    expect(mp4B.map((b) => b.toString('base64'))).toEqual(mp4A.map((b) => b.toString('base64')));
    expect(new Set(mp4A.map((b) => b.toString('base64'))).size).toBe(mp4A.length);
  });
});
