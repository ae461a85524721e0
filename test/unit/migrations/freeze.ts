/**
 * Freezes archive migrations that have no fixture yet (see frozen.ts):
 *
 *   npm run migrations:freeze                     # every migration without a fixture
 *   npm run migrations:freeze -- --refreeze 30    # 0030 and later again (only while unreleased)
 *
 * Write the migration, add it to MIGRATIONS, put representative rows for the
 * tables it adds in test/unit/migrations/fixtures/NNNN-name.seed.sql, run this,
 * and commit both files. A shipped migration is never refrozen: change the
 * schema with a new migration instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS } from '../../../main/core/archive/migrations/index.js';
import { FIXTURE_DIR, emptyTables, fixtureName, freezeStep, loadFixture, memoryDb, readFixtureFile, seedName } from './frozen.js';

const { values } = parseArgs({ options: { refreeze: { type: 'string' } } });
const refreezeFrom = values.refreeze === undefined ? Infinity : Number(values.refreeze);
if (Number.isNaN(refreezeFrom)) throw new Error(`--refreeze takes a migration version, e.g. 30; got "${values.refreeze}"`);

fs.mkdirSync(FIXTURE_DIR, { recursive: true });
let previous: string | null = null;
let frozen = 0;
for (const migration of MIGRATIONS) {
  const existing = migration.version >= refreezeFrom ? null : readFixtureFile(fixtureName(migration));
  if (existing !== null) {
    previous = existing;
    continue;
  }
  const base = previous === null ? memoryDb() : loadFixture(previous);
  const text = freezeStep(base, migration, readFixtureFile(seedName(migration)));
  const empty = emptyTables(base);
  base.close();
  if (empty.length) {
    console.error(
      `Not frozen: at ${fixtureName(migration)} these tables have no rows: ${empty.join(', ')}.\n` +
        `Add representative INSERTs for them to ${path.join(FIXTURE_DIR, seedName(migration))} and run this again.`,
    );
    process.exit(1);
  }
  fs.writeFileSync(path.join(FIXTURE_DIR, fixtureName(migration)), text);
  console.log(`froze ${fixtureName(migration)}`);
  previous = text;
  frozen++;
}
console.log(frozen ? `${frozen} fixture(s) written under ${FIXTURE_DIR}: commit them.` : 'Every migration already has a fixture.');
