import { memo } from 'react';
import type { GalleryPhoto } from '../../../../preload/contract/gallery';
import { useApi } from '../../api/api-context';
import { placeholderUrl } from '../../ui/placeholder-url';
import { describePhoto } from './format';

interface Props {
  readonly photo: GalleryPhoto;
  readonly index: number;
  readonly onOpen: (index: number) => void;
}

/** One photo in a grid: its thumbnail over its placeholder, marked when it is a video, removed, hidden or unreadable. */
export const PhotoTile = memo(function PhotoTile({ photo, index, onOpen }: Props) {
  const api = useApi();
  const placeholder = placeholderUrl(photo.placeholder);
  return (
    <button
      type="button"
      className="tile"
      data-photo-id={photo.id}
      aria-label={describePhoto(photo)}
      title={photo.thumbError ?? undefined}
      style={placeholder ? { backgroundImage: `url("${placeholder}")` } : undefined}
      onClick={() => onOpen(index)}
    >
      {photo.thumb && <img className="tile__image" src={api.mediaUrl(photo.thumb)} alt="" decoding="async" draggable={false} />}
      {photo.thumbError && (
        <span className="tile__problem" aria-hidden="true">
          Can’t show
        </span>
      )}
      <span className="tile__marks" aria-hidden="true">
        {photo.hasVideo && <span className="tile__mark">▶</span>}
        {photo.kind !== 'profile' && <span className="tile__mark">{photo.kind === 'personal' ? 'Personal' : 'Public'}</span>}
        {photo.removedAt !== null && <span className="tile__mark tile__mark--removed">Removed</span>}
        {photo.hiddenSince !== null && <span className="tile__mark">Hidden</span>}
      </span>
    </button>
  );
});
