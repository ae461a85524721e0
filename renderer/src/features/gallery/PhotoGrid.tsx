import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GalleryPhoto } from '../../../../preload/contract/gallery';
import { GridLayout, type Grouping, type GridRow, type IdentityChange } from './grid-rows';
import { PhotoTile } from './PhotoTile';
import './gallery.css';

const MIN_CELL = 132;
const GAP = 6;
const HEADING_HEIGHT = 44;
const IDENTITY_HEIGHT = 48;

interface Props {
  readonly photos: readonly GalleryPhoto[];
  readonly grouping: Grouping;
  readonly changes?: readonly IdentityChange[];
  /** More photos exist beyond the last one. */
  readonly hasMore: boolean;
  readonly onNeedMore: () => void;
  readonly onOpen: (index: number) => void;
  readonly label: string;
}

/**
 * A grid of any number of photos in bounded DOM: only the rows in and near view are
 * rendered (@tanstack/react-virtual), each row a fixed height, so a scroll through
 * 100,000 photos costs the same as through a hundred.
 */
export function PhotoGrid({ photos, grouping, changes, hasMore, onNeedMore, onOpen, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CELL + GAP)));
  const cell = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_CELL;
  // One layout per column count, grouping and identity history; a page appended extends it.
  const layout = useMemo(() => ({ current: new GridLayout(columns, grouping, changes) }), [columns, grouping, changes]);
  const rows = useMemo(() => {
    if (!layout.current.extends(photos)) layout.current = new GridLayout(columns, grouping, changes);
    return layout.current.extend(photos);
  }, [layout, photos, columns, grouping, changes]);
  const estimateSize = useCallback(
    (i: number): number => {
      const row: GridRow = rows[i]!;
      return row.kind === 'heading' ? HEADING_HEIGHT : row.kind === 'identity' ? IDENTITY_HEIGHT : cell + GAP;
    },
    [rows, cell],
  );
  // Stable callbacks: the virtualizer recomputes every row's offset whenever they change.
  const getItemKey = useCallback((i: number) => rows[i]!.key, [rows]);

  // The virtualizer keeps its own mutable state; React's compiler skips this component, as it should.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    overscan: 3,
  });
  // Row heights change with the width; the virtualizer must forget what it measured. (A row's key fixes
  // its kind, so rows added by a page keep sizes it already knows.)
  useEffect(() => virtualizer.measure(), [virtualizer, cell]);

  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastVisible >= rows.length - 8) onNeedMore();
  }, [hasMore, lastVisible, rows.length, onNeedMore]);

  return (
    <div className="photo-grid" ref={scroller} role="region" aria-label={label} tabIndex={-1}>
      <div className="photo-grid__inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (row.kind === 'heading')
            return (
              <h2 key={item.key} className="photo-grid__heading" style={style}>
                {row.label}
              </h2>
            );
          if (row.kind === 'identity')
            return (
              <p key={item.key} className="photo-grid__identity" style={style}>
                <span aria-hidden="true">✎</span> {row.text} <time dateTime={new Date(row.at).toISOString()}>{new Date(row.at).toLocaleDateString()}</time>
              </p>
            );
          return (
            <div key={item.key} className="photo-grid__row" style={{ ...style, gridTemplateColumns: `repeat(${columns}, ${cell}px)` }}>
              {photos.slice(row.start, row.start + row.count).map((photo, i) => (
                <PhotoTile key={photo.id} photo={photo} index={row.start + i} onOpen={onOpen} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
