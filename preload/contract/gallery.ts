/**
 * Contract section: browsing the archive. Spread into `requests` / `events` in
 * preload/contract.ts. No Electron, Node or DOM here.
 *
 *   gallery.page({userId?, filter, limit, after?})  keyset pages, newest first by (date, id);
 *                                                   one person's photos or everyone's
 *   people.summaries({userIds})      counts, avatar and status per person
 *   people.identity({userId})        the person's names, usernames and bios as snapshotted
 *   media.showInFolder / media.copyImage / media.saveAs({photoId})  the desktop's own actions
 *   event gallery.updated            photos whose files or thumbnails just landed; an open
 *                                    gallery merges them by id instead of reloading
 *
 * Photo ids are Telegram's int64 and cross as decimal strings (a JS number would round them).
 * Media are named by their path inside the archive (thumbs/ab/….webp, media/ab/….jpg); the
 * renderer turns a path into a URL in one place, from the base the bridge gives it.
 */
import { z } from 'zod';
import { GALLERY_PAGE_SIZE } from './page-size.js';

const UserId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const PhotoId = z.string().max(20).regex(/^-?\d{1,19}$/, 'a photo id is a decimal int64');
const ArchivePath = z.string().regex(/^(media|thumbs)\/[0-9a-f]{2}\/[0-9a-f]{64}(-grid|-preview)?\.(jpg|mp4|webp)$/);
const Base64 = z.string().max(8192).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const PhotoKind = z.enum(['profile', 'personal', 'fallback']);

export const GalleryFilter = z.strictObject({
  media: z.enum(['all', 'still', 'video']).default('all'),
  /** personal: set by the account for itself; fallback: the public photo shown to those who see no other. */
  kind: z.enum(['all', 'profile', 'personal', 'fallback']).default('all'),
  removedOnly: z.boolean().default(false),
});
export type GalleryFilter = z.output<typeof GalleryFilter>;

export const GalleryCursor = z.strictObject({ date: z.number().int(), id: PhotoId });
export type GalleryCursor = z.output<typeof GalleryCursor>;

export const Placeholder = z.strictObject({
  /** jpeg: Telegram's stripped thumbnail made whole; thumbhash: computed from the still. */
  type: z.enum(['jpeg', 'thumbhash']),
  base64: Base64,
});
export type Placeholder = z.output<typeof Placeholder>;

export const GalleryPhoto = z.strictObject({
  id: PhotoId,
  userId: UserId,
  kind: PhotoKind,
  /** When it was set (unix seconds, as Telegram says). */
  date: z.number().int(),
  /** When this archive first saw it, and when it was gone (unix ms). */
  firstSeen: z.number().int(),
  removedAt: z.number().int().nullable(),
  hiddenSince: z.number().int().nullable(),
  hasVideo: z.boolean(),
  videoStartTs: z.number().nonnegative().nullable(),
  dcId: z.number().int().nonnegative(),
  /** The account that saw it. */
  observedBy: UserId.nullable(),
  /** Of the still as shown (EXIF orientation applied when known). */
  width: z.number().int().nonnegative().nullable(),
  height: z.number().int().nonnegative().nullable(),
  /** Bytes of the archived still and video. */
  bytes: z.number().int().nonnegative(),
  /** Not all its files are downloaded yet. */
  pending: z.boolean(),
  thumb: ArchivePath.nullable(),
  preview: ArchivePath.nullable(),
  still: ArchivePath.nullable(),
  video: ArchivePath.nullable(),
  placeholder: Placeholder.nullable(),
  /** Why there is no thumbnail: the archived still cannot be read. */
  thumbError: z.string().max(2000).nullable(),
});
export type GalleryPhoto = z.output<typeof GalleryPhoto>;

export const PersonStatus = z.enum(['active', 'deleted', 'bot', 'inaccessible']);

export const PersonSummary = z.strictObject({
  userId: UserId,
  photos: z.number().int().nonnegative(),
  videos: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  hidden: z.boolean(),
  status: PersonStatus,
  lastError: z.string().max(2000).nullable(),
  /** When the newest file of theirs landed (unix ms). */
  lastArchivedAt: z.number().int().nullable(),
  avatar: GalleryPhoto.nullable(),
});
export type PersonSummary = z.output<typeof PersonSummary>;

export const IdentitySnapshot = z.strictObject({
  seenAt: z.number().int(),
  firstName: z.string().max(256),
  lastName: z.string().max(256),
  username: z.string().max(64).nullable(),
  bio: z.string().max(1000).nullable(),
  deleted: z.boolean(),
});
export type IdentitySnapshot = z.output<typeof IdentitySnapshot>;

const PhotoAction = { input: z.strictObject({ photoId: PhotoId }), output: z.strictObject({ done: z.boolean() }) };

export const galleryRequests = {
  'gallery.page': {
    input: z.strictObject({
      userId: UserId.optional(),
      filter: GalleryFilter.default({ media: 'all', kind: 'all', removedOnly: false }),
      limit: z.number().int().min(1).max(500).default(GALLERY_PAGE_SIZE),
      after: GalleryCursor.optional(),
    }),
    output: z.strictObject({ items: z.array(GalleryPhoto).max(500), next: GalleryCursor.nullable() }),
  },
  'people.summaries': {
    input: z.strictObject({ userIds: z.array(UserId).max(500) }),
    output: z.strictObject({ items: z.array(PersonSummary).max(500) }),
  },
  'people.identity': {
    input: z.strictObject({ userId: UserId }),
    output: z.strictObject({ items: z.array(IdentitySnapshot).max(10_000) }),
  },
  'media.showInFolder': PhotoAction,
  'media.copyImage': PhotoAction,
  /** done: false when the person closed the save dialog. */
  'media.saveAs': PhotoAction,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const galleryEvents = {
  'gallery.updated': z.strictObject({ photos: z.array(GalleryPhoto).max(500) }),
} as const satisfies Record<string, z.ZodType>;
