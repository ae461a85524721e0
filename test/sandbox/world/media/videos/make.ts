/**
 * Remakes the sandbox's committed video-avatar clips and their manifest (see
 * test/sandbox/README.md, "Media"). Needs ffmpeg with libx264; nothing else does.
 *
 *   npx tsx test/sandbox/world/media/videos/make.ts [--ffmpeg /path/to/ffmpeg]
 *
 * Another ffmpeg build may encode other bytes: that is fine, the manifest records whatever
 * was made, and every machine then serves these committed files.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { VIDEO_DIRECTORY, type VideoManifest } from '../mp4.js';

const run = promisify(execFile);

/** Square edges committed; a world's photo width maps to the nearest (mp4.ts nearestEdge). */
const EDGES = [160, 320, 640];

/**
 * Four looks per edge, 1 s at 25 fps. Sources render at a fraction of the edge and are scaled
 * up, which keeps the files small (a 640 px clip is 4-40 KB) while still moving every frame.
 */
const SOURCES: Record<string, (edge: number) => string> = {
  testsrc2: (e) => `testsrc2=size=${e / 2}x${e / 2}:rate=25,scale=${e}:${e}:flags=bilinear,hue=h=40`,
  sierpinski: (e) => `sierpinski=size=${e / 4}x${e / 4}:rate=25:seed=7:type=carpet,scale=${e}:${e}:flags=neighbor,format=yuv420p,hue=h=100:s=2`,
  life: (e) =>
    `life=size=${e / 8}x${e / 8}:rate=25:seed=9:ratio=0.1:mold=40:life_color=#e0a040:death_color=#103050:mold_color=#205080,scale=${e}:${e}:flags=neighbor,format=yuv420p`,
  cellauto: (e) => `cellauto=size=${e / 8}x${e / 8}:rate=25:seed=3:rule=110,scale=${e}:${e}:flags=neighbor,format=yuv420p,hue=h=200:s=3`,
};

const { values } = parseArgs({ options: { ffmpeg: { type: 'string', default: 'ffmpeg' } } });
const ffmpeg = values.ffmpeg;
const ffprobe = ffmpeg.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1');
const directory = fileURLToPath(VIDEO_DIRECTORY);

async function render(edge: number, source: string, file: string): Promise<void> {
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', source],
    ...['-t', '1', '-an', '-map_metadata', '-1'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-threads', '1', '-pix_fmt', 'yuv420p', '-profile:v', 'main'],
    ...['-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact'],
    file,
  ]);
  // Every frame must decode, at the edge the manifest will promise.
  await run(ffmpeg, ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  const { stdout } = await run(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]);
  if (stdout.trim() !== `h264,${edge},${edge}`) throw new Error(`${file}: expected h264 ${edge}x${edge}, ffprobe says ${stdout.trim()}`);
}

for (const name of await readdir(directory)) if (name.endsWith('.mp4')) await rm(`${directory}${name}`);
const manifest: VideoManifest = { clips: [] };
for (const edge of EDGES) {
  for (const [look, source] of Object.entries(SOURCES)) {
    const file = `${edge}-${look}.mp4`;
    await render(edge, source(edge), `${directory}${file}`);
    const bytes = await readFile(`${directory}${file}`);
    manifest.clips.push({ file, edge, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
}
await writeFile(`${directory}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
const total = manifest.clips.reduce((sum, clip) => sum + clip.bytes, 0);
console.log(`wrote ${manifest.clips.length} clips (${Math.round(total / 1024)} KiB) and manifest.json to ${directory}`);
