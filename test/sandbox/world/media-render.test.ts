import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jpegPool } from './media/jpeg.js';

/** Renders pools twice into empty caches: the encoder itself must be reproducible (MP4s are committed files). */
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

  it('renders identical JPEG pools twice from the same seed', async () => {
    await freshCache();
    const jpegA = await jpegPool(5, 320);
    await freshCache();
    const jpegB = await jpegPool(5, 320);
    expect(jpegB.map((e) => [e.big, e.small, e.stripped].map((b) => b.toString('base64')))).toEqual(
      jpegA.map((e) => [e.big, e.small, e.stripped].map((b) => b.toString('base64'))),
    );
  });
});
