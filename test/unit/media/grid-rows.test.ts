import { describe, expect, it } from 'vitest';
import type { GalleryPhoto } from '../../../preload/contract/gallery.js';
import { GridLayout, gridRows, identityChanges, moveInGrid, rowOfPhoto } from '../../../renderer/src/features/gallery/grid-rows.js';
import { mergePhotos } from '../../../renderer/src/features/gallery/merge-photos.js';

const DAY = 86_400;
const photo = (id: number, date: number, extra: Partial<GalleryPhoto> = {}): GalleryPhoto => ({
  id: String(id),
  userId: 1,
  kind: 'profile',
  date,
  firstSeen: 0,
  removedAt: null,
  hiddenSince: null,
  hasVideo: false,
  videoStartTs: null,
  dcId: 1,
  observedBy: null,
  width: null,
  height: null,
  bytes: 0,
  pending: false,
  thumb: null,
  preview: null,
  still: null,
  video: null,
  placeholder: null,
  thumbError: null,
  ...extra,
});

// 2024-03-10, then back in time a day at a time across months and a year boundary.
const photos = Array.from({ length: 400 }, (_, i) => photo(1000 - i, 1_710_028_800 - i * DAY));

describe('the gallery layout', () => {
  it('groups photos by month into rows of the column count, headings where the month changes', () => {
    const rows = gridRows(photos.slice(0, 12), 5, 'month');
    expect(rows.map((r) => (r.kind === 'heading' ? r.label : r.kind === 'photos' ? r.count : r.text))).toEqual(['March 2024', 5, 5, 'February 2024', 2]);
  });

  it('lays out pages appended one by one exactly as the whole list at once', () => {
    const layout = new GridLayout(7, 'month');
    expect(layout.extend([])).toEqual([]);
    for (let end = 37; end <= photos.length; end += 37) {
      const page = photos.slice(0, end);
      expect(layout.extends(page)).toBe(true);
      expect(layout.extend(page)).toEqual(gridRows(page, 7, 'month'));
    }
    expect(layout.extends(photos.slice(1))).toBe(false);
  });

  it('puts identity changes between the photos of their time, by year, and says what changed', () => {
    const changes = identityChanges([
      { seenAt: Date.UTC(2023, 5, 1), firstName: 'Alice', lastName: 'A', username: 'alice', bio: 'Painter', deleted: false },
      { seenAt: Date.UTC(2024, 1, 15), firstName: 'Alicia', lastName: 'A', username: 'alice', bio: 'Sculptor', deleted: false },
    ]);
    expect(changes.map((c) => c.text)).toEqual(['First seen as Alice A (@alice)', 'Name changed from Alice A to Alicia A', 'Bio changed to “Sculptor”']);
    const rows = gridRows(photos, 50, 'year', changes);
    const texts = rows.map((r) => (r.kind === 'heading' ? r.label : r.kind === 'identity' ? r.text : `${r.count} photos`));
    expect(texts.slice(0, 6)).toEqual(['2024', '24 photos', 'Name changed from Alice A to Alicia A', 'Bio changed to “Sculptor”', '46 photos', '2023']);
    expect(texts).toContain('First seen as Alice A (@alice)');
    const layout = new GridLayout(50, 'year', changes);
    layout.extend(photos.slice(0, 100));
    expect(layout.extend(photos)).toEqual(rows);
  });

  it('merges photos announced live: replaces known ones, inserts new ones inside the loaded range only', () => {
    const loaded = [photo(5, 500), photo(4, 400), photo(3, 300)];
    const merged = mergePhotos(loaded, [photo(4, 400, { thumb: 'thumbs/x' }), photo(6, 450), photo(1, 100)], false, () => true);
    expect(merged.map((p) => p.id)).toEqual(['5', '6', '4', '3']);
    expect(merged[2]!.thumb).toBe('thumbs/x');
    expect(mergePhotos(loaded, [photo(1, 100)], true, () => true).map((p) => p.id)).toEqual(['5', '4', '3', '1']);
    expect(mergePhotos(loaded, [photo(6, 450, { hasVideo: true })], false, (p) => !p.hasVideo).map((p) => p.id)).toEqual(['5', '4', '3']);
  });

  it('moves the focus with the keys: along, to the same column of the next row of photos across headings, short rows, Home/End, pages', () => {
    // March 2024: 10 photos (rows of 4: 4, 4, 2), then February: 29.
    const rows = gridRows(photos.slice(0, 39), 4, 'month');
    const total = 39;
    expect(rows.map((r) => (r.kind === 'photos' ? `${r.start}+${r.count}` : r.kind)).slice(0, 6)).toEqual(['heading', '0+4', '4+4', '8+2', 'heading', '10+4']);
    expect(rowOfPhoto(rows, 0)).toBe(1);
    expect(rowOfPhoto(rows, 9)).toBe(3);
    expect(rowOfPhoto(rows, 10)).toBe(5);
    expect(rowOfPhoto(rows, 38)).toBe(rows.length - 1);
    expect(rowOfPhoto(rows, 39)).toBe(-1);
    expect(moveInGrid(rows, total, 0, 'ArrowRight')).toBe(1);
    expect(moveInGrid(rows, total, 0, 'ArrowLeft')).toBe(0);
    expect(moveInGrid(rows, total, 1, 'ArrowDown')).toBe(5);
    expect(moveInGrid(rows, total, 7, 'ArrowDown')).toBe(9); // the short row's last photo
    expect(moveInGrid(rows, total, 9, 'ArrowDown')).toBe(11); // over the heading, same column
    expect(moveInGrid(rows, total, 11, 'ArrowUp')).toBe(9);
    expect(moveInGrid(rows, total, 2, 'ArrowUp')).toBe(2); // the first row stays
    expect(moveInGrid(rows, total, 20, 'Home')).toBe(0);
    expect(moveInGrid(rows, total, 0, 'End')).toBe(38);
    expect(moveInGrid(rows, total, 1, 'PageDown', 3)).toBe(11);
    expect(moveInGrid(rows, total, 1, 'Enter')).toBeNull();
    expect(moveInGrid([], 0, 0, 'ArrowDown')).toBeNull();
  });
});
