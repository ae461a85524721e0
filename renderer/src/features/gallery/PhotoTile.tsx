import { memo } from 'react';
import type { GalleryPhoto } from '../../../../preload/contract/gallery';
import { useApi } from '../../api/api-context';
import { placeholderUrl } from '../../ui/placeholder-url';
import { describePhoto } from './format';

interface Props {
  readonly photo: GalleryPhoto;
  readonly index: number;
  /** The grid's one tab stop (arrow keys move it). */
  readonly tabbable: boolean;
  readonly onOpen: (index: number) => void;
}

/**
 * One photo in a grid: its thumbnail over its placeholder, marked when it is a video,
 * removed, hidden or unreadable. As few nodes as it can be (a button and its image;
 * marks only when there are any): a fast scroll makes dozens of these a frame.
 */
export const PhotoTile = memo(function PhotoTile({ photo, index, tabbable, onOpen }: Props) {
  const api = useApi();
  const placeholder = placeholderUrl(photo.placeholder);
  const marks = [
    photo.hasVideo && '▶',
    photo.kind === 'personal' && 'Personal',
    photo.kind === 'fallback' && 'Public',
    photo.hiddenSince !== null && 'Hidden',
  ].filter((m): m is string => m !== false);
  return (
    <button
      type="button"
      className="tile"
      data-photo-id={photo.id}
      data-index={index}
      tabIndex={tabbable ? 0 : -1}
      aria-label={describePhoto(photo)}
      title={photo.thumbError ?? undefined}
      style={placeholder ? { backgroundImage: `url("${placeholder}")` } : undefined}
      onClick={() => onOpen(index)}
    >
      {/* Keyed by photo: a recycled tile never shows the last photo while the next one loads. */}
      {photo.thumb && <img key={photo.id} className="tile__image" src={api.mediaUrl(photo.thumb)} alt="" decoding="async" draggable={false} />}
      {photo.thumbError && (
        <span className="tile__problem" aria-hidden="true">
          Can’t show
        </span>
      )}
      {(marks.length > 0 || photo.removedAt !== null) && (
        <span className="tile__marks" aria-hidden="true">
          {marks.map((m) => (
            <span key={m} className="tile__mark">
              {m}
            </span>
          ))}
          {photo.removedAt !== null && <span className="tile__mark tile__mark--removed">Removed</span>}
        </span>
      )}
    </button>
  );
});
