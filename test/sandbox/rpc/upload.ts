/** upload.getFile for profile photos, with Telegram's part rules and DC placement. */
import { Api } from 'telegram';
import { RpcError, type CallContext } from '../server/api.js';
import type { FileType, PhotoState, World } from '../world/world.js';
import { resolveInputPeerUser, viewerOf } from './peers.js';
import { toBigInt } from './tl.js';

const KIB = 1024;
const MIB = 1024 * 1024;

/**
 * Telegram's limits on a part (without `precise`): offset and limit multiples of 4 KiB,
 * 1 MiB divisible by limit, and the part within one 1 MiB block. With `precise`:
 * multiples of 1 KiB and limit ≤ 1 MiB, still within one block.
 */
export function checkPart(offset: bigint, limit: number, precise: boolean): void {
  if (!Number.isInteger(limit) || limit <= 0) throw new RpcError(400, 'LIMIT_INVALID');
  if (offset < 0n) throw new RpcError(400, 'OFFSET_INVALID');
  if (precise) {
    if (limit % KIB !== 0 || limit > MIB) throw new RpcError(400, 'LIMIT_INVALID');
    if (offset % BigInt(KIB) !== 0n) throw new RpcError(400, 'OFFSET_INVALID');
  } else {
    if (limit % (4 * KIB) !== 0 || MIB % limit !== 0) throw new RpcError(400, 'LIMIT_INVALID');
    if (offset % BigInt(4 * KIB) !== 0n) throw new RpcError(400, 'OFFSET_INVALID');
  }
  const block = BigInt(MIB);
  if (offset / block !== (offset + BigInt(limit) - 1n) / block) throw new RpcError(400, 'LIMIT_INVALID');
}

/** Which photo file a location names, after the access checks Telegram makes. */
export function resolveLocation(world: World, location: Api.TypeInputFileLocation, viewer: number): { photo: PhotoState; type: FileType } {
  if (location instanceof Api.InputPhotoFileLocation) {
    const photo = world.photo(toBigInt(location.id).toString());
    if (!photo || photo.accessHash !== toBigInt(location.accessHash)) throw new RpcError(400, 'FILE_ID_INVALID');
    const type = location.thumbSize;
    if (!(type === 'a' || type === 'c' || (type === 'u' && photo.kind === 'video'))) throw new RpcError(400, 'LOCATION_INVALID');
    if (!world.fileReference(photo).equals(Buffer.from(location.fileReference))) throw new RpcError(400, 'FILE_REFERENCE_EXPIRED');
    return { photo, type };
  }
  if (location instanceof Api.InputPeerPhotoFileLocation) {
    const user = resolveInputPeerUser(world, location.peer, viewer);
    if (!user) throw new RpcError(400, 'PEER_ID_INVALID');
    const photo = world.photo(toBigInt(location.photoId).toString());
    if (!photo || photo.ownerId !== user.id) throw new RpcError(400, 'FILE_ID_INVALID');
    return { photo, type: location.big ? 'c' : 'a' };
  }
  throw new RpcError(400, 'LOCATION_INVALID');
}

export function getFile(world: World, request: Api.upload.GetFile, ctx: CallContext): Api.upload.File {
  const viewer = viewerOf(ctx);
  const offset = toBigInt(request.offset);
  const limit = request.limit ?? 0;
  checkPart(offset, limit, request.precise === true);
  const { photo, type } = resolveLocation(world, request.location!, viewer);
  // Files live on their photo's DC; elsewhere the client is told where to go.
  if (ctx.dcId !== photo.dc) throw new RpcError(303, `FILE_MIGRATE_${photo.dc}`);
  const bytes = world.fileBytes(photo.id, type);
  const start = Number(offset);
  // At and after the end Telegram answers empty bytes, not an error (GramJS relies on it).
  const part = start >= bytes.length ? Buffer.alloc(0) : bytes.subarray(start, start + limit);
  return new Api.upload.File({
    type: type === 'u' ? new Api.storage.FileMp4() : new Api.storage.FileJpeg(),
    mtime: photo.date,
    bytes: part,
  });
}
