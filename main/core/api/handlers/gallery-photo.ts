import type { GalleryPhoto, Placeholder } from '../../../../preload/contract/gallery.js';
import type { GalleryRow } from '../../archive/gallery-repo.js';
import { strippedToJpeg } from '../../media/stripped-jpeg.js';

/** The placeholder to paint before the thumbnail: Telegram's stripped JPEG, else our thumbhash. */
function placeholderOf(row: GalleryRow): Placeholder | null {
  const jpeg = row.stripped && strippedToJpeg(row.stripped);
  if (jpeg) return { type: 'jpeg', base64: jpeg.toString('base64') };
  if (row.thumbhash) return { type: 'thumbhash', base64: row.thumbhash.toString('base64') };
  return null;
}

/** A gallery row as it crosses the contract: ids as strings, media as archive paths. */
export function toGalleryPhoto(row: GalleryRow): GalleryPhoto {
  const made = row.thumbStatus === 'done';
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    date: row.date,
    firstSeen: row.firstSeen,
    removedAt: row.removedAt,
    hiddenSince: row.hiddenSince,
    hasVideo: row.hasVideo,
    videoStartTs: row.videoStartTs,
    dcId: row.dcId,
    observedBy: row.observedBy,
    width: made ? row.thumbWidth : row.stillWidth,
    height: made ? row.thumbHeight : row.stillHeight,
    bytes: row.bytes,
    pending: !row.filesComplete,
    thumb: made ? row.gridPath : null,
    preview: made ? row.previewPath : null,
    still: row.stillPath,
    video: row.videoPath,
    placeholder: placeholderOf(row),
    thumbError: row.thumbStatus === 'failed' ? row.thumbError : null,
  };
}
