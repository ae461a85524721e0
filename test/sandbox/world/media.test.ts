import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { strippedPhotoToJpg } from 'telegram/Utils.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { smallWorld } from '../rpc/test-helpers.js';
import { MediaStore } from './media/store.js';
import { World } from './world.js';

const run = promisify(execFile);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** ffprobe/ffmpeg on a buffer via a pipe: checks the MP4 parses and every frame decodes. */
async function probeMp4(bytes: Buffer): Promise<{ width: number; height: number; duration: number }> {
  const file = `${process.env.TMPDIR ?? '/tmp'}/sandbox-probe-${process.pid}-${Date.now()}.mp4`;
  const { writeFile, rm } = await import('node:fs/promises');
  await writeFile(file, bytes);
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file]);
    await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
    const info = JSON.parse(stdout) as { streams: { width: number; height: number }[]; format: { duration: string } };
    return { width: info.streams[0]!.width, height: info.streams[0]!.height, duration: Number(info.format.duration) };
  } finally {
    await rm(file, { force: true });
  }
}

describe('media', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.create(smallWorld());
  });

  it('is deterministic: the same world file gives the same bytes', async () => {
    const again = await World.create(smallWorld());
    for (const photo of world.photos()) {
      for (const file of world.expectedFiles(photo.id)) {
        expect(again.expectedSha256(photo.id, file.type)).toBe(file.sha256);
      }
      expect(again.strippedBytes(photo.id).equals(world.strippedBytes(photo.id))).toBe(true);
      expect(again.fileReference(again.requirePhoto(photo.id)).equals(world.fileReference(photo))).toBe(true);
    }
  });

  it('gives every photo and size distinct bytes, and another seed other bytes', async () => {
    const seen = new Set<string>();
    let count = 0;
    for (const photo of world.photos()) {
      for (const file of world.expectedFiles(photo.id)) {
        seen.add(file.sha256);
        count++;
      }
    }
    expect(seen.size).toBe(count);
    const other = await World.create({ ...smallWorld(), seed: 100 });
    const first = [...world.photos()][0]!;
    expect(other.expectedSha256(first.id, 'c')).not.toBe(world.expectedSha256(first.id, 'c'));
  });

  it('makes real JPEGs of the advertised sizes', async () => {
    for (const photo of [...world.photos()].slice(0, 6)) {
      const big = world.fileBytes(photo.id, 'c');
      const small = world.fileBytes(photo.id, 'a');
      expect(big.length).toBe(world.fileSize(photo.id, 'c'));
      const bigMeta = await sharp(big).metadata();
      expect([bigMeta.format, bigMeta.width, bigMeta.height, bigMeta.isProgressive]).toEqual(['jpeg', photo.width, photo.width, true]);
      expect(big.length).toBeGreaterThan(30_000);
      expect(big.length).toBeLessThan(160_000);
      const smallMeta = await sharp(small).metadata();
      expect([smallMeta.width, smallMeta.height]).toEqual([160, 160]);
      await sharp(big).raw().toBuffer(); // decodes fully
      const sizes = world.media.progressiveSizes(photo);
      expect(sizes.at(-1)).toBe(big.length);
      expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
      expect(new Set(sizes).size).toBe(sizes.length);
      expect(big.subarray(2, 4).toString('hex')).toBe('fffe'); // the COM segment naming the photo
      expect(big.toString('latin1')).toContain(`photo ${photo.id.padStart(19, '0')} size c`);
    }
  });

  it("makes stripped 'i' bytes that GramJS's strippedPhotoToJpg turns into a decodable JPEG", async () => {
    for (const photo of [...world.photos()].slice(0, 4)) {
      const stripped = world.strippedBytes(photo.id);
      expect(stripped[0]).toBe(1);
      expect(stripped.length).toBeLessThan(2000);
      const jpeg = strippedPhotoToJpg(stripped);
      const meta = await sharp(jpeg).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', stripped[2], stripped[1]]);
      const { info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(40);
    }
  });

  it('makes playable MP4s for video avatars, distinct per photo', async () => {
    const videos = [...world.photos()].filter((p) => p.kind === 'video');
    expect(videos.length).toBeGreaterThan(0);
    const bytes = world.fileBytes(videos[0]!.id, 'u');
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const info = await probeMp4(bytes);
    expect(info).toMatchObject({ width: 640, height: 640 });
    expect(info.duration).toBeGreaterThan(0.5);
    expect(info.duration).toBeLessThan(1.5);
    expect(() => world.fileBytes([...world.photos()].find((p) => p.kind === 'image')!.id, 'u')).toThrow(/no 'u' file/);
  });

  it('starts a 300-user, 6,000-photo world without making any file', async () => {
    const bench = JSON.parse(readFileSync('test/sandbox/worlds/bench.json', 'utf8')) as object;
    await World.create(bench as never); // renders (or loads) the pools
    // Quick by construction, not by a stopwatch: sizes come from the pools, bytes only on request.
    const made = vi.spyOn(MediaStore.prototype, 'bytes');
    const world = await World.create(bench as never);
    expect(made).not.toHaveBeenCalled();
    made.mockRestore();
    const photos = [...world.photos()];
    expect(photos.length).toBe(6000);
    expect(photos.filter((p) => p.kind === 'video').length).toBe(600);
    expect(new Set(photos.map((p) => p.dc))).toEqual(new Set([1, 2, 3]));
    const one = photos[1234]!;
    expect(sha(world.fileBytes(one.id, 'c'))).toBe(world.expectedSha256(one.id, 'c'));
  });
});
