/** photos.getUserPhotos with Telegram's offset / max_id / limit semantics. */
import { Api } from 'telegram';
import { RpcError, type CallContext } from '../server/api.js';
import type { PhotoState, World } from '../world/world.js';
import { resolveInputUser, viewerOf } from './peers.js';
import { apiPhoto, apiUser, toBigInt } from './tl.js';

/** Telegram serves at most 100 photos per call; larger limits are clamped. */
export const MAX_PHOTOS_PER_CALL = 100;

export interface PhotoPage {
  /** The photos returned, newest first. */
  readonly photos: PhotoState[];
  /** photosSlice.count (the whole list's length), or null when the answer is photos.photos. */
  readonly count: number | null;
}

/**
 * The listing rule, separate from TL so tests can check it against the world directly.
 * `list` is newest first. max_id > 0 starts at the first photo with id < max_id; offset
 * skips from there (negative offsets step back, so offset -1, max_id = id, limit 1 is
 * exactly that photo). The answer is photos.photos when it holds the whole list,
 * otherwise photosSlice with the total count.
 */
export function pagePhotos(list: readonly PhotoState[], offset: number, maxId: bigint, limit: number): PhotoPage {
  let start = 0;
  if (maxId > 0n) {
    const index = list.findIndex((p) => p.idBig < maxId);
    start = index === -1 ? list.length : index;
  }
  start = Math.max(0, start + offset);
  const take = Math.min(Math.max(limit, 0), MAX_PHOTOS_PER_CALL);
  const photos = list.slice(start, start + take);
  const whole = start === 0 && photos.length === list.length;
  return { photos, count: whole ? null : list.length };
}

export function getUserPhotos(world: World, request: Api.photos.GetUserPhotos, ctx: CallContext): Api.photos.TypePhotos {
  const viewer = viewerOf(ctx);
  const user = resolveInputUser(world, request.userId as unknown as Api.TypeInputUser, viewer);
  if (!user) throw new RpcError(400, 'USER_ID_INVALID');
  const maxId = toBigInt(request.maxId);
  if (maxId < 0n) throw new RpcError(400, 'MAX_ID_INVALID');
  const limit = request.limit ?? 0;
  if (limit < 0) throw new RpcError(400, 'LIMIT_INVALID');
  // Hidden histories and deleted accounts list nothing: an empty photos.photos.
  const page = pagePhotos(world.listedPhotos(user.id, viewer), request.offset ?? 0, maxId, limit);
  const photos = page.photos.map((p) => apiPhoto(world, p));
  const users = [apiUser(world, user, viewer)];
  if (page.count === null) return new Api.photos.Photos({ photos, users });
  return new Api.photos.PhotosSlice({ count: page.count, photos, users });
}
