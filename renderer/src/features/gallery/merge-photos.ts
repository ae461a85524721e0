import type { GalleryPhoto } from '../../../../preload/contract/gallery';

/** Newest first by (date, id), ids compared as int64. */
export function compareNewestFirst(a: GalleryPhoto, b: GalleryPhoto): number {
  if (a.date !== b.date) return b.date - a.date;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x > y ? -1 : 1;
}

/**
 * Merges photos announced by gallery.updated into a loaded, sorted list: known ids are
 * replaced in place; new ones are inserted where they sort, but only inside the range
 * already loaded (older ones arrive with the next page). `accepts` is the view's filter.
 */
export function mergePhotos(
  list: readonly GalleryPhoto[],
  updates: readonly GalleryPhoto[],
  complete: boolean,
  accepts: (photo: GalleryPhoto) => boolean,
): GalleryPhoto[] {
  const byId = new Map(updates.map((p) => [p.id, p]));
  const out = list.map((p) => byId.get(p.id) ?? p).filter(accepts);
  const known = new Set(list.map((p) => p.id));
  const last = list.at(-1);
  const fresh = updates.filter((p) => !known.has(p.id) && accepts(p) && (complete || !last || compareNewestFirst(p, last) < 0));
  if (fresh.length === 0) return out;
  return [...out, ...fresh].sort(compareNewestFirst);
}

