/**
 * Shared by the export integration tests: a world with hostile names, readers
 * of what an export wrote (JPEG segments, MP4 boxes) that share no code with
 * the writer, and a walk of an export folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorldFileInput } from '../../sandbox/index.js';
import { readBoxes } from '../../sandbox/world/media/mp4-inspect.js';
import { ACCOUNT } from '../sync/support.js';

const photo = (user: number, n: number, extra: Record<string, unknown> = {}) => ({
  id: String(BigInt(user) * 1_000_000_000_000n + BigInt(n)),
  date: 1_600_000_000 + n * 86_400 + user,
  ...extra,
});

export const EXPORT_WORLD: WorldFileInput = {
  version: 1,
  seed: 13,
  dcs: [1, 2],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Archivist', username: 'archivist' }],
  users: [
    {
      id: 5001,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      dc: 1,
      contactOf: [ACCOUNT],
      photos: [photo(5001, 1), photo(5001, 2, { kind: 'video', width: 160 }), photo(5001, 3, { width: 320 })],
      personalPhoto: photo(5001, 50),
      fallbackPhoto: photo(5001, 51),
    },
    // Names that try to leave the folder, hide an extension, or be a Windows device.
    { id: 7001, firstName: '../../../etc', lastName: 'x\u202Egpj.exe', username: 'mallory_m', dc: 2, photos: [photo(7001, 1), photo(7001, 2)] },
    { id: 7002, firstName: 'NUL', lastName: '', username: 'nul_device', dc: 2, contactOf: [ACCOUNT], photos: [photo(7002, 1)] },
    { id: 7003, firstName: 'C:\\Windows\\', lastName: '\\\\host\\share. ', username: 'dots_and_slashes', dc: 1, photos: [photo(7003, 1)] },
  ],
};

export const EXPORT_TARGETS = [5001, 7001, 7002, 7003];

/** Every file under `dir`, relative, '/'-separated. */
export function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** A JPEG's image data as a decoder reads it: every segment but APPn and COM, and the scan to the end. */
export function jpegImageData(bytes: Buffer): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  const parts: Buffer[] = [];
  let i = 2;
  for (;;) {
    if (bytes[i] !== 0xff) throw new Error(`no marker at ${i}`);
    const marker = bytes[i + 1]!;
    if (marker === 0xda) {
      parts.push(bytes.subarray(i));
      return Buffer.concat(parts);
    }
    const length = bytes.readUInt16BE(i + 2);
    const isMetadata = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (!isMetadata) parts.push(bytes.subarray(i, i + 2 + length));
    i += 2 + length;
  }
}

/** The movie header's creation time, as unix seconds (QuickTime counts from 1904, in UTC). */
export function mp4CreationTime(bytes: Buffer): number {
  const moov = readBoxes(bytes).find((b) => b.type === 'moov');
  const mvhd = moov && readBoxes(bytes, moov.bodyStart, moov.start + moov.size).find((b) => b.type === 'mvhd');
  if (!mvhd) throw new Error('no moov/mvhd box');
  const seconds = mvhd.body[0] === 1 ? Number(mvhd.body.readBigUInt64BE(4)) : mvhd.body.readUInt32BE(4);
  return seconds - 2_082_844_800;
}

/** The media bytes (all mdat payloads). */
export function mp4MediaData(bytes: Buffer): Buffer {
  return Buffer.concat(readBoxes(bytes).filter((b) => b.type === 'mdat').map((b) => b.body));
}
