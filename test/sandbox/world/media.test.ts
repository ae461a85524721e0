import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { strippedPhotoToJpg } from 'telegram/Utils.js';
import { Api } from 'telegram';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { smallWorld } from '../rpc/test-helpers.js';
import { apiPhoto } from '../rpc/tl.js';
import { inspectMp4 } from './media/mp4-inspect.js';
import { MediaStore } from './media/store.js';
import { World } from './world.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

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
    for (const photo of videos) {
      const bytes = world.fileBytes(photo.id, 'u');
      expect(bytes.length).toBe(world.fileSize(photo.id, 'u'));
      const edge = world.media.videoEdge(photo);
      expect(inspectMp4(bytes)).toMatchObject({ codec: 'avc1', width: edge, height: edge, samplesInsideMdat: true });
      expect(bytes.toString('latin1', bytes.length - 52)).toContain(`freetg-sandbox photo ${photo.id.padStart(19, '0')} size u`);
    }
    expect(world.media.videoEdge(videos[0]!)).toBe(640); // the default width has a clip of its own
    expect(() => world.fileBytes([...world.photos()].find((p) => p.kind === 'image')!.id, 'u')).toThrow(/no 'u' file/);
  });

  it('advertises the edge and size of the MP4 it serves when a width has no clip of its own', async () => {
    const wide = await World.create(smallWorld());
    const photo = await wide.addPhoto(200, { kind: 'video', width: 1280 });
    const api = apiPhoto(wide, photo);
    const u = api.videoSizes![0] as Api.VideoSize;
    const c = api.sizes.find((s) => s instanceof Api.PhotoSizeProgressive)!;
    const bytes = wide.fileBytes(photo.id, 'u');
    expect([c.w, u.w, u.h, u.size]).toEqual([1280, 640, 640, bytes.length]);
    expect(inspectMp4(bytes)).toMatchObject({ width: 640, height: 640 });
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
