import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASSETS, ICNS_TYPES, ICO_SIZES, LINUX_SIZES, OUTPUTS, TRAY_ICO_SIZES, TRAY_SIZE, renderIcon, renderTray } from '../../assets/generate-icons.js';

// The committed icons are read back with their own parsers here (not the
// encoder's code), checked for what each platform needs, and compared pixel by
// pixel with a fresh render of assets/icon.svg, so a stale or hand-edited file fails.

const read = (relative: string): Buffer => fs.readFileSync(path.join(ASSETS, relative));
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type IcoEntry = { size: number; format: 'png' | 'bmp'; data: Buffer };
function parseIco(file: Buffer): IcoEntry[] {
  expect(file.readUInt16LE(0), 'reserved').toBe(0);
  expect(file.readUInt16LE(2), 'type 1 = icon').toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const size = file.readUInt8(at) || 256;
    expect(file.readUInt8(at + 1) || 256, 'square').toBe(size);
    const data = file.subarray(file.readUInt32LE(at + 12), file.readUInt32LE(at + 12) + file.readUInt32LE(at + 8));
    return { size, format: data.subarray(0, 8).equals(PNG_MAGIC) ? 'png' : 'bmp', data };
  });
}

/** A 32-bit BMP icon entry back to top-down RGBA. */
function bmpToRgba(dib: Buffer, size: number): Buffer {
  expect(dib.readUInt32LE(0), 'BITMAPINFOHEADER').toBe(40);
  expect([dib.readInt32LE(4), dib.readInt32LE(8), dib.readUInt16LE(14)], 'width, doubled height, 32 bpp').toEqual([size, size * 2, 32]);
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const s = 40 + ((size - 1 - y) * size + x) * 4;
      const d = (y * size + x) * 4;
      rgba[d] = dib[s + 2]!;
      rgba[d + 1] = dib[s + 1]!;
      rgba[d + 2] = dib[s]!;
      rgba[d + 3] = dib[s + 3]!;
    }
  }
  return rgba;
}

function parseIcns(file: Buffer): Map<string, Buffer> {
  expect(file.subarray(0, 4).toString('ascii')).toBe('icns');
  expect(file.readUInt32BE(4), 'declared length').toBe(file.length);
  const entries = new Map<string, Buffer>();
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at + 4);
    entries.set(file.subarray(at, at + 4).toString('ascii'), file.subarray(at + 8, at + length));
    at += length;
  }
  return entries;
}

async function rgba(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel (0..255) between two same-sized RGBA buffers. */
function meanDiff(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

async function expectFromSource(image: Buffer, size: number): Promise<void> {
  const committed = await rgba(image);
  expect([committed.width, committed.height]).toEqual([size, size]);
  expect(meanDiff(committed.data, (await rgba(await renderIcon(size))).data), `${size}px differs from assets/icon.svg`).toBeLessThan(1);
}

describe('platform icons generated from assets/icon.svg', () => {
  it('macOS and Linux fallback: a 1024 px PNG', async () => {
    await expectFromSource(read(OUTPUTS.png1024), 1024);
  });

  it('Windows: a multi-size .ico up to 256 px (electron-builder needs at least 256), small sizes as BMP, 256 as PNG', async () => {
    const entries = parseIco(read(OUTPUTS.ico));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    expect(entries.find((e) => e.size === 256)?.format).toBe('png');
    for (const entry of entries) {
      if (entry.format === 'png') await expectFromSource(entry.data, entry.size);
      else {
        const png = await sharp(bmpToRgba(entry.data, entry.size), { raw: { width: entry.size, height: entry.size, channels: 4 } }).png().toBuffer();
        await expectFromSource(png, entry.size);
      }
    }
  });

  it('macOS: an .icns with every size from 16 to 1024 (512@2x) as PNG', async () => {
    const entries = parseIcns(read(OUTPUTS.icns));
    expect([...entries.keys()]).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const [type, size] of ICNS_TYPES) {
      const png = entries.get(type)!;
      expect(png.subarray(0, 8).equals(PNG_MAGIC), `${type} is PNG`).toBe(true);
      await expectFromSource(png, size);
    }
  });

  it('Linux: a PNG per size named NxN.png, as electron-builder reads an icon folder', async () => {
    const names = fs.readdirSync(path.join(ASSETS, OUTPUTS.linuxDir)).sort();
    expect(names).toEqual(LINUX_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const size of LINUX_SIZES) await expectFromSource(read(`${OUTPUTS.linuxDir}/${size}x${size}.png`), size);
  });
});

describe('tray icons for light and dark menu bars', () => {
  const tray = (name: string): Buffer => read(`${OUTPUTS.trayDir}/${name}`);

  async function expectGlyph(name: string, size: number, grey: 0 | 255): Promise<void> {
    const image = await rgba(tray(name));
    expect([image.width, image.height], name).toEqual([size, size]);
    let opaque = 0, clear = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const alpha = image.data[i + 3]!;
      if (alpha > 0) expect([image.data[i], image.data[i + 1], image.data[i + 2]], `${name}: one colour, shape in alpha`).toEqual([grey, grey, grey]);
      if (alpha > 200) opaque += 1;
      if (alpha === 0) clear += 1;
    }
    // A glyph, not a filled square and not an empty image.
    expect(opaque / (size * size), `${name} coverage`).toBeGreaterThan(0.2);
    expect(clear, `${name} has transparent pixels`).toBeGreaterThan(0);
    expect(meanDiff(image.data, (await rgba(await renderTray(size, grey))).data), `${name} differs from assets/icon.svg`).toBeLessThan(1);
  }

  it('macOS: template images, black plus alpha, named *Template with an @2x', async () => {
    await expectGlyph('trayTemplate.png', TRAY_SIZE, 0);
    await expectGlyph('trayTemplate@2x.png', TRAY_SIZE * 2, 0);
  });

  it('Windows and Linux: a dark glyph for light bars and a white one for dark bars, as PNG (@2x too) and multi-size .ico', async () => {
    for (const [name, grey] of [['tray-light', 0], ['tray-dark', 255]] as const) {
      await expectGlyph(`${name}.png`, TRAY_SIZE, grey);
      await expectGlyph(`${name}@2x.png`, TRAY_SIZE * 2, grey);
      expect(parseIco(tray(`${name}.ico`)).map((e) => e.size)).toEqual([...TRAY_ICO_SIZES]);
    }
  });
});
