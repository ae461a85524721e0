/**
 * Conversions between GramJS's TL objects and the archive's plain records. No
 * I/O: this is where Telegram's shapes (BigInteger longs, size variants, the
 * User's photo field) become bigint ids and the size choice's descriptors.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { PhotoKind, PhotoRecord } from '../archive/photos-repo.js';
import { chooseSizes, wantedFiles, type StillSize, type VideoEntry } from './size-choice.js';
import type { UserObservation } from './target-plan.js';

type Long = { toString(): string };

export const toBigint = (value: Long): bigint => BigInt(value.toString());
export const toLong = (value: bigint): bigInt.BigInteger => bigInt(value.toString());

function stillSizes(sizes: readonly Api.TypePhotoSize[]): StillSize[] {
  return sizes.map((s): StillSize => {
    if (s instanceof Api.PhotoSize) return { kind: 'size', type: s.type, w: s.w, h: s.h, size: s.size };
    if (s instanceof Api.PhotoSizeProgressive) return { kind: 'progressive', type: s.type, w: s.w, h: s.h, sizes: s.sizes };
    if (s instanceof Api.PhotoStrippedSize) return { kind: 'stripped', type: s.type, bytes: s.bytes };
    if (s instanceof Api.PhotoCachedSize) return { kind: 'cached', type: s.type, w: s.w, h: s.h, bytes: s.bytes };
    return { kind: 'other', type: 'type' in s ? s.type : '' };
  });
}

function videoEntries(videos: readonly Api.TypeVideoSize[] | undefined): VideoEntry[] {
  return (videos ?? []).map((v): VideoEntry => {
    if (v instanceof Api.VideoSize) return { kind: 'video', type: v.type, w: v.w, h: v.h, size: v.size, videoStartTs: v.videoStartTs ?? null };
    if (v instanceof Api.VideoSizeEmojiMarkup) {
      return { kind: 'markup', json: JSON.stringify({ type: 'emoji', emojiId: v.emojiId.toString(), backgroundColors: v.backgroundColors }) };
    }
    const sticker = v as Api.VideoSizeStickerMarkup;
    const set = sticker.stickerset as { id?: Long; accessHash?: Long; shortName?: string; className: string };
    return {
      kind: 'markup',
      json: JSON.stringify({
        type: 'sticker',
        stickerset: { kind: set.className, id: set.id?.toString() ?? null, accessHash: set.accessHash?.toString() ?? null, shortName: set.shortName ?? null },
        stickerId: sticker.stickerId.toString(),
        backgroundColors: sticker.backgroundColors,
      }),
    };
  });
}

/** A listed photo as the archive stores it; null for photoEmpty. */
export function photoRecord(photo: Api.TypePhoto, userId: number, kind: PhotoKind): PhotoRecord | null {
  if (!(photo instanceof Api.Photo)) return null;
  const choice = chooseSizes(stillSizes(photo.sizes), videoEntries(photo.videoSizes));
  return {
    id: toBigint(photo.id),
    userId,
    kind,
    accessHash: toBigint(photo.accessHash),
    fileReference: photo.fileReference,
    date: photo.date,
    dcId: photo.dcId,
    hasVideo: choice.video !== null,
    videoStartTs: choice.video?.videoStartTs ?? null,
    emojiMarkup: choice.markup,
    stripped: choice.stripped,
    wanted: wantedFiles(choice),
  };
}

/** What users.getUsers says about one user, for the change detection. */
export function observeUser(user: Api.TypeUser | undefined): UserObservation {
  if (!user || !(user instanceof Api.User)) return { kind: 'missing' };
  const photo = user.photo instanceof Api.UserProfilePhoto ? user.photo : null;
  return {
    kind: 'user',
    deleted: user.deleted === true,
    bot: user.bot === true,
    photoId: photo ? toBigint(photo.photoId) : null,
    personal: photo?.personal === true,
  };
}

export interface UserIdentity {
  readonly userId: number;
  readonly accessHash: bigint | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly phone: string | null;
  readonly deleted: boolean;
  readonly bot: boolean;
  readonly self: boolean;
}

export function userIdentity(user: Api.User): UserIdentity {
  const active = user.usernames?.find((u) => u.active)?.username;
  return {
    userId: Number(toBigint(user.id)),
    accessHash: user.accessHash ? toBigint(user.accessHash) : null,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    username: user.username ?? active ?? null,
    phone: user.phone ?? null,
    deleted: user.deleted === true,
    bot: user.bot === true,
    self: user.self === true,
  };
}

export function inputUser(userId: number, accessHash: bigint | string | null): Api.InputUser {
  return new Api.InputUser({ userId: bigInt(userId), accessHash: bigInt((accessHash ?? 0).toString()) });
}

export function photoLocation(photo: { id: bigint; accessHash: bigint; fileReference: Uint8Array }, thumbSize: string): Api.InputPhotoFileLocation {
  return new Api.InputPhotoFileLocation({
    id: toLong(photo.id),
    accessHash: toLong(photo.accessHash),
    fileReference: Buffer.from(photo.fileReference),
    thumbSize,
  });
}
