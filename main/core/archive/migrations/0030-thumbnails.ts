import type { Migration } from './types.js';

/**
 * Thumbnails, keyed by the content hash of the source file (identical bytes are
 * thumbnailed once, whichever photos share them): where the grid thumbnail and the
 * viewer preview are, the picture's real dimensions, a thumbhash placeholder, or
 * the error that stopped it. A file with no row here is a thumbnail job.
 * Plus the indexes the gallery pages by: newest first by date, then id.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'thumbnails',
  up(db) {
    db.exec(`
      CREATE TABLE thumbnails (
        sha256        TEXT PRIMARY KEY,           -- files.sha256 of the source
        status        TEXT NOT NULL CHECK (status IN ('done', 'failed')),
        grid_path     TEXT,                       -- relative to the archive: thumbs/ab/<sha256>-grid.webp
        preview_path  TEXT,                       -- thumbs/ab/<sha256>-preview.webp
        width         INTEGER,                    -- of the picture as shown (EXIF orientation applied)
        height        INTEGER,
        thumbhash     BLOB,
        error         TEXT,                       -- why it failed, for a person to read
        made_at       INTEGER NOT NULL            -- unix ms
      ) STRICT;
      CREATE INDEX photos_by_date ON photos(date DESC, id DESC);
      CREATE INDEX photos_by_user_date ON photos(user_id, date DESC, id DESC);
    `);
  },
};
