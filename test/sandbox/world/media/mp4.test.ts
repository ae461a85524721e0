import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectMp4, readBoxes } from './mp4-inspect.js';
import { REMAKE_COMMAND, VIDEO_DIRECTORY, loadVideoClips, nearestEdge, readVideoManifest, videoClips, withFreeBox } from './mp4.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('committed video-avatar clips', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('are exactly the files the manifest lists, with its lengths and hashes', async () => {
    const manifest = await readVideoManifest(VIDEO_DIRECTORY);
    const onDisk = (await readdir(VIDEO_DIRECTORY)).filter((name) => name.endsWith('.mp4')).sort();
    expect(manifest.clips.map((c) => c.file).sort()).toEqual(onDisk);
    for (const clip of manifest.clips) {
      const bytes = await readFile(new URL(clip.file, VIDEO_DIRECTORY));
      expect({ file: clip.file, bytes: bytes.length, sha256: sha(bytes) }).toEqual({ file: clip.file, bytes: clip.bytes, sha256: clip.sha256 });
    }
    // Several looks per edge, all different, and small enough to commit.
    const clips = await videoClips();
    for (const list of clips.values()) expect(new Set(list.map(sha)).size).toBe(list.length);
    expect(manifest.clips.reduce((sum, c) => sum + c.bytes, 0)).toBeLessThan(300 * 1024);
  });

  it('refuses to serve a clip that changed without its manifest, naming the remake command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-videos-'));
    dirs.push(dir);
    await cp(VIDEO_DIRECTORY, dir, { recursive: true });
    const copy = pathToFileURL(`${dir}/`);
    const { clips } = await readVideoManifest(copy);
    await expect(loadVideoClips(copy)).resolves.toBeDefined();
    const target = new URL(clips[1]!.file, copy);
    const bytes = await readFile(target);
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(target, bytes);
    await expect(loadVideoClips(copy)).rejects.toThrow(`videos/${clips[1]!.file}`);
    await expect(loadVideoClips(copy)).rejects.toThrow(REMAKE_COMMAND);
  });

  it('are H.264 MP4s: one avc1 video track of the listed edge, 25 frames in 1 s, samples inside mdat', async () => {
    const { clips } = await readVideoManifest(VIDEO_DIRECTORY);
    for (const clip of clips) {
      const info = inspectMp4(await readFile(new URL(clip.file, VIDEO_DIRECTORY)));
      expect({ file: clip.file, ...info }).toMatchObject({
        file: clip.file,
        brand: 'isom',
        codec: 'avc1',
        width: clip.edge,
        height: clip.edge,
        samples: 25,
        samplesInsideMdat: true,
      });
      // faststart: a player can start before the whole file arrives.
      expect(info.topLevel.indexOf('moov')).toBeLessThan(info.topLevel.indexOf('mdat'));
      expect(info.durationSeconds).toBeCloseTo(1, 1);
    }
  });

  it('stay well-formed with a per-photo free box appended, which ends the file', async () => {
    const clip = (await videoClips()).get(640)![0]!;
    const label = Buffer.from('tg-sandbox photo 0000000000000000042 size u', 'latin1');
    const marked = withFreeBox(clip, label);
    expect(inspectMp4(marked)).toEqual({ ...inspectMp4(clip), topLevel: [...inspectMp4(clip).topLevel, 'free'] });
    const last = readBoxes(marked).at(-1)!;
    expect([last.type, last.body.equals(label)]).toEqual(['free', true]);
    expect(() => inspectMp4(clip.subarray(0, clip.length - 100))).toThrow(/'mdat' .* overruns/);
  });
});

describe('nearestEdge', () => {
  it('maps any photo width to the closest committed edge, ties to the larger', () => {
    const edges = [160, 320, 640];
    expect([160, 200, 240, 250, 320, 478, 480, 640, 800, 1280].map((w) => nearestEdge(w, edges))).toEqual([160, 160, 320, 320, 320, 320, 640, 640, 640, 640]);
  });
});
