import type { Handlers } from '../../../../preload/contract.js';
import type { GalleryRepo } from '../../archive/gallery-repo.js';
import type { SnapshotsRepo } from '../../archive/snapshots-repo.js';
import { toGalleryPhoto } from './gallery-photo.js';

export function galleryHandlers(gallery: GalleryRepo, snapshots: SnapshotsRepo): Pick<Handlers, 'gallery.page' | 'people.summaries' | 'people.identity'> {
  return {
    'gallery.page': async ({ userId, filter, limit, after }) => {
      const rows = gallery.page({ userId, ...filter, limit, after: after && { date: after.date, id: BigInt(after.id) } });
      const last = rows.at(-1);
      return {
        items: rows.map(toGalleryPhoto),
        next: rows.length === limit && last ? { date: last.date, id: last.id } : null,
      };
    },
    'people.summaries': async ({ userIds }) => {
      const counts = gallery.counts(userIds);
      const avatars = new Map(gallery.byIds(counts.flatMap((c) => (c.avatarId === null ? [] : [c.avatarId]))).map((r) => [r.id, r]));
      return {
        items: counts.map(({ avatarId, ...c }) => {
          const avatar = avatarId === null ? undefined : avatars.get(avatarId);
          return { ...c, avatar: avatar ? toGalleryPhoto(avatar) : null };
        }),
      };
    },
    'people.identity': async ({ userId }) => ({
      items: snapshots.history(userId).map(({ seenAt, firstName, lastName, username, bio, deleted }) => ({ seenAt, firstName, lastName, username, bio, deleted })),
    }),
  };
}
