import type { Migration } from './types.js';

/** The first tables: who is logged in, whom we archive, and app settings. */
export const migration0010: Migration = {
  version: 10,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL            -- JSON
      ) STRICT;

      CREATE TABLE accounts (
        id          INTEGER PRIMARY KEY,   -- Telegram user id of the logged-in person
        phone       TEXT,
        first_name  TEXT NOT NULL DEFAULT '',
        last_name   TEXT NOT NULL DEFAULT '',
        username    TEXT,
        dc_id       INTEGER NOT NULL,
        status      TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'needs_login', 'logged_out')),
        added_at    INTEGER NOT NULL,      -- unix ms
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE targets (
        user_id      INTEGER PRIMARY KEY,  -- Telegram user id being archived
        account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        access_hash  TEXT,                 -- valid for account_id only
        first_name   TEXT NOT NULL DEFAULT '',
        last_name    TEXT NOT NULL DEFAULT '',
        username     TEXT,
        added_at     INTEGER NOT NULL,
        paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        schedule_minutes INTEGER           -- per-target override of the sync interval
      ) STRICT;
      CREATE INDEX targets_by_added ON targets(added_at DESC, user_id DESC);
    `);
  },
};
