import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { GalleryPhoto } from '../../../../preload/contract/gallery';
import { GridLayout, moveInGrid, rowOfPhoto, type Grouping, type GridRow, type IdentityChange } from './grid-rows';
import { PhotoTile } from './PhotoTile';
import './gallery.css';

const MIN_CELL = 132;
const GAP = 6;
const HEADING_HEIGHT = 44;
const IDENTITY_HEIGHT = 48;
const PREFETCH_ROWS = 120;
/** Rows given their pictures per frame once a fling ends: the work of a screenful spread over a few frames. */
const REVEAL_PER_FRAME = 2;
const SETTLE_MS = 100;

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
 * 100,000 photos costs the same as through a hundred. Per frame of a scroll the work
 * is kept small: rows are memoised and recycled (a row that enters reuses the DOM of one
 * that left), every size is fixed in CSS (a row lays out alone), and while a fling jumps
 * past whole screens a row is one element painting its empty cells; the tiles and their
 * pictures come a few rows a frame once it slows.
 * Arrow keys, Home/End and PageUp/PageDown move the focus from photo to photo.
 */
export function PhotoGrid({ photos, grouping, changes, hasMore, onNeedMore, onOpen, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  // The photo that holds the grid's tab stop, and whether keys just moved it (then it takes focus once rendered).
  const [focusIndex, setFocusIndex] = useState(0);
  const focusPending = useRef(false);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CELL + GAP)));
  const cell = width > 0 ? Math.floor((width - GAP * (columns - 1)) / columns) : MIN_CELL;
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
    overscan: 2,
  });
  // Row heights change with the width; the virtualizer must forget what it measured. (A row's key fixes
  // its kind, so rows added by a page keep sizes it already knows.)
  useEffect(() => virtualizer.measure(), [virtualizer, cell]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const lastVisible = items.at(-1)?.index ?? 0;
  const [rowSlots] = useState(() => new RowSlots());
  const slots = rowSlots.assign(first, lastVisible);
  // A fling: the view moved half a screen or more since the last render, so its rows would be gone
  // before their tiles were built and their pictures fetched and painted. Rows show only their shape
  // until the scroll settles (useReveal), so a frame of a fling moves a dozen elements and no more.
  const offset = virtualizer.scrollOffset ?? 0;
  const [lastOffset] = useState(() => ({ value: 0 }));
  const flinging = Math.abs(offset - lastOffset.value) >= (virtualizer.scrollRect?.height ?? Infinity) / 2;
  useLayoutEffect(() => {
    lastOffset.value = offset;
  });
  const revealed = useReveal(flinging, items.length);

  useEffect(() => {
    // Well ahead (about a page and a half of rows): a fling should not have to stop for the next page.
    if (hasMore && lastVisible >= rows.length - PREFETCH_ROWS) onNeedMore();
  }, [hasMore, lastVisible, rows.length, onNeedMore]);

  // Keys moved the focus: once its tile is rendered (the scroll may take a frame), focus it.
  useEffect(() => {
    if (!focusPending.current) return;
    const tile = scroller.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    if (!tile) return;
    focusPending.current = false;
    tile.focus({ preventScroll: true });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = Number((event.target as HTMLElement).dataset['index']);
    if (!Number.isInteger(from) || event.altKey || event.ctrlKey || event.metaKey) return;
    const screenRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / (cell + GAP)));
    const to = moveInGrid(rows, photos.length, from, event.key, screenRows);
    if (to === null) return;
    event.preventDefault();
    focusPending.current = true;
    setFocusIndex(to);
    // Upwards into a group, its heading comes into view with its first row.
    const row = rowOfPhoto(rows, to);
    virtualizer.scrollToIndex(to < from && rows[row - 1]?.kind === 'heading' ? row - 1 : row, { align: 'auto' });
  };
  const onFocus = (event: React.FocusEvent<HTMLDivElement>) => {
    const index = Number((event.target as HTMLElement).dataset['index']);
    if (Number.isInteger(index)) setFocusIndex(index);
  };

  // The tab stop: the focused photo when its row is rendered, else the first photo in view.
  const rendered = (i: number) => items.some((item) => {
    const row = rows[item.index];
    return row?.kind === 'photos' && i >= row.start && i < row.start + row.count;
  });
  const tabStop = rendered(focusIndex) ? focusIndex : (items.map((item) => rows[item.index]).find((r) => r?.kind === 'photos') as Extract<GridRow, { kind: 'photos' }> | undefined)?.start ?? -1;

  return (
    <div className="photo-grid" ref={scroller} role="region" aria-label={label} tabIndex={-1} onKeyDown={onKeyDown} onFocus={onFocus}>
      <div className="photo-grid__inner" style={{ height: virtualizer.getTotalSize(), '--cell': `${cell}px`, '--gap': `${GAP}px` } as CSSProperties}>
        {items.map((item, position) => {
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
          const stop = tabStop >= row.start && tabStop < row.start + row.count ? tabStop : -1;
          return (
            <PhotoRow
              key={`slot${slots.get(item.index)}`}
              photos={photos}
              start={row.start}
              count={row.count}
              top={item.start}
              height={item.size}
              images={position < revealed}
              tabStop={stop}
              onOpen={onOpen}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  readonly photos: readonly GalleryPhoto[];
  readonly start: number;
  readonly count: number;
  readonly top: number;
  readonly height: number;
  /** False while flung past: no tiles, only the row's shape. */
  readonly images: boolean;
  /** The photo index that is the grid's tab stop, when it is in this row; else -1. */
  readonly tabStop: number;
  readonly onOpen: (index: number) => void;
}

/**
 * A slot (0, 1, 2…) for each rendered row, kept while the row stays in range; a row that
 * comes into range takes a slot one that left gave up. Rows are keyed by slot, so React
 * gives an entering row the DOM of a leaving one, to update rather than build and tear down.
 * `assign` is idempotent for a range (a render may run twice).
 */
class RowSlots {
  #slots = new Map<number, number>();

  assign(first: number, last: number): ReadonlyMap<number, number> {
    const next = new Map<number, number>();
    const used = new Set<number>();
    for (let i = first; i <= last; i++) {
      const slot = this.#slots.get(i);
      if (slot === undefined) continue;
      next.set(i, slot);
      used.add(slot);
    }
    let free = 0;
    for (let i = first; i <= last; i++) {
      if (next.has(i)) continue;
      while (used.has(free)) free++;
      next.set(i, free);
      used.add(free);
    }
    this.#slots = next;
    return next;
  }
}

/**
 * How many of the rendered rows (top first) show their pictures: none during a fling; once
 * no fling has moved the view for SETTLE_MS, REVEAL_PER_FRAME more each frame until all do.
 */
function useReveal(flinging: boolean, rows: number): number {
  const [revealed, setRevealed] = useState(Number.MAX_SAFE_INTEGER);
  const [lastFling] = useState(() => ({ at: 0 }));
  // Derived from the render's own input (React's pattern for state that follows a prop).
  if (flinging && revealed !== 0) setRevealed(0);
  useLayoutEffect(() => {
    if (flinging) lastFling.at = performance.now();
  });
  useEffect(() => {
    if (revealed >= rows) return undefined;
    let frame = requestAnimationFrame(function tick() {
      if (performance.now() - lastFling.at < SETTLE_MS) frame = requestAnimationFrame(tick);
      else setRevealed((r) => r + REVEAL_PER_FRAME);
    });
    return () => cancelAnimationFrame(frame);
  }, [revealed, rows, lastFling]);
  return revealed;
}

/** One row of tiles; memoised, so a scroll renders only the rows that come into view. */
const PhotoRow = memo(function PhotoRow({ photos, start, count, top, height, images, tabStop, onOpen }: RowProps) {
  // Flung past: the row's empty cells, painted by CSS from one element.
  if (!images)
    return <div className="photo-grid__row photo-grid__row--passing" data-start={start} data-count={count} style={{ transform: `translateY(${top}px)`, height, '--count': count } as CSSProperties} />;
  const tiles = [];
  // Keyed by column: a recycled row updates its tiles in place.
  for (let i = start; i < start + count; i++) {
    tiles.push(<PhotoTile key={i - start} photo={photos[i]!} index={i} tabbable={i === tabStop} onOpen={onOpen} />);
  }
  return (
    <div className="photo-grid__row" data-start={start} data-count={count} style={{ transform: `translateY(${top}px)`, height }}>
      {tiles}
    </div>
  );
});
