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
 * year and identity changes between the photos of their time. Linear, and cheap on
 * 100,000 photos: a heading is formatted only when the group changes.
 */
export function gridRows(photos: readonly GalleryPhoto[], columns: number, grouping: Grouping, changes: readonly IdentityChange[] = []): GridRow[] {
  const rows: GridRow[] = [];
  const pending = [...changes].sort((a, b) => b.at - a.at);
  let group = -1;
  let runStart = -1;
  let next = 0;
  const flush = (end: number): void => {
    for (let s = runStart; s >= 0 && s < end; s += columns) rows.push({ kind: 'photos', key: `p${photos[s]!.id}`, start: s, count: Math.min(columns, end - s) });
    runStart = -1;
  };
  const groupOf = (ms: number): number => {
    const d = new Date(ms);
    return grouping === 'year' ? d.getFullYear() : d.getFullYear() * 12 + d.getMonth();
  };
  const enterGroup = (ms: number, index: number): void => {
    const g = groupOf(ms);
    if (g === group) return;
    flush(index);
    group = g;
    rows.push({ kind: 'heading', key: `h${g}`, label: grouping === 'year' ? String(new Date(ms).getFullYear()) : formatMonth(ms) });
  };
  for (let i = 0; i < photos.length; i++) {
    const ms = photos[i]!.date * 1000;
    while (next < pending.length && pending[next]!.at >= ms) {
      const change = pending[next++]!;
      enterGroup(change.at, i);
      flush(i);
      rows.push({ kind: 'identity', key: `i${change.at}-${next}`, at: change.at, text: change.text });
    }
    enterGroup(ms, i);
    if (runStart < 0) runStart = i;
  }
  flush(photos.length);
  for (; next < pending.length; next++) {
    const change = pending[next]!;
    enterGroup(change.at, photos.length);
    rows.push({ kind: 'identity', key: `i${change.at}-${next}`, at: change.at, text: change.text });
  }
  return rows;
}
