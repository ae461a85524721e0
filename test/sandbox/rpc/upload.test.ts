import { createHash } from 'node:crypto';
import { Api } from 'telegram';
import { beforeAll, describe, expect, it } from 'vitest';
import { World, type PhotoState } from '../world/world.js';
import { checkPart, getFile } from './upload.js';
import { ctx, smallWorld } from './test-helpers.js';
import { long } from './tl.js';

const KIB = 1024;
const MIB = 1024 * KIB;

describe('upload.getFile', () => {
  let world: World;
  let photo: PhotoState;
  let video: PhotoState;
  beforeAll(async () => {
    world = await World.create(smallWorld());
    photo = world.user(200)!.photos.find((p) => p.kind === 'image' && p.dc === 2)!;
    video = world.user(200)!.photos.find((p) => p.kind === 'video')!;
  });

  const location = (p: PhotoState, thumbSize: string, overrides: Partial<{ accessHash: bigint; fileReference: Buffer }> = {}) =>
    new Api.InputPhotoFileLocation({
      id: long(p.id),
      accessHash: long(overrides.accessHash ?? p.accessHash),
      fileReference: overrides.fileReference ?? world.fileReference(p),
      thumbSize,
    });
  const get = (loc: Api.TypeInputFileLocation, offset: number, limit: number, dcId = 2, precise = false) =>
    getFile(world, new Api.upload.GetFile({ location: loc, offset: long(offset), limit, precise }), ctx(100, dcId));

  it("enforces Telegram's part rules", () => {
    const ok: [number, number][] = [[0, 4 * KIB], [0, MIB], [512 * KIB, 512 * KIB], [MIB, MIB], [MIB - 4 * KIB, 4 * KIB], [3 * MIB + 128 * KIB, 128 * KIB]];
    for (const [offset, limit] of ok) expect(() => checkPart(BigInt(offset), limit, false)).not.toThrow();
    const bad: [number, number, string][] = [
      [0, 1000, 'LIMIT_INVALID'],
      [0, 12 * KIB, 'LIMIT_INVALID'], // 1 MiB is not divisible by 12 KiB
      [0, 2 * MIB, 'LIMIT_INVALID'],
      [0, 0, 'LIMIT_INVALID'],
      [1000, 4 * KIB, 'OFFSET_INVALID'],
      [MIB - 4 * KIB, 8 * KIB, 'LIMIT_INVALID'], // crosses a 1 MiB boundary
      [-4096, 4 * KIB, 'OFFSET_INVALID'],
    ];
    for (const [offset, limit, message] of bad) expect(() => checkPart(BigInt(offset), limit, false), `${offset}+${limit}`).toThrow(message);
    expect(() => checkPart(1024n, 3 * KIB, true)).not.toThrow();
    expect(() => checkPart(1000n, 3 * KIB, true)).toThrow('OFFSET_INVALID');
    expect(() => checkPart(BigInt(MIB - KIB), 2 * KIB, true)).toThrow('LIMIT_INVALID');
  });

  it('serves every size byte-exact, in parts, with empty bytes at and after the end', () => {
    for (const [p, type] of [[photo, 'a'], [photo, 'c'], [video, 'u'], [video, 'c']] as const) {
      const expected = world.fileBytes(p.id, type);
      const parts: Buffer[] = [];
      for (let offset = 0; ; offset += 16 * KIB) {
        const file = get(location(p, type), offset, 16 * KIB, p.dc);
        expect(file.type.className).toBe(type === 'u' ? 'storage.FileMp4' : 'storage.FileJpeg');
        if (file.bytes.length === 0) break;
        parts.push(Buffer.from(file.bytes));
      }
      const joined = Buffer.concat(parts);
      expect(createHash('sha256').update(joined).digest('hex')).toBe(world.expectedSha256(p.id, type));
      expect(get(location(p, type), 0, MIB, p.dc).bytes.length).toBe(expected.length);
      expect(get(location(p, type), MIB, MIB, p.dc).bytes.length).toBe(0);
    }
  });

  it('checks access hash, size type and file reference', () => {
    expect(() => get(location(photo, 'c', { accessHash: 5n }), 0, MIB)).toThrow('400: FILE_ID_INVALID');
    expect(() => get(location(photo, 'u'), 0, MIB)).toThrow('400: LOCATION_INVALID');
    expect(() => get(location(photo, 'x'), 0, MIB)).toThrow('400: LOCATION_INVALID');
    expect(() => get(location(photo, 'i'), 0, MIB)).toThrow('400: LOCATION_INVALID');
    const old = world.fileReference(photo);
    world.rotateFileReferences(200);
    expect(() => get(location(photo, 'c', { fileReference: old }), 0, MIB)).toThrow('400: FILE_REFERENCE_EXPIRED');
    expect(get(location(photo, 'c'), 0, MIB).bytes.length).toBeGreaterThan(0);
  });

  it('answers FILE_MIGRATE_X on a DC other than the photo’s', () => {
    const foreign = world.user(200)!.photos.find((p) => p.dc === 3)!;
    expect(() => get(location(foreign, 'c'), 0, MIB, 2)).toThrow('303: FILE_MIGRATE_3');
    expect(get(location(foreign, 'c'), 0, MIB, 3).bytes.length).toBe(world.fileSize(foreign.id, 'c'));
  });

  it("serves inputPeerPhotoFileLocation: big -> 'c', small -> 'a'", () => {
    const alice = world.user(200)!;
    const peer = new Api.InputPeerUser({ userId: long(200), accessHash: long(alice.accessHash) });
    const current = world.currentPhoto(200)!;
    const big = get(new Api.InputPeerPhotoFileLocation({ peer, photoId: long(current.id), big: true }), 0, MIB, current.dc);
    expect(Buffer.from(big.bytes).equals(world.fileBytes(current.id, 'c'))).toBe(true);
    const small = get(new Api.InputPeerPhotoFileLocation({ peer, photoId: long(current.id) }), 0, MIB, current.dc);
    expect(Buffer.from(small.bytes).equals(world.fileBytes(current.id, 'a'))).toBe(true);
    const wrongPeer = new Api.InputPeerUser({ userId: long(200), accessHash: long(1) });
    expect(() => get(new Api.InputPeerPhotoFileLocation({ peer: wrongPeer, photoId: long(current.id) }), 0, MIB, current.dc)).toThrow('PEER_ID_INVALID');
    const bots = world.user(203)!.photos[0]!;
    expect(() => get(new Api.InputPeerPhotoFileLocation({ peer, photoId: long(bots.id) }), 0, MIB, current.dc)).toThrow('FILE_ID_INVALID');
  });
});
