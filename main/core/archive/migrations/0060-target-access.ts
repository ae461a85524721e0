import type { Migration } from './types.js';

/**
 * Which accounts can see each target, with the access hash each of them holds (access hashes
 * are per account). targets.account_id stays the account a target is archived through; these
 * rows let the engine move a target to another account when that one is logged out or revoked,
 * and fetch what only another account sees (the personal photo it set for the contact).
 * Removing a target removes its rows; so does removing an account.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'target-access',
  up(db) {
    db.exec(`
      CREATE TABLE target_access (
        user_id      INTEGER NOT NULL REFERENCES targets(user_id) ON DELETE CASCADE,
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        access_hash  TEXT,                 -- valid for account_id only
        seen_at      INTEGER NOT NULL,     -- unix ms this account last resolved the target
        PRIMARY KEY (user_id, account_id)
      ) STRICT;
      CREATE INDEX target_access_by_account ON target_access(account_id);
      INSERT INTO target_access (user_id, account_id, access_hash, seen_at)
        SELECT user_id, account_id, access_hash, added_at FROM targets WHERE account_id IS NOT NULL;
    `);
  },
};
