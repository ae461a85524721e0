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

export async function makeThumbnails(input: string | Buffer): Promise<MadeThumbnails> {
  let decoded: { data: Buffer; info: OutputInfo };
  let width: number;
  let height: number;
  try {
    const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new ImageError('The file has no picture size.');
    // Dimensions as shown: orientations 5–8 swap width and height.
    const swapped = (meta.orientation ?? 1) >= 5;
    width = swapped ? meta.height : meta.width;
    height = swapped ? meta.width : meta.height;
    decoded = await image
      .autoOrient()
      .resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageError(describeSharpError(error));
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

function describeSharpError(error: unknown): string {
  if (error instanceof ImageError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return `The picture is too large to show (over ${MAX_INPUT_PIXELS / 1e6} megapixels): the file is probably damaged.`;
  if (/unsupported image format|bad seek|not a known file format/i.test(message)) return 'The file is not a picture this app can read.';
  if (/premature end|truncated|unexpected end|VipsJpeg: Premature/i.test(message)) return 'The picture is incomplete: the file was cut short.';
  if (/empty|zero length|Input buffer contains unsupported/i.test(message)) return 'The file is empty.';
  return `The picture could not be read: ${message.split('\n')[0]}`;
}
