import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { GRID_EDGE, ImageError, makeThumbnails, PREVIEW_EDGE } from '../../../main/core/media/image-repository.js';
import { channelMeans, samplePhoto, SAMPLE_PHOTOS, variants, withAbsurdDimensions } from './sample-photos.js';

describe('makeThumbnails on real photographs', () => {
  it.each(SAMPLE_PHOTOS)('makes a WebP grid thumbnail, a preview and a thumbhash of %s', async (name) => {
    const photo = samplePhoto(name);
    const source = await sharp(photo).metadata();
    const made = await makeThumbnails(photo);
    expect([made.width, made.height]).toEqual([source.width, source.height]);
    const grid = await sharp(made.grid).metadata();
    const preview = await sharp(made.preview).metadata();
    expect(grid.format).toBe('webp');
    expect(preview.format).toBe('webp');
    expect(Math.max(grid.width!, grid.height!)).toBe(Math.min(GRID_EDGE, Math.max(source.width!, source.height!)));
    expect(Math.max(preview.width!, preview.height!)).toBeLessThanOrEqual(PREVIEW_EDGE);
    expect(grid.width! / grid.height!).toBeCloseTo(source.width! / source.height!, 1);
    expect(made.thumbhash.length).toBeGreaterThan(5);
    expect(made.thumbhash.length).toBeLessThan(40);
    // The thumbnail looks like the photo: average colour within a few levels.
    const [a, b] = [await channelMeans(photo), await channelMeans(made.grid)];
    a.forEach((mean, i) => expect(Math.abs(mean - b[i]!)).toBeLessThan(6));
  });

  it('turns an EXIF-rotated photo upright and reports its dimensions as shown', async () => {
    const rotated = await sharp(samplePhoto('rocket')).withMetadata({ orientation: 6 }).jpeg().toBuffer(); // stored 480×320
    const made = await makeThumbnails(rotated);
    expect([made.width, made.height]).toEqual([320, 480]);
    const grid = await sharp(made.grid).metadata();
    expect(grid.height).toBe(GRID_EDGE);
    expect(grid.width).toBeLessThan(grid.height!);
    expect(grid.orientation ?? 1).toBe(1);
  });

  it.each(['progressive', 'cmyk', '16-bit', 'alpha', 'webp'])('reads the %s variant of a photo and keeps its colours in sRGB', async (kind) => {
    const photo = samplePhoto('coffee');
    const variant = (await variants(photo))[kind]!;
    const made = await makeThumbnails(variant);
    const grid = await sharp(made.grid).metadata();
    expect(grid.space).toBe('srgb');
    expect(grid.hasAlpha).toBe(kind === 'alpha');
    // CMYK goes through a generic profile both ways, so it is allowed to drift further.
    const tolerance = kind === 'cmyk' ? 25 : 6;
    const [a, b] = [await channelMeans(photo), await channelMeans(made.grid)];
    a.forEach((mean, i) => expect(Math.abs(mean - b[i]!)).toBeLessThan(tolerance));
  });

  it.each([
    ['a truncated JPEG', () => samplePhoto('chelsea').subarray(0, 9000), /cut short/],
    ['zero bytes', () => Buffer.alloc(0), /empty/],
    ['text that is not an image', () => Buffer.from('BEGIN:VCARD\nFN:not a photo\nEND:VCARD\n'), /not a picture/],
    ['a header claiming 60000×60000 pixels', () => withAbsurdDimensions(samplePhoto('astronaut')), /too large/],
  ])('refuses %s with an ImageError a person can read', async (_name, bytes, message) => {
    const failure = await makeThumbnails(bytes()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ImageError);
    expect((failure as Error).message).toMatch(message);
  });
});
