/**
 * Video avatars: a pool of short, real, playable H.264 MP4s rendered once per (seed,
 * width) with ffmpeg (bit-exact flags, one thread, so the bytes are reproducible), and a
 * per-photo `free` box appended at the end so every photo's file is distinct and still plays.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { derive } from '../random.js';
import { cachedBuffers } from './disk-cache.js';

const run = promisify(execFile);

export const MP4_POOL_SIZE = 4;
export const FFMPEG = process.env.TG_SANDBOX_FFMPEG ?? 'ffmpeg';

let ffmpegVersion: Promise<string> | null = null;

/** The first line of `ffmpeg -version`, part of the cache key (another build, other bytes). */
export function detectFfmpeg(): Promise<string> {
  ffmpegVersion ??= run(FFMPEG, ['-hide_banner', '-version']).then(
    ({ stdout }) => stdout.split('\n')[0]!.trim(),
    (error: Error) => {
      ffmpegVersion = null;
      throw new Error(`video avatars need ffmpeg (${FFMPEG}): ${error.message}`);
    },
  );
  return ffmpegVersion;
}

/** Renders (or loads from the disk cache) the pool of base MP4s for one edge length. */
export async function mp4Pool(seed: number, width: number): Promise<Buffer[]> {
  const version = await detectFfmpeg();
  const key = { kind: 'mp4', version: 3, seed, width, count: MP4_POOL_SIZE, ffmpeg: version };
  return cachedBuffers(key, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-sandbox-mp4-'));
    try {
      const out: Buffer[] = [];
      // Two at a time: ffmpeg runs single-threaded for reproducibility.
      for (let i = 0; i < MP4_POOL_SIZE; i += 2) {
        const batch = [i, i + 1].filter((k) => k < MP4_POOL_SIZE);
        out.push(...(await Promise.all(batch.map((k) => renderVideo(seed, width, k, join(dir, `${k}.mp4`))))));
      }
      return out;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

function sourceFor(seed: number, width: number, index: number): string {
  const bytes = derive(seed, 'video', width, index);
  const n = bytes.readUInt32LE(0) % 100_000;
  const hue = bytes.readUInt16LE(4) % 360;
  const size = `size=${width}x${width}:rate=25`;
  switch (index % 4) {
    case 0:
      return `testsrc2=${size},hue=h=${hue}`;
    case 1:
      // (mandelbrot looked nicer but took seconds per clip)
      return `sierpinski=${size}:seed=${n}:type=${n % 2 ? 'carpet' : 'triangle'},format=yuv420p,hue=h=${hue}:s=2`;
    case 2:
      // (the gradients source is not reproducible run to run, so it is not used)
      return `life=${size}:seed=${n}:ratio=0.1:mold=40:life_color=#e0a040:death_color=#103050:mold_color=#205080,format=yuv420p,hue=h=${hue}`;
    default:
      return `cellauto=${size}:seed=${n}:rule=${[30, 90, 110, 150][n % 4]},format=yuv420p,hue=h=${hue}:s=3`;
  }
}

async function renderVideo(seed: number, width: number, index: number, file: string): Promise<Buffer> {
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', sourceFor(seed, width, index)],
    ...['-t', '1', '-an', '-map_metadata', '-1'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-threads', '1', '-pix_fmt', 'yuv420p', '-profile:v', 'main'],
    ...['-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact'],
    file,
  ];
  await run(FFMPEG, args, { timeout: 60_000 });
  return readFile(file);
}

/** Bytes the per-photo box adds. */
export const MP4_SUFFIX_LENGTH = 8 + 44;

/** Appends a top-level `free` box carrying `label` (44 bytes): players skip it. */
export function withFreeBox(mp4: Buffer, label: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + label.length, 0);
  head.write('free', 4, 'latin1');
  return Buffer.concat([mp4, head, label]);
}
