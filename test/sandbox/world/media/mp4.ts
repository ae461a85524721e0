/**
 * Video avatars: short, real H.264 MP4s committed in videos/ (made once with ffmpeg by
 * videos/make.ts), so every machine and OS serves the same bytes and none needs ffmpeg.
 * A photo gets one clip of the committed edge nearest its width, with a per-photo `free`
 * box appended at the end, so every photo's file is distinct and still plays.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const VIDEO_DIRECTORY = new URL('./videos/', import.meta.url);
export const REMAKE_COMMAND = 'npx tsx test/sandbox/world/media/videos/make.ts';

export const VideoManifestSchema = z.strictObject({
  /** Clips in pool order: a photo's clip is picked by index within its edge. */
  clips: z.array(
    z.strictObject({
      file: z.string().regex(/^[\w-]+\.mp4$/),
      edge: z.number().int().positive(),
      bytes: z.number().int().positive(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type VideoManifest = z.infer<typeof VideoManifestSchema>;

/** The committed clips by edge length (px), each list in manifest order. */
export type VideoClips = ReadonlyMap<number, readonly Buffer[]>;

let loaded: Promise<VideoClips> | null = null;

/** The committed clips, loaded once per process. */
export function videoClips(): Promise<VideoClips> {
  loaded ??= loadVideoClips(VIDEO_DIRECTORY).catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

export async function readVideoManifest(directory: URL): Promise<VideoManifest> {
  const text = await readFile(new URL('manifest.json', directory), 'utf8');
  return VideoManifestSchema.parse(JSON.parse(text));
}

/** Loads the clips a manifest lists, refusing any whose length or hash differs from it. */
export async function loadVideoClips(directory: URL): Promise<VideoClips> {
  const manifest = await readVideoManifest(directory);
  const clips = new Map<number, Buffer[]>();
  for (const clip of manifest.clips) {
    const bytes = await readFile(new URL(clip.file, directory));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== clip.bytes || sha256 !== clip.sha256) {
      // Sizes and hashes the sandbox advertises come from these bytes: a stale manifest is a bug.
      throw new Error(`videos/${clip.file} (${bytes.length} bytes, sha256 ${sha256}) is not the file in videos/manifest.json; remake both with \`${REMAKE_COMMAND}\``);
    }
    clips.set(clip.edge, [...(clips.get(clip.edge) ?? []), bytes]);
  }
  if (clips.size === 0) throw new Error('videos/manifest.json lists no clips');
  return clips;
}

/** The committed edge nearest to `width`; a tie goes to the larger edge. */
export function nearestEdge(width: number, edges: Iterable<number>): number {
  let best: number | undefined;
  for (const edge of edges) {
    if (best === undefined) best = edge;
    const d = Math.abs(edge - width);
    const bestD = Math.abs(best - width);
    if (d < bestD || (d === bestD && edge > best)) best = edge;
  }
  if (best === undefined) throw new Error('no video edges');
  return best;
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
