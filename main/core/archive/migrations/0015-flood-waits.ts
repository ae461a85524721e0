import type { Migration } from './types.js';

/**
 * FLOOD_WAIT deadlines per account and method, so a restart does not hammer a
 * method Telegram told us to leave alone (a wait can last hours).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'flood-waits',
  up(db) {
    db.exec(`
      CREATE TABLE flood_waits (
        account_id  INTEGER NOT NULL,      -- Telegram user id of the account (no FK: kept across logouts)
        method      TEXT NOT NULL,         -- e.g. 'photos.GetUserPhotos'
        until       INTEGER NOT NULL,      -- unix ms when the method may be called again
        seconds     INTEGER NOT NULL,      -- what Telegram asked for, for display and stats
        PRIMARY KEY (account_id, method)
      ) STRICT;
    `);
  },
};
