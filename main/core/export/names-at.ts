/**
 * A person's names at a moment, from their identity snapshots (a row each time
 * name or username changed, in the order seen). Pure.
 */
import type { PersonNames } from './template.js';

export interface NamedSnapshot extends PersonNames {
  /** Unix ms the archive saw these names. */
  readonly seenAt: number;
}

/**
 * The names in force at `atMs`: the last snapshot seen at or before it. A photo
 * older than the archive's first look at the person gets the earliest names
 * known, which is the closest the archive can tell. The snapshot itself, not a
 * copy: a person's items share their names.
 */
export function namesAt(snapshots: readonly NamedSnapshot[], atMs: number, fallback: PersonNames): PersonNames {
  let found: NamedSnapshot | undefined;
  for (const snapshot of snapshots) {
    if (snapshot.seenAt <= atMs) found = snapshot;
    else break;
  }
  return found ?? snapshots[0] ?? fallback;
}
