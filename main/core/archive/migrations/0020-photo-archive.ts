import type { Migration } from './types.js';

/**
 * The archive proper: photos as Telegram lists them, the files downloaded for
 * them, per-target sync progress, the history of each run, and identity
 * snapshots. Photo ids are Telegram's signed 64-bit ids kept as INTEGER so that
 * ORDER BY and max_id comparisons are numeric; read them with safeIntegers.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'photo-archive',
  up(db) {
    db.exec(`
      CREATE TABLE photos (
        id              INTEGER PRIMARY KEY,      -- Telegram photo id (int64)
        user_id         INTEGER NOT NULL,         -- whose photo; kept when the target is removed
        kind            TEXT NOT NULL CHECK (kind IN ('profile', 'personal', 'fallback')),
        access_hash     TEXT NOT NULL,            -- int64 as decimal text; needed to download
        file_reference  BLOB NOT NULL,            -- refreshed on FILE_REFERENCE_EXPIRED
        date            INTEGER NOT NULL,         -- unix seconds the photo was set
        dc_id           INTEGER NOT NULL,         -- where its files live
        has_video       INTEGER NOT NULL DEFAULT 0 CHECK (has_video IN (0, 1)),
        video_start_ts  REAL,
        emoji_markup    TEXT,                     -- JSON of videoSizeEmojiMarkup / StickerMarkup
        stripped        BLOB,                     -- the 'i' placeholder bytes, as Telegram sends them
        wanted          TEXT NOT NULL,            -- JSON: the sizes to download [{type,w,h,size,mime}]
        files_complete  INTEGER NOT NULL DEFAULT 0 CHECK (files_complete IN (0, 1)),
        first_seen      INTEGER NOT NULL,         -- unix ms
        last_seen       INTEGER NOT NULL,
        removed_at      INTEGER,                  -- gone from a complete, non-empty listing
        hidden_since    INTEGER,                  -- the history became invisible to us (privacy, block)
        observed_by     INTEGER                   -- account that saw it
      ) STRICT;
      CREATE INDEX photos_by_user ON photos(user_id, kind, id DESC);
      CREATE INDEX photos_pending ON photos(files_complete) WHERE files_complete = 0;

      CREATE TABLE files (
        photo_id       INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        size_type      TEXT NOT NULL,             -- 'c', 'a', 'u', 'w', ...
        width          INTEGER NOT NULL,
        height         INTEGER NOT NULL,
        bytes          INTEGER NOT NULL,
        sha256         TEXT NOT NULL,
        mime           TEXT NOT NULL,
        path           TEXT NOT NULL,             -- relative to the archive: media/ab/<sha256>.jpg
        downloaded_at  INTEGER NOT NULL,
        PRIMARY KEY (photo_id, size_type)
      ) STRICT;
      CREATE INDEX files_by_sha ON files(sha256);

      CREATE TABLE sync_state (
        user_id            INTEGER PRIMARY KEY,
        status             TEXT NOT NULL DEFAULT 'active'
                           CHECK (status IN ('active', 'deleted', 'bot', 'inaccessible')),
        current_photo_id   INTEGER,               -- User.photo.photo_id at the last check
        newest_photo_id    INTEGER,               -- newest profile photo listed so far
        backfill_cursor    INTEGER,               -- max_id of the next older page; NULL: from the top
        history_complete   INTEGER NOT NULL DEFAULT 0 CHECK (history_complete IN (0, 1)),
        hidden_since       INTEGER,               -- the listing came back empty while photos were known
        last_check_at      INTEGER,
        last_deep_scan_at  INTEGER,
        last_full_user_at  INTEGER,
        last_error         TEXT,
        updated_at         INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at         INTEGER NOT NULL,
        finished_at        INTEGER,
        status             TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed', 'interrupted')),
        pid                INTEGER NOT NULL,
        targets_total      INTEGER NOT NULL DEFAULT 0,
        targets_done       INTEGER NOT NULL DEFAULT 0,
        photos_found       INTEGER NOT NULL DEFAULT 0,
        photos_removed     INTEGER NOT NULL DEFAULT 0,
        files_downloaded   INTEGER NOT NULL DEFAULT 0,
        bytes_downloaded   INTEGER NOT NULL DEFAULT 0,
        flood_waits        INTEGER NOT NULL DEFAULT 0,
        flood_wait_seconds INTEGER NOT NULL DEFAULT 0,
        errors             INTEGER NOT NULL DEFAULT 0,
        requests           TEXT NOT NULL DEFAULT '{}',  -- JSON: method -> count
        error              TEXT
      ) STRICT;

      CREATE TABLE user_snapshots (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id     INTEGER NOT NULL,
        seen_at     INTEGER NOT NULL,
        first_name  TEXT NOT NULL,
        last_name   TEXT NOT NULL,
        username    TEXT,
        bio         TEXT,                         -- NULL: not fetched yet
        deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX user_snapshots_by_user ON user_snapshots(user_id, id DESC);
    `);
  },
};
