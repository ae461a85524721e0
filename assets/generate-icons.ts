/**
 * Every platform icon from one source image, assets/icon.svg, with sharp:
 *
 *   npx tsx assets/generate-icons.ts
 *
 * The outputs are committed, so packaging never depends on running this. What
 * each platform takes follows electron-builder's icon docs
 * (https://www.electron.build/icons/): Windows an .ico of at least 256x256, macOS
 * an .icns (copied into the bundle as is, so no conversion runs on the macOS
 * runner), Linux a folder of PNGs named by size ("256x256.png"). Tray icons
 * follow Electron's Tray/nativeImage docs: macOS template images are black plus
 * alpha with a "Template" suffix and an @2x variant; Windows and Linux get a dark
 * glyph for light bars and a white one for dark bars.
 * test/unit/icons.test.ts checks the committed files against this plan and the source.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const ASSETS = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE = path.join(ASSETS, 'icon.svg');

/** Sizes inside the .ico; Windows picks per DPI (16 to 48 in lists and the taskbar, 256 in large views). */
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 96, 128, 256] as const;
/** The PNG-bearing ICNS types and their pixel sizes (Apple's icns format: icp4/icp5 since 10.7, ic07-ic14 PNG/JPEG 2000). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
] as const;
/** The Linux icon theme sizes (electron-builder recommends 16, 32, 48, 64, 128, 256, 512). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** Tray sizes at 1x; each also gets an @2x file. Electron's Tray docs: 16x16 (and 32x32 @2x) on macOS and Windows. */
export const TRAY_SIZE = 16;
/** Windows picks a tray size per DPI from an .ico. */
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48] as const;

export const OUTPUTS = {
  png1024: 'icon.png',
  ico: 'icon.ico',
  icns: 'icon.icns',
  linuxDir: 'icons',
  trayDir: 'tray',
} as const;

/** The app icon at one size, rendered from the vector source (not scaled down from a bitmap). */
export async function renderIcon(size: number): Promise<Buffer> {
  const svg = await fs.readFile(SOURCE);
  // The SVG is 512 units wide; render at the density that lands on `size` pixels exactly.
  return sharp(svg, { density: (72 * size) / 512 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/**
 * The tray glyph: the source's white photo frames (the stack of pictures), as
 * coverage in 0..1, cropped to the glyph and squared. The blue background and the
 * blue person drawn on the front frame become transparent; the faded back frames
 * keep their fade. Computed once at 512 px.
 */
async function trayCoverage(): Promise<{ data: Buffer; size: number }> {
  const { data, info } = await sharp(await fs.readFile(SOURCE), { density: 72 })
    .resize(512, 512)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // The background's darkest red channel is the gradient's end (#1e96c8: 30), the
  // lightest #37aee2 (55); white frames over it lift red towards 255.
  const BLUE_RED = 55;
  const coverage = Buffer.alloc(info.width * info.height);
  let minX = info.width, minY = info.height, maxX = -1, maxY = -1;
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      const i = (y * info.width + x) * 4;
      const red = data[i]!;
      const alpha = data[i + 3]! / 255;
      const c = Math.round(Math.max(0, Math.min(1, (red - BLUE_RED) / (255 - BLUE_RED))) * alpha * 255);
      coverage[y * info.width + x] = c;
      if (c > 8) {
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    }
  }
  const side = Math.max(maxX - minX, maxY - minY) + 1;
  const square = Buffer.alloc(side * side);
  const offX = Math.floor((side - (maxX - minX + 1)) / 2), offY = Math.floor((side - (maxY - minY + 1)) / 2);
  for (let y = minY; y <= maxY; y += 1) {
    for (let x = minX; x <= maxX; x += 1) square[(y - minY + offY) * side + (x - minX + offX)] = coverage[y * info.width + x]!;
  }
  return { data: square, size: side };
}

/** A tray PNG of one colour (0 black, 255 white) with the glyph as alpha. */
export async function renderTray(size: number, grey: 0 | 255): Promise<Buffer> {
  const glyph = await trayCoverage();
  const alpha = await sharp(glyph.data, { raw: { width: glyph.size, height: glyph.size, channels: 1 } })
    .resize(size, size, { kernel: 'lanczos3' })
    .extractChannel(0) // sharp writes one-channel input back out as RGB otherwise
    .raw()
    .toBuffer();
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i += 1) {
    rgba.fill(grey, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = alpha[i]!;
  }
  return sharp(rgba, { raw: { width: size, height: size, channels: 4 } }).png({ compressionLevel: 9 }).toBuffer();
}

/**
 * An .ico: a 6-byte header, 16-byte directory entries, then the images. The
 * 256 px entry is PNG (as Windows Vista+ expects for that size); the smaller
 * ones are 32-bit BMP (DIB with a doubled height and a 1-bit AND mask), which
 * every consumer of .ico reads, including NSIS's installer-icon code.
 */
export async function encodeIco(pngs: Buffer[]): Promise<Buffer> {
  const images: Array<{ size: number; data: Buffer }> = [];
  for (const png of pngs) {
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const size = info.width;
    images.push({ size, data: size >= 256 ? png : dib(data, size) });
  }
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const at = 6 + 16 * index;
    header.writeUInt8(image.size >= 256 ? 0 : image.size, at); // 0 means 256
    header.writeUInt8(image.size >= 256 ? 0 : image.size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(image.data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += image.data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** RGBA rows to a bottom-up BGRA DIB with its (all-zero: alpha decides) AND mask. */
function dib(rgba: Buffer, size: number): Buffer {
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0); // BITMAPINFOHEADER
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // XOR image + AND mask
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(0, 16); // BI_RGB
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  for (let y = 0; y < size; y += 1) {
    const src = (size - 1 - y) * size * 4;
    for (let x = 0; x < size; x += 1) {
      const s = src + x * 4;
      const d = 40 + (y * size + x) * 4;
      out[d] = rgba[s + 2]!;
      out[d + 1] = rgba[s + 1]!;
      out[d + 2] = rgba[s]!;
      out[d + 3] = rgba[s + 3]!;
    }
  }
  return out;
}

/** An .icns: 'icns' + total length, then (type, length incl. 8-byte header, PNG) per entry; all big-endian. */
export function encodeIcns(entries: Array<{ type: string; png: Buffer }>): Buffer {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

async function main(): Promise<void> {
  const cache = new Map<number, Buffer>();
  const icon = async (size: number): Promise<Buffer> => {
    if (!cache.has(size)) cache.set(size, await renderIcon(size));
    return cache.get(size)!;
  };
  const write = async (relative: string, data: Buffer): Promise<void> => {
    await fs.mkdir(path.dirname(path.join(ASSETS, relative)), { recursive: true });
    await fs.writeFile(path.join(ASSETS, relative), data);
    console.log(`wrote assets/${relative} (${data.length} bytes)`);
  };

  await write(OUTPUTS.png1024, await icon(1024));
  await write(OUTPUTS.ico, await encodeIco(await Promise.all(ICO_SIZES.map(icon))));
  await write(OUTPUTS.icns, encodeIcns(await Promise.all(ICNS_TYPES.map(async ([type, size]) => ({ type, png: await icon(size) })))));
  for (const size of LINUX_SIZES) await write(`${OUTPUTS.linuxDir}/${size}x${size}.png`, await icon(size));

  const tray = OUTPUTS.trayDir;
  for (const [scale, suffix] of [[1, ''], [2, '@2x']] as const) {
    const size = TRAY_SIZE * scale;
    await write(`${tray}/trayTemplate${suffix}.png`, await renderTray(size, 0)); // macOS: black + alpha
    await write(`${tray}/tray-light${suffix}.png`, await renderTray(size, 0)); // light bars: dark glyph
    await write(`${tray}/tray-dark${suffix}.png`, await renderTray(size, 255)); // dark bars: white glyph
  }
  for (const [name, grey] of [['tray-light', 0], ['tray-dark', 255]] as const) {
    await write(`${tray}/${name}.ico`, await encodeIco(await Promise.all(TRAY_ICO_SIZES.map((s) => renderTray(s, grey)))));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
