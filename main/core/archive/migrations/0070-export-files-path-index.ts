import type { Migration } from './types.js';

/**
 * Drops export_files_by_path. No query reads export_files by path: the
 * exporter loads a profile's records by its id (the primary key) and keeps the
 * names in use in memory, where it settles collisions. The unique index was a
 * second guard on that, paid on every record written: a fifth of the cost of
 * recording an export of thousands of hard links.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'export-files-path-index',
  up(db) {
    db.exec('DROP INDEX export_files_by_path;');
  },
};
