import { migration0010 } from './0010-init.js';
import { migration0015 } from './0015-flood-waits.js';
import { migration0020 } from './0020-photo-archive.js';
import { migration0030 } from './0030-thumbnails.js';
import { migration0040 } from './0040-export.js';
import { migration0060 } from './0060-target-access.js';
import { migration0070 } from './0070-export-files-path-index.js';
import type { Migration } from './types.js';

/** Every schema step, oldest first. The schema is whatever these produce. */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0015, migration0020, migration0030, migration0040, migration0060, migration0070];
