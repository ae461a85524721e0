/**
 * World state -> GramJS TL objects (layer 198), as Telegram would show them to one viewer.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { PhotoState, UserState, World } from '../world/world.js';
import { SMALL_EDGE } from '../world/media/jpeg.js';

/** A native bigint or decimal string as GramJS's `long` (big-integer). */
export function long(value: bigint | string | number): bigInt.BigInteger {
  return bigInt(String(value));
}

/** GramJS's `long` back to a native bigint. */
export function toBigInt(value: bigInt.BigInteger | number | string | bigint | undefined): bigint {
  if (value === undefined) return 0n;
  return BigInt(value.toString());
}

export function apiPhoto(world: World, photo: PhotoState): Api.Photo {
  const media = world.media;
  const sizes: Api.TypePhotoSize[] = [
    new Api.PhotoSize({ type: 'a', w: SMALL_EDGE, h: SMALL_EDGE, size: media.size(photo, 'a') }),
    new Api.PhotoSizeProgressive({ type: 'c', w: photo.width, h: photo.width, sizes: media.progressiveSizes(photo) }),
    new Api.PhotoStrippedSize({ type: 'i', bytes: media.stripped(photo) }),
  ];
  let videoSizes: Api.TypeVideoSize[] | undefined;
  if (photo.kind === 'video') {
    videoSizes = [
      new Api.VideoSize({ type: 'u', w: media.videoEdge(photo), h: media.videoEdge(photo), size: media.size(photo, 'u'), videoStartTs: photo.videoStartTs }),
    ];
  } else if (photo.kind === 'emoji') {
    const markup = world.emojiMarkup(photo);
    videoSizes = [new Api.VideoSizeEmojiMarkup({ emojiId: long(markup.emojiId), backgroundColors: markup.backgroundColors })];
  }
  return new Api.Photo({
    id: long(photo.id),
    accessHash: long(photo.accessHash),
    fileReference: world.fileReference(photo),
    date: photo.date,
    sizes,
    videoSizes,
    dcId: photo.dc,
  });
}

/** The `user` object as `viewerId` sees it (contact flags, phone, photo, deleted accounts). */
export function apiUser(world: World, user: UserState, viewerId: number): Api.User {
  if (user.deleted) {
    // Telegram's deleted accounts keep id and access hash and lose everything else.
    return new Api.User({ id: long(user.id), accessHash: long(user.accessHash), deleted: true });
  }
  const self = user.id === viewerId;
  const contact = world.isContact(user, viewerId);
  const shown = world.shownPhoto(user, viewerId);
  return new Api.User({
    self: self || undefined,
    contact: contact || undefined,
    mutualContact: world.isMutualContact(user, viewerId) || undefined,
    bot: user.bot || undefined,
    premium: world.account(user.id)?.premium || undefined,
    id: long(user.id),
    accessHash: long(user.accessHash),
    firstName: user.firstName,
    lastName: user.lastName || undefined,
    username: user.username ?? undefined,
    // Phone numbers are visible to yourself and your contacts (the default privacy).
    phone: (self || contact) && user.phone ? user.phone.replace(/^\+/, '') : undefined,
    photo: shown
      ? new Api.UserProfilePhoto({
          hasVideo: shown.photo.kind === 'video' || undefined,
          personal: shown.personal || undefined,
          photoId: long(shown.photo.id),
          strippedThumb: world.media.stripped(shown.photo),
          dcId: shown.photo.dc,
        })
      : undefined,
    status: user.bot ? undefined : new Api.UserStatusRecently({}),
    botInfoVersion: user.bot ? 1 : undefined,
  });
}

export function apiUserFull(world: World, user: UserState, viewerId: number): Api.users.UserFull {
  const visible = !user.deleted && world.historyVisibleTo(user, viewerId);
  const current = visible ? world.currentPhoto(user.id) : null;
  const personal = !user.deleted && user.personalPhoto && world.isContact(user, viewerId) ? user.personalPhoto : null;
  const fallback = !user.deleted && user.fallbackPhoto ? user.fallbackPhoto : null;
  const full = new Api.UserFull({
    id: long(user.id),
    about: !user.deleted && user.bio ? user.bio : undefined,
    settings: new Api.PeerSettings({}),
    personalPhoto: personal ? apiPhoto(world, personal) : undefined,
    profilePhoto: current ? apiPhoto(world, current) : undefined,
    fallbackPhoto: fallback ? apiPhoto(world, fallback) : undefined,
    notifySettings: new Api.PeerNotifySettings({}),
    commonChatsCount: 0,
  });
  return new Api.users.UserFull({ fullUser: full, chats: [], users: [apiUser(world, user, viewerId)] });
}
