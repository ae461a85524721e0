import { Api } from 'telegram';
import { beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../server/api.js';
import { World } from '../world/world.js';
import { getUserPhotos, pagePhotos } from './photos.js';
import { ctx, smallWorld } from './test-helpers.js';
import { long } from './tl.js';

/** The rule, stated independently: photos newest first, max_id filters, offset skips, limit ≤ 100. */
function expected(ids: bigint[], offset: number, maxId: bigint, limit: number): bigint[] {
  const below = maxId > 0n ? ids.filter((id) => id < maxId) : ids;
  const startInBelow = ids.length - below.length; // index of the first id < max_id
  const start = Math.max(0, startInBelow + offset);
  return ids.slice(start, start + Math.min(Math.max(limit, 0), 100));
}

describe('photos.getUserPhotos', () => {
  let world: World;
  const viewer = ctx(100);
  beforeAll(async () => {
    world = await World.create(smallWorld());
  });

  const call = (userId: number, offset: number, maxId: bigint | string, limit: number, accessHash?: bigint) => {
    const user = world.user(userId)!;
    const request = new Api.photos.GetUserPhotos({
      userId: new Api.InputUser({ userId: long(userId), accessHash: long(accessHash ?? user.accessHash) }),
      offset,
      maxId: long(maxId),
      limit,
    });
    return getUserPhotos(world, request, viewer);
  };

  it('matches the rule at every offset / max_id / limit edge (direct)', () => {
    const list = world.listedPhotos(204, 100);
    const ids = list.map((p) => p.idBig);
    expect(ids.length).toBe(130);
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids); // newest first
    const maxIds = [0n, ids[0]! + 1n, ids[0]!, ids[1]!, ids[50]!, ids[99]!, ids[100]!, ids[128]!, ids[129]!, ids[129]! - 1n, 1n];
    const offsets = [-101, -2, -1, 0, 1, 29, 30, 99, 100, 129, 130, 131];
    const limits = [0, 1, 2, 30, 99, 100, 101, 500];
    for (const maxId of maxIds) {
      for (const offset of offsets) {
        for (const limit of limits) {
          const page = pagePhotos(list, offset, maxId, limit);
          const want = expected(ids, offset, maxId, limit);
          expect(page.photos.map((p) => p.idBig), `offset ${offset} max_id ${maxId} limit ${limit}`).toEqual(want);
          const whole = want.length === ids.length;
          expect(page.count).toBe(whole ? null : 130);
        }
      }
    }
  });

  it('offset -1 with max_id = id and limit 1 returns exactly that photo', () => {
    for (const photo of world.listedPhotos(204, 100)) {
      const answer = call(204, -1, photo.id, 1);
      expect(answer).toBeInstanceOf(Api.photos.PhotosSlice);
      expect(answer.photos.map((p) => (p as Api.Photo).id.toString())).toEqual([photo.id]);
    }
    // A user with a single photo: the one photo is the whole list.
    const bot = world.user(203)!.photos[0]!;
    expect(call(203, -1, bot.id, 1)).toBeInstanceOf(Api.photos.Photos);
  });

  it('answers photos.photos when everything fits and photosSlice{count} otherwise', () => {
    const all = call(200, 0, '0', 100);
    expect(all).toBeInstanceOf(Api.photos.Photos);
    expect(all.photos.length).toBe(7);
    const first = call(204, 0, '0', 100) as Api.photos.PhotosSlice;
    expect(first).toBeInstanceOf(Api.photos.PhotosSlice);
    expect([first.count, first.photos.length]).toEqual([130, 100]);
    const clamped = call(204, 0, '0', 1000) as Api.photos.PhotosSlice;
    expect(clamped.photos.length).toBe(100);
    const oldest = (first.photos.at(-1) as Api.Photo).id;
    const rest = call(204, 0, oldest.toString(), 100) as Api.photos.PhotosSlice;
    expect([rest.count, rest.photos.length]).toEqual([130, 30]);
    expect(all.users.map((u) => (u as Api.User).id.toString())).toEqual(['200']);
  });

  it('builds Photo objects with i, a, c sizes, video u and emoji markup', () => {
    const photos = call(200, 0, '0', 100).photos as Api.Photo[];
    const video = photos[0]!;
    expect(video.sizes.map((s) => s.className)).toEqual(['PhotoSize', 'PhotoSizeProgressive', 'PhotoStrippedSize']);
    expect(video.sizes.map((s) => (s as Api.PhotoSize).type)).toEqual(['a', 'c', 'i']);
    const u = video.videoSizes![0] as Api.VideoSize;
    expect([u.className, u.type, u.w, u.h, u.videoStartTs]).toEqual(['VideoSize', 'u', 640, 640, 0.5]);
    expect(u.size).toBe(world.fileSize(video.id.toString(), 'u'));
    const c = video.sizes[1] as Api.PhotoSizeProgressive;
    expect(c.sizes.at(-1)).toBe(world.fileSize(video.id.toString(), 'c'));
    const emoji = photos[1]!;
    expect(emoji.videoSizes?.[0]?.className).toBe('VideoSizeEmojiMarkup');
    expect(photos[2]!.videoSizes).toBeUndefined();
    expect(photos.find((p) => p.dcId === 3)).toBeDefined();
    // Round-trips through the wire format.
    expect(video.getBytes().length).toBeGreaterThan(100);
  });

  it('hides removed photos, and lists nothing for hidden histories and deleted accounts', async () => {
    const target = world.listedPhotos(200, 100)[3]!;
    world.removePhoto(200, target.id);
    expect(call(200, 0, '0', 100).photos.map((p) => (p as Api.Photo).id.toString())).not.toContain(target.id);
    target.removed = false;
    const hidden = call(201, 0, '0', 100);
    expect(hidden).toBeInstanceOf(Api.photos.Photos);
    expect(hidden.photos).toEqual([]);
    expect(getUserPhotos(world, new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: long(0), limit: 10 }), ctx(100)).photos).toEqual([]);
    const deleted = call(202, 0, '0', 100);
    expect(deleted.photos).toEqual([]);
    expect((deleted.users[0] as Api.User).deleted).toBe(true);
  });

  it('refuses a wrong access hash, a negative max_id and a logged-out key', () => {
    expect(() => call(200, 0, '0', 10, 1n)).toThrow(RpcError);
    expect(() => call(200, 0, '0', 10, 1n)).toThrow(/USER_ID_INVALID/);
    expect(() => call(200, 0, '-5', 10)).toThrow(/400: MAX_ID_INVALID/);
    expect(() => getUserPhotos(world, new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: long(0), limit: 1 }), ctx(null))).toThrow(
      /401: AUTH_KEY_UNREGISTERED/,
    );
  });
});
