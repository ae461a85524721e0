/**
 * Still images: a pool of base JPEGs rendered once per (seed, width) with sharp, and the
 * byte-level edits that make every photo's file distinct (a COM segment naming the photo
 * and size) while keeping it a valid JPEG.
 */
import sharp, { type Sharp } from 'sharp';
import { Rng } from '../random.js';
import { cachedBuffers } from './disk-cache.js';

/** The 160 px crop every photo has ('a'). */
export const SMALL_EDGE = 160;
/** Telegram's stripped thumbnails are at most 40 px on the long side. */
export const STRIPPED_EDGE = 40;
/** Base images per (seed, width): enough variety for a grid to look like real avatars. */
export const JPEG_POOL_SIZE = 16;

export interface JpegPoolEntry {
  /** Progressive JPEG, width x width ('c'). */
  readonly big: Buffer;
  /** Baseline JPEG, 160 x 160 ('a'). */
  readonly small: Buffer;
  /** Telegram's stripped format ('i'): 0x01, height, width, entropy-coded data. */
  readonly stripped: Buffer;
}

/** Renders (or loads from the disk cache) the pool of base stills for one width. */
export async function jpegPool(seed: number, width: number): Promise<JpegPoolEntry[]> {
  const key = { kind: 'jpeg', version: 3, seed, width, count: JPEG_POOL_SIZE, sharp: sharp.versions };
  const flat = await cachedBuffers(key, async () => {
    const entries = await Promise.all(Array.from({ length: JPEG_POOL_SIZE }, (_, i) => renderEntry(seed, width, i)));
    return entries.flatMap((e) => [e.big, e.small, e.stripped]);
  });
  const out: JpegPoolEntry[] = [];
  for (let i = 0; i < JPEG_POOL_SIZE; i++) out.push({ big: flat[3 * i]!, small: flat[3 * i + 1]!, stripped: flat[3 * i + 2]! });
  return out;
}

async function renderEntry(seed: number, width: number, index: number): Promise<JpegPoolEntry> {
  const rng = new Rng(seed, 'still', width, index);
  const raw = await renderPixels(rng, width);
  const image = (): Sharp => sharp(raw, { raw: { width, height: width, channels: 3 } });
  // Quality and grain vary per base so 'c' sizes spread like real avatars (~40-150 KB at 640 px).
  const big = await image().jpeg({ quality: rng.int(78, 90), progressive: true }).toBuffer();
  const small = await image().resize(SMALL_EDGE, SMALL_EDGE).jpeg({ quality: 87 }).toBuffer();
  // Stripped thumbnails only work with the exact tables of Telegram's fixed header (see
  // strippedFromJpeg): libjpeg's standard quality-20 tables and default Huffman codes.
  const tiny = await image()
    .resize(STRIPPED_EDGE, STRIPPED_EDGE)
    .jpeg({ quality: 20, optimiseCoding: false, chromaSubsampling: '4:2:0', mozjpeg: false, quantisationTable: 0 })
    .toBuffer();
  return { big, small, stripped: strippedFromJpeg(tiny) };
}

/** A soft gradient with blobs (cheap at low resolution, upscaled by sharp), plus per-pixel grain. */
async function renderPixels(rng: Rng, width: number): Promise<Buffer> {
  const low = 64;
  const base = Buffer.alloc(low * low * 3);
  const colour = (): number[] => [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  const from = colour();
  const to = colour();
  const blobs = Array.from({ length: rng.int(3, 8) }, () => ({
    x: rng.next() * low,
    y: rng.next() * low,
    r: (0.1 + rng.next() * 0.35) * low,
    c: colour(),
  }));
  const angle = rng.next() * Math.PI * 2;
  const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < low; y++) {
    for (let x = 0; x < low; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + ((x - low / 2) * ca + (y - low / 2) * sa) / low));
      const px = [0, 1, 2].map((k) => from[k]! * (1 - t) + to[k]! * t);
      for (const blob of blobs) {
        const d = Math.hypot(x - blob.x, y - blob.y) / blob.r;
        if (d >= 1) continue;
        const w = (1 - d * d) * 0.85;
        for (let k = 0; k < 3; k++) px[k] = px[k]! * (1 - w) + blob.c[k]! * w;
      }
      base.set(px, (y * low + x) * 3);
    }
  }
  const smooth = await sharp(base, { raw: { width: low, height: low, channels: 3 } })
    .resize(width, width, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  // Grain is what makes a JPEG realistically large; flat colour would compress to nothing.
  const grain = rng.int(14, 34);
  for (let i = 0; i < smooth.length; i += 3) {
    const n = ((rng.nextUint32() & 0xff) / 255 - 0.5) * grain;
    smooth[i] = clamp(smooth[i]! + n);
    smooth[i + 1] = clamp(smooth[i + 1]! + n);
    smooth[i + 2] = clamp(smooth[i + 2]! + n);
  }
  return smooth;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * Telegram's stripped format drops the JPEG header (GramJS's strippedPhotoToJpg puts back a
 * fixed one, patching in height and width) and keeps only the entropy-coded scan.
 */
export function strippedFromJpeg(jpeg: Buffer): Buffer {
  const sof = findMarker(jpeg, 0xc0);
  const sos = findMarker(jpeg, 0xda);
  if (sof < 0 || sos < 0) throw new Error('stripped: expected a baseline JPEG');
  const height = jpeg.readUInt16BE(sof + 5);
  const width = jpeg.readUInt16BE(sof + 7);
  const scanStart = sos + 2 + jpeg.readUInt16BE(sos + 2);
  const end = jpeg.length - 2; // the EOI marker GramJS appends again
  return Buffer.concat([Buffer.from([1, height, width]), jpeg.subarray(scanStart, end)]);
}

/** Offset of the first marker 0xFF `code` in the header segments, or -1. */
function findMarker(jpeg: Buffer, code: number): number {
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) return -1;
    const marker = jpeg[pos + 1]!;
    if (marker === code) return pos;
    if (marker === 0xda || marker === 0xd9) return -1;
    pos += 2 + jpeg.readUInt16BE(pos + 2);
  }
  return -1;
}

/** Bytes a COM segment adds (marker, length, fixed-width text). */
export const COMMENT_SEGMENT_LENGTH = 4 + 44;

/** The fixed-width text naming a photo's file: `tg-sandbox photo 0006000000000000123 size c`. */
export function photoComment(photoId: string, type: string): Buffer {
  const text = `tg-sandbox photo ${photoId.padStart(19, '0')} size ${type}`.padEnd(44, ' ');
  return Buffer.from(text.slice(0, 44), 'latin1');
}

/** Inserts a COM segment right after SOI: still a valid JPEG, now unique to (photo, size). */
export function withComment(jpeg: Buffer, comment: Buffer): Buffer {
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, comment, jpeg.subarray(2)]);
}

/**
 * photoSizeProgressive.sizes: the byte counts after which successive progressive scans are
 * complete (a client may show the image after downloading any prefix), the last being the
 * whole file. Computed from the base's SOS positions, shifted by the inserted COM segment.
 */
export function progressiveScanSizes(base: Buffer, shift: number): number[] {
  const starts: number[] = [];
  let pos = 2;
  while (pos + 4 <= base.length) {
    if (base[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = base[pos + 1]!;
    if (marker === 0xda) {
      starts.push(pos);
      pos += 2 + base.readUInt16BE(pos + 2);
      // Skip entropy-coded data: 0xFF is followed by 0x00 (stuffing) or RSTn inside a scan.
      while (pos + 1 < base.length && !(base[pos] === 0xff && base[pos + 1] !== 0x00 && (base[pos + 1]! < 0xd0 || base[pos + 1]! > 0xd7))) pos++;
      continue;
    }
    if (marker === 0xd9) break;
    pos += 2 + base.readUInt16BE(pos + 2);
  }
  // A prefix ending where scan k+1 starts contains scans 0..k. Telegram lists about five.
  const ends = starts.slice(1).map((s) => s + shift);
  const picked = ends.length <= 4 ? ends : [0.2, 0.4, 0.6, 0.8].map((f) => ends[Math.floor(f * ends.length)]!);
  return [...new Set(picked), base.length + shift];
}
