/**
 * Which archived files a profile exports, and what each is named and
 * described by. Pure: rows in, items out, oldest photo first.
 */
import type { ExportSettings } from '../../../preload/contract/export.js';
import type { ExportSourceRow, IdentityRow } from '../archive/export-repo.js';
import { namesAt, type NamedSnapshot } from './names-at.js';
import type { NameContext, PersonNames } from './template.js';

export interface ExportItem {
  readonly source: ExportSourceRow;
  readonly context: NameContext;
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'video/mp4': 'mp4', 'image/png': 'png', 'image/webp': 'webp' };

export function extensionOf(mime: string): string {
  return EXTENSIONS[mime] ?? 'bin';
}

export function isIncluded(row: Pick<ExportSourceRow, 'mime' | 'kind' | 'removedAt'>, include: ExportSettings['include']): boolean {
  const video = row.mime.startsWith('video/');
  if (video ? !include.videos : !include.stills) return false;
  if (!include[row.kind]) return false;
  return row.removedAt === null || include.removed === 'mark';
}

const NO_NAMES: PersonNames = { firstName: '', lastName: '', username: null };

export function selectItems(
  sources: readonly ExportSourceRow[],
  snapshots: readonly IdentityRow[],
  targets: readonly Omit<IdentityRow, 'seenAt'>[],
  include: ExportSettings['include'],
): ExportItem[] {
  const byUser = new Map<number, NamedSnapshot[]>();
  for (const s of snapshots) {
    const list = byUser.get(s.userId) ?? [];
    list.push(s);
    byUser.set(s.userId, list);
  }
  const targetNames = new Map(targets.map((t) => [t.userId, t]));
  // Each person's names now made once and shared by their items, like the snapshots namesAt returns (see indexEntry).
  const nowByUser = new Map<number, PersonNames>();
  const nowOf = (userId: number, history: readonly NamedSnapshot[]): PersonNames => {
    let now = nowByUser.get(userId);
    if (!now) {
      const n = history.at(-1) ?? targetNames.get(userId) ?? NO_NAMES;
      nowByUser.set(userId, (now = { firstName: n.firstName, lastName: n.lastName, username: n.username }));
    }
    return now;
  };
  return sources
    .filter((row) => isIncluded(row, include))
    .map((source) => {
      const history = byUser.get(source.userId) ?? [];
      const now = nowOf(source.userId, history);
      return {
        source,
        context: {
          userId: source.userId,
          photoId: source.photoId,
          date: source.date,
          firstSeen: source.firstSeen,
          kind: source.kind,
          media: source.mime.startsWith('video/') ? 'video' : 'still',
          sizeType: source.sizeType,
          removed: source.removedAt !== null,
          ext: extensionOf(source.mime),
          then: namesAt(history, source.date * 1000, now),
          now,
        },
      };
    });
}
