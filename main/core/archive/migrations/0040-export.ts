import type { Migration } from './types.js';

/**
 * Export folders: the saved profiles (settings as JSON, shaped by
 * preload/contract/export.ts), and per profile what was exported and how, so
 * that a re-run writes only what is new or changed, recognises a file the
 * person edited (its size, time and hash no longer match), and never loses
 * track of a file it wrote.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'export',
  up(db) {
    db.exec(`
      CREATE TABLE export_profiles (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT NOT NULL UNIQUE,
        settings    TEXT NOT NULL,             -- JSON: ExportSettings less the name
        last_run    TEXT,                      -- JSON: ExportSummary of the last run
        created_at  INTEGER NOT NULL,          -- unix ms
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE export_files (
        profile_id     INTEGER NOT NULL REFERENCES export_profiles(id) ON DELETE CASCADE,
        photo_id       INTEGER NOT NULL,        -- photos.id (no foreign key: a purged photo's export stays on record)
        size_type      TEXT NOT NULL,           -- files.size_type
        path           TEXT NOT NULL,           -- relative to the destination, '/'-separated, as written
        path_key       TEXT NOT NULL,           -- path as case-insensitive, NFC file systems compare it
        wanted_path    TEXT NOT NULL,           -- what the template gave, before a collision suffix
        recipe         TEXT NOT NULL,           -- how it was made (mode, metadata written, source sha256)
        method         TEXT NOT NULL CHECK (method IN ('copy', 'hardlink', 'reflink')),
        bytes          INTEGER NOT NULL,        -- of the file as written
        mtime_ms       INTEGER NOT NULL,
        sha256         TEXT NOT NULL,
        sidecar_sha256 TEXT,                    -- of the JSON sidecar written beside it
        exported_at    INTEGER NOT NULL,
        PRIMARY KEY (profile_id, photo_id, size_type)
      ) STRICT;
      CREATE UNIQUE INDEX export_files_by_path ON export_files(profile_id, path_key);
    `);
  },
};
