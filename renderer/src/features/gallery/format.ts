import type { GalleryPhoto } from '../../../../preload/contract/gallery';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const month = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const bytesFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const formatDay = (unixSeconds: number): string => day.format(unixSeconds * 1000);
export const formatMonth = (ms: number): string => month.format(ms);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${bytesFormat.format(bytes / 1024)} KB`;
  return `${bytesFormat.format(bytes / 1024 / 1024)} MB`;
}

const KIND_LABEL: Record<GalleryPhoto['kind'], string> = { profile: 'Profile photo', personal: 'Personal photo', fallback: 'Public photo' };

/** What a screen reader hears for a tile, and the viewer's title. */
export function describePhoto(photo: GalleryPhoto): string {
  const parts = [`${photo.hasVideo ? 'Video' : KIND_LABEL[photo.kind]}, set ${formatDay(photo.date)}`];
  if (photo.hasVideo && photo.kind !== 'profile') parts.push(KIND_LABEL[photo.kind].toLowerCase());
  if (photo.removedAt !== null) parts.push('removed');
  if (photo.hiddenSince !== null) parts.push('hidden');
  if (photo.thumbError) parts.push('cannot be shown');
  return parts.join(', ');
}
