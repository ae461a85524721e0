/**
 * What a run found, per person, for the system notifications: photos first
 * seen and photos removed while it ran. The query is here; how it reads
 * (grouped per run, one notification per kind, naming the people) is the pure
 * runNotices, and which kinds are shown is the person's choice in Settings.
 */
import type Database from 'better-sqlite3';
import type { AppSettings } from '../../../preload/contract/settings.js';

export interface PersonNews {
  readonly userId: number;
  readonly name: string;
  readonly count: number;
}

export interface RunNews {
  readonly added: readonly PersonNews[];
  readonly removed: readonly PersonNews[];
}

export interface Notice {
  readonly kind: 'new' | 'removed';
  readonly title: string;
  readonly body: string;
  /** Clicking opens this person; null (several people): the list of people. */
  readonly userId: number | null;
}

type Row = { userId: number; firstName: string | null; lastName: string | null; username: string | null; count: number };

export class RunNewsQuery {
  readonly #added: Database.Statement<[number, number], Row>;
  readonly #removed: Database.Statement<[number, number], Row>;

  constructor(db: Database.Database) {
    const query = (where: string) =>
      db.prepare<[number, number], Row>(
        `SELECT p.user_id AS userId, t.first_name AS firstName, t.last_name AS lastName, t.username, count(*) AS count
         FROM photos p LEFT JOIN targets t ON t.user_id = p.user_id
         WHERE ${where} GROUP BY p.user_id ORDER BY count DESC, p.user_id`,
      );
    // New: first seen in this run and set after the person was added (a first sync's history is not news).
    this.#added = query('p.first_seen BETWEEN ? AND ? AND p.date * 1000 >= coalesce(t.added_at, 0)');
    this.#removed = query('p.removed_at BETWEEN ? AND ?');
  }

  /** The news of a run that went from `startedAt` to `finishedAt`. */
  of(startedAt: number, finishedAt: number): RunNews {
    const person = (r: Row): PersonNews => ({
      userId: r.userId,
      name: `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim() || (r.username ? `@${r.username}` : `User ${r.userId}`),
      count: r.count,
    });
    return { added: this.#added.all(startedAt, finishedAt).map(person), removed: this.#removed.all(startedAt, finishedAt).map(person) };
  }
}

const list = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

function names(people: readonly PersonNews[]): string {
  const shown = people.slice(0, 3).map((p) => `${p.name} (${p.count})`);
  return list.format(people.length > 3 ? [...shown, `${people.length - 3} more`] : shown);
}

const total = (people: readonly PersonNews[]) => people.reduce((n, p) => n + p.count, 0);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** At most one notice per kind for a run, each naming the people; none for a kind turned off. */
export function runNotices(news: RunNews, wanted: AppSettings['notifications']): Notice[] {
  const notices: Notice[] = [];
  if (wanted.newPhotos && news.added.length > 0) {
    notices.push({
      kind: 'new',
      title: `${plural(total(news.added), 'new photo', 'new photos')} archived`,
      body: names(news.added),
      userId: news.added.length === 1 ? news.added[0]!.userId : null,
    });
  }
  if (wanted.removedPhotos && news.removed.length > 0) {
    notices.push({
      kind: 'removed',
      title: `${plural(total(news.removed), 'photo', 'photos')} removed from a profile (kept in the archive)`,
      body: names(news.removed),
      userId: news.removed.length === 1 ? news.removed[0]!.userId : null,
    });
  }
  return notices;
}
