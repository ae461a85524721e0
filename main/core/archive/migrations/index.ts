import { migration0010 } from './0010-init.js';
import type { Migration } from './types.js';

/** Every schema step, oldest first. The schema is whatever these produce. */
export const MIGRATIONS: readonly Migration[] = [migration0010];
