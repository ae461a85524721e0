/**
 * sharp behind one small repository (as Immich does): the only code that
 * decodes pictures. Each still is decoded once, shrunk on load, turned upright
 * by its EXIF orientation and converted to sRGB (CMYK and 16-bit included);
 * from those pixels come the viewer preview, the grid thumbnail and a thumbhash.
 * sharp works on libuv's thread pool, never on the thread that answers requests.
 */
import sharp, { type OutputInfo } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { ImageError } from './image-error.js';

export { ImageError };

/** Long edge of the grid thumbnail: a 160 px cell on a 2× display. */
export const GRID_EDGE = 320;
/** Long edge of the viewer preview. */
export const PREVIEW_EDGE = 1280;
/** thumbhash encodes at most 100×100 pixels. */
const THUMBHASH_EDGE = 100;
/** Telegram's avatars are at most 2560 px a side; far beyond that is a broken or hostile file. */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface MadeThumbnails {
  readonly grid: Buffer;
  readonly preview: Buffer;
  /** The picture as shown (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
  readonly thumbhash: Uint8Array;
}

const WEBP = { quality: 82, effort: 2 } as const;

/**
 * The reason is decided from what we know (which step failed, the size the header claims, how
 * the bytes end), not from libvips's message text: with several pictures in work at once a
 * failure's message can be another's, or empty.
 */
export async function makeThumbnails(input: Buffer): Promise<MadeThumbnails> {
  if (input.length === 0) throw new ImageError('The file is empty.');
  // The header alone (no pixels decoded), without the pixel limit, so a too-large claim is told apart.
  const meta = await sharp(input, { limitInputPixels: false }).metadata().catch(() => {
    throw new ImageError('The file is not a picture this app can read.');
  });
  if (!meta.width || !meta.height) throw new ImageError('The file is not a picture this app can read.');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new ImageError(`The picture claims ${meta.width}×${meta.height} pixels, too large to show: the file is probably damaged.`);
  }
  // Dimensions as shown: orientations 5–8 swap width and height.
  const swapped = (meta.orientation ?? 1) >= 5;
  const [width, height] = swapped ? [meta.height, meta.width] : [meta.width, meta.height];
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (meta.format === 'jpeg' && !endsWithJpegEnd(input)) throw new ImageError('The picture is incomplete: the file was cut short.');
    throw new ImageError(`The picture is damaged and cannot be shown (${firstLine(error)}).`);
  }
  const { data, info } = decoded;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  // One after another: each sharp call holds a libuv thread while it runs, and those threads also
  // serve the file writes of downloads in progress (libvips parallelises each call on its own threads).
  const preview = await sharp(data, raw).webp(WEBP).toBuffer();
  const grid = await sharp(data, raw).resize(GRID_EDGE, GRID_EDGE, { fit: 'inside', withoutEnlargement: true }).webp(WEBP).toBuffer();
  const small = await sharp(data, raw).resize(THUMBHASH_EDGE, THUMBHASH_EDGE, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { grid, preview, width, height, thumbhash: rgbaToThumbHash(small.info.width, small.info.height, small.data) };
}

/** A whole JPEG ends with its EOI marker (FF D9), give or take trailing padding. */
function endsWithJpegEnd(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  return tail.includes(Buffer.from([0xff, 0xd9]));
}

const firstLine = (error: unknown): string => ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').slice(0, 200) || 'no detail';
