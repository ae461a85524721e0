import type { GalleryFilter } from '../../../../preload/contract/gallery';

export const ALL_PHOTOS: GalleryFilter = { media: 'all', kind: 'all', removedOnly: false };

const MEDIA: readonly [GalleryFilter['media'], string][] = [
  ['all', 'All'],
  ['still', 'Photos'],
  ['video', 'Videos'],
];
const KINDS: readonly [GalleryFilter['kind'], string][] = [
  ['all', 'Any kind'],
  ['profile', 'Profile'],
  ['personal', 'Personal'],
  ['fallback', 'Public'],
];

/** Stills or videos, which kind of photo, removed only: pressed buttons, usable from the keyboard. */
export function GalleryFilters({ filter, onChange }: { readonly filter: GalleryFilter; readonly onChange: (filter: GalleryFilter) => void }) {
  return (
    <div className="gallery-filters" role="toolbar" aria-label="Filters">
      <div className="segmented" role="group" aria-label="Media">
        {MEDIA.map(([value, label]) => (
          <button key={value} type="button" className="segmented__option" aria-pressed={filter.media === value} onClick={() => onChange({ ...filter, media: value })}>
            {label}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="Kind">
        {KINDS.map(([value, label]) => (
          <button key={value} type="button" className="segmented__option" aria-pressed={filter.kind === value} onClick={() => onChange({ ...filter, kind: value })}>
            {label}
          </button>
        ))}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={filter.removedOnly} onChange={(e) => onChange({ ...filter, removedOnly: e.target.checked })} />
        <span>Removed only</span>
      </label>
    </div>
  );
}
