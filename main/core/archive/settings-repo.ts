import type Database from 'better-sqlite3';
import type { z } from 'zod';

/**
 * Key/value settings stored as JSON. Reads are validated against the caller's
 * schema, so a hand-edited or older value falls back to the default instead of
 * flowing through the app unchecked.
 */
export class SettingsRepo {
  readonly #db: Database.Database;
  constructor(db: Database.Database) {
    this.#db = db;
  }

  get<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): z.output<S> {
    const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown): void {
    this.#db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.#db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
