import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Real photographs (see test/fixtures/photos/README.md for their licences). */
export const SAMPLE_PHOTO_DIR = fileURLToPath(new URL('../../fixtures/photos/', import.meta.url));
export const SAMPLE_PHOTOS = ['astronaut', 'camera', 'chelsea', 'coffee', 'rocket'] as const;

export const samplePhoto = (name: (typeof SAMPLE_PHOTOS)[number]): Buffer => fs.readFileSync(`${SAMPLE_PHOTO_DIR}${name}.jpg`);

/** The same picture with its SOF header claiming a size no avatar has. */
export function withAbsurdDimensions(jpeg: Buffer): Buffer {
  const out = Buffer.from(jpeg);
  const sof = out.indexOf(Buffer.from([0xff, 0xc0]));
  if (sof < 0) throw new Error('expected a baseline JPEG');
  out.writeUInt16BE(60_000, sof + 5);
  out.writeUInt16BE(60_000, sof + 7);
  return out;
}

/** Unusual but valid encodings of a real photograph. */
export async function variants(photo: Buffer): Promise<Record<string, Buffer>> {
  return {
    progressive: await sharp(photo).jpeg({ progressive: true }).toBuffer(),
    cmyk: await sharp(photo).toColourspace('cmyk').jpeg().toBuffer(),
    '16-bit': await sharp(photo).toColourspace('rgb16').png().toBuffer(),
    alpha: await sharp(photo).ensureAlpha(0.5).png().toBuffer(),
    webp: await sharp(photo).webp().toBuffer(),
  };
}

/** Mean of each colour channel, to compare two renderings of one picture. */
export async function channelMeans(image: Buffer): Promise<number[]> {
  const stats = await sharp(image).removeAlpha().toColourspace('srgb').stats();
  return stats.channels.slice(0, 3).map((c) => c.mean);
}
