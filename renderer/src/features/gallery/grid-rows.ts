import type { GalleryPhoto, IdentitySnapshot } from '../../../../preload/contract/gallery';
import { formatMonth } from './format';

/** One row of a virtualized grid: a heading, a run of photos, or an identity change. */
export type GridRow =
  | { readonly kind: 'heading'; readonly key: string; readonly label: string }
  | { readonly kind: 'photos'; readonly key: string; readonly start: number; readonly count: number }
  | { readonly kind: 'identity'; readonly key: string; readonly at: number; readonly text: string };

/** A change of name, username or bio as snapshotted, at its time (unix ms). */
export interface IdentityChange {
  readonly at: number;
  readonly text: string;
}

export type Grouping = 'month' | 'year';

/** Words for each snapshot that differs from the one before it; the first says who they were first seen as. */
export function identityChanges(history: readonly IdentitySnapshot[]): IdentityChange[] {
  const out: IdentityChange[] = [];
  const name = (s: IdentitySnapshot): string => `${s.firstName} ${s.lastName}`.trim() || 'no name';
  history.forEach((s, i) => {
    const before = history[i - 1];
    if (!before) {
      out.push({ at: s.seenAt, text: `First seen as ${name(s)}${s.username ? ` (@${s.username})` : ''}` });
      return;
    }
    if (name(s) !== name(before)) out.push({ at: s.seenAt, text: `Name changed from ${name(before)} to ${name(s)}` });
    if (s.username !== before.username)
      out.push({ at: s.seenAt, text: s.username ? `Username changed to @${s.username}` : `Username @${before.username} removed` });
    if (s.bio !== before.bio && s.bio !== null && before.bio !== null) out.push({ at: s.seenAt, text: s.bio ? `Bio changed to “${s.bio}”` : 'Bio cleared' });
    if (s.deleted && !before.deleted) out.push({ at: s.seenAt, text: 'Account deleted' });
  });
  return out;
}

/**
 * Lays photos (newest first) out in rows of `columns`, with a heading per month or
 * year and identity changes between the photos of their time. Linear and incremental:
 * when pages are appended, `extend` lays out only the new photos (plus the last open
 * row), so a grid of 100,000 photos costs per page what its page costs. A heading is
 * formatted only when the group changes.
 */
export class GridLayout {
  readonly columns: number;
  readonly grouping: Grouping;
  readonly changes: readonly IdentityChange[];
  #photos: readonly GalleryPhoto[] = [];
  #rows: GridRow[] = [];
  /** Rows before this index are final; the rest (the open run, trailing changes) are redone on extend. */
  #settled = 0;
  #group = -1;
  #runStart = -1;
  #next = 0;
  #laidOut = 0;

  constructor(columns: number, grouping: Grouping, changes: readonly IdentityChange[] = []) {
    this.columns = columns;
    this.grouping = grouping;
    this.changes = [...changes].sort((a, b) => b.at - a.at);
  }

  /** Whether `photos` is what was laid out plus more at the end (then `extend` is exact). */
  extends(photos: readonly GalleryPhoto[]): boolean {
    const n = this.#laidOut;
    return photos.length >= n && (n === 0 || photos[n - 1] === this.#photos[n - 1]) && (n < 2 || photos[0] === this.#photos[0]);
  }

  /** Lays out the photos past those already laid out; returns all rows (a new array). */
  extend(photos: readonly GalleryPhoto[]): GridRow[] {
    this.#photos = photos;
    const rows = this.#rows;
    rows.length = this.#settled;
    for (let i = this.#laidOut; i < photos.length; i++) {
      const ms = photos[i]!.date * 1000;
      while (this.#next < this.changes.length && this.changes[this.#next]!.at >= ms) this.#change(i);
      this.#enterGroup(ms, i);
      if (this.#runStart < 0) this.#runStart = i;
    }
    this.#laidOut = photos.length;
    // Everything so far is final except the open run and any changes older than every photo.
    this.#settled = rows.length;
    const runStart = this.#runStart;
    const [group, next] = [this.#group, this.#next];
    this.#flush(photos.length);
    while (this.#next < this.changes.length) this.#change(photos.length);
    // Restore the open state so the next extend continues the run.
    this.#runStart = runStart;
    this.#group = group;
    this.#next = next;
    return rows.slice();
  }

  #change(index: number): void {
    const change = this.changes[this.#next++]!;
    this.#enterGroup(change.at, index);
    this.#flush(index);
    this.#rows.push({ kind: 'identity', key: `i${change.at}-${this.#next}`, at: change.at, text: change.text });
  }

  #flush(end: number): void {
    const photos = this.#photos;
    for (let s = this.#runStart; s >= 0 && s < end; s += this.columns) {
      this.#rows.push({ kind: 'photos', key: `p${photos[s]!.id}`, start: s, count: Math.min(this.columns, end - s) });
    }
    this.#runStart = -1;
  }

  #enterGroup(ms: number, index: number): void {
    const d = new Date(ms);
    const g = this.grouping === 'year' ? d.getFullYear() : d.getFullYear() * 12 + d.getMonth();
    if (g === this.#group) return;
    this.#flush(index);
    this.#group = g;
    this.#rows.push({ kind: 'heading', key: `h${g}`, label: this.grouping === 'year' ? String(d.getFullYear()) : formatMonth(ms) });
  }
}

/** The rows of `photos` in one go (see GridLayout). */
export function gridRows(photos: readonly GalleryPhoto[], columns: number, grouping: Grouping, changes: readonly IdentityChange[] = []): GridRow[] {
  return new GridLayout(columns, grouping, changes).extend(photos);
}

/** The position of the row of photos that holds photo `index`, or -1 (binary search: photos rows are in photo order). */
export function rowOfPhoto(rows: readonly GridRow[], index: number): number {
  let [lo, hi, found] = [0, rows.length - 1, -1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    // Headings and identity rows sit between runs: compare the first photos row at or after mid.
    let probe = mid;
    while (probe <= hi && rows[probe]!.kind !== 'photos') probe++;
    const row = rows[probe];
    if (probe > hi || row?.kind !== 'photos' || row.start > index) hi = mid - 1;
    else {
      found = probe;
      lo = probe + 1;
    }
  }
  const row = rows[found];
  return row?.kind === 'photos' && index < row.start + row.count ? found : -1;
}

/**
 * Where focus goes from photo `index` on a key: left and right along the photos, up and
 * down to the same column of the row of photos above or below (skipping headings and
 * identity rows; a short row takes its last photo), Home and End to the first and last
 * loaded photo, PageUp and PageDown `page` rows at a time. Null: the key does not move.
 */
export function moveInGrid(rows: readonly GridRow[], total: number, index: number, key: string, page = 1): number | null {
  if (total === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(total - 1, i));
  switch (key) {
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowRight':
      return clamp(index + 1);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    case 'ArrowUp':
    case 'ArrowDown':
    case 'PageUp':
    case 'PageDown': {
      const at = rowOfPhoto(rows, index);
      if (at < 0) return null;
      const from = rows[at] as Extract<GridRow, { kind: 'photos' }>;
      const step = key === 'ArrowUp' || key === 'PageUp' ? -1 : 1;
      let steps = key.startsWith('Page') ? Math.max(1, page) : 1;
      let target = from;
      for (let r = at + step; r >= 0 && r < rows.length && steps > 0; r += step) {
        const row = rows[r]!;
        if (row.kind !== 'photos') continue;
        target = row;
        steps--;
      }
      return clamp(target.start + Math.min(index - from.start, target.count - 1));
    }
    default:
      return null;
  }
}
