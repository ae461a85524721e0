/**
 * Shipped migrations are frozen (see frozen.ts): each fixture must still be
 * what its migration makes of the previous one, and an archive at any frozen
 * version must upgrade to exactly the schema of a fresh archive, keeping every
 * row.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/archive/migrate.js';
import { MIGRATIONS } from '../../../main/core/archive/migrations/index.js';
import {
  FIXTURE_DIR,
  FREEZE_COMMAND,
  emptyTables,
  fixtureName,
  freezeStep,
  frozenHash,
  loadFixture,
  memoryDb,
  migrationId,
  readFixtureFile,
  schemaOf,
  seedName,
  tablesOf,
} from './frozen.js';

const fixtures = MIGRATIONS.map((m) => ({ migration: m, text: readFixtureFile(fixtureName(m)) }));

function freshSchema(): string[] {
  const db = memoryDb();
  migrate(db, MIGRATIONS);
  const schema = schemaOf(db);
  db.close();
  return schema;
}

describe('frozen migrations', () => {
  it('every migration has a frozen fixture, and every fixture a migration', () => {
    const missing = fixtures.filter((f) => f.text === null).map((f) => migrationId(f.migration));
    expect(
      missing,
      `${missing.join(', ')} ha${missing.length === 1 ? 's' : 've'} no frozen fixture yet. Once the migration is final, put representative rows ` +
        `for any table it adds in ${FIXTURE_DIR}<NNNN-name>.seed.sql, run \`${FREEZE_COMMAND}\` and commit the new files.`,
    ).toEqual([]);
    const known = new Set(MIGRATIONS.flatMap((m) => [fixtureName(m), seedName(m)]));
    const strays = fs.readdirSync(FIXTURE_DIR).filter((name) => !known.has(name));
    expect(strays, 'fixtures without a migration: a shipped migration was removed or renumbered').toEqual([]);
  });

  it.each(fixtures.filter((f) => f.text !== null).map((f, i) => [migrationId(f.migration), i] as const))(
    '%s still makes exactly its frozen fixture from the one before',
    (_id, index) => {
      const { migration, text } = fixtures[index]!;
      const previous = index === 0 ? null : fixtures[index - 1]!.text;
      if (index > 0 && previous === null) throw new Error(`freeze ${migrationId(fixtures[index - 1]!.migration)} first`);
      const base = previous === null ? memoryDb() : loadFixture(previous);
      const again = freezeStep(base, migration, readFixtureFile(seedName(migration)));
      expect(
        frozenHash(again),
        `${migrationId(migration)} was edited after it was frozen: the SQL it runs changed. A shipped migration never changes ` +
          `(archives out there already ran it): put it back and make the change in a new migration.`,
      ).toBe(frozenHash(text!));
      expect(again, `${fixtureName(migration)} no longer matches what ${migrationId(migration)} makes (schema or data)`).toBe(text);
      expect(emptyTables(base), 'tables without representative rows in the fixture').toEqual([]);
      base.close();
    },
  );

  it.each(fixtures.filter((f) => f.text !== null).map((f) => [migrationId(f.migration), f.text!] as const))(
    'an archive at %s upgrades to the schema of a fresh archive and keeps every row',
    (_id, text) => {
      const db = loadFixture(text);
      const before = tablesOf(db);
      migrate(db, MIGRATIONS);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      expect(schemaOf(db)).toEqual(freshSchema());
      const after = tablesOf(db);
      for (const [table, { columns, rows }] of before) {
        const now = after.get(table);
        expect(now, `table ${table} is gone after the upgrade, with its rows`).toBeDefined();
        const kept = columns.filter((c) => now!.columns.includes(c));
        expect(kept, `columns of ${table} dropped by the upgrade`).toEqual(columns);
        const project = (t: { columns: readonly string[]; rows: readonly string[][] }) =>
          t.rows.map((row) => kept.map((c) => row[t.columns.indexOf(c)]!).join(', ')).sort();
        expect(project(now!), `rows of ${table}`).toEqual(project({ columns, rows }));
      }
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    },
  );
});
