import { describe, expect, it } from 'vitest';
import { runNotices, type RunNews } from '../../../main/core/schedule/run-news.js';

const all = { newPhotos: true, removedPhotos: true };
const person = (userId: number, name: string, count: number) => ({ userId, name, count });

describe('notifications of a run', () => {
  it('groups a run into one notice per kind, clickable to the person when there is one', () => {
    const news: RunNews = { added: [person(1, 'Alice', 3)], removed: [person(2, 'Bob', 1)] };
    expect(runNotices(news, all)).toEqual([
      { kind: 'new', title: '3 new photos archived', body: 'Alice (3)', userId: 1 },
      { kind: 'removed', title: '1 photo removed from a profile (kept in the archive)', body: 'Bob (1)', userId: 2 },
    ]);
  });

  it('names three people and counts the rest, and opens the list of people when there are several', () => {
    const news: RunNews = { added: [person(1, 'A', 5), person(2, 'B', 2), person(3, 'C', 1), person(4, 'D', 1), person(5, 'E', 1)], removed: [] };
    expect(runNotices(news, all)).toEqual([{ kind: 'new', title: '10 new photos archived', body: 'A (5), B (2), C (1), and 2 more', userId: null }]);
  });

  it('shows nothing for a kind turned off, or for a run that found nothing', () => {
    const news: RunNews = { added: [person(1, 'Alice', 3)], removed: [person(2, 'Bob', 1)] };
    expect(runNotices(news, { newPhotos: false, removedPhotos: true }).map((n) => n.kind)).toEqual(['removed']);
    expect(runNotices(news, { newPhotos: false, removedPhotos: false })).toEqual([]);
    expect(runNotices({ added: [], removed: [] }, all)).toEqual([]);
  });
});
