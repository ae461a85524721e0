import fs from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../../../../preload/contract.js';
import type { GalleryRepo } from '../../archive/gallery-repo.js';
import type { DesktopActions } from '../../media/desktop-actions.js';
import { UserFacingError } from '../app-error.js';

type MediaActionHandlers = Pick<Handlers, 'media.showInFolder' | 'media.copyImage' | 'media.saveAs'>;

/** Show in folder, copy image and save as, on the archived file of a photo (the MP4 for a video avatar, where that makes sense). */
export function mediaActionHandlers(gallery: GalleryRepo, archiveDir: string, desktop: DesktopActions | undefined): MediaActionHandlers {
  const fileOf = async (photoId: string, prefer: 'still' | 'original'): Promise<{ file: string; name: string }> => {
    if (!desktop) throw new UserFacingError('UNSUPPORTED', 'This needs the desktop app.');
    const [row] = gallery.byIds([BigInt(photoId)]);
    if (!row) throw new UserFacingError('NOT_FOUND', 'This photo is no longer in the archive.');
    const relative = prefer === 'original' ? (row.videoPath ?? row.stillPath) : row.stillPath;
    if (!relative) throw new UserFacingError('NOT_DOWNLOADED', 'This photo has not been downloaded yet.');
    const file = path.join(archiveDir, ...relative.split('/'));
    await fs.access(file).catch(() => {
      throw new UserFacingError('FILE_MISSING', `The archived file is missing from ${path.dirname(file)}.`);
    });
    const when = new Date(row.date * 1000).toISOString().slice(0, 10);
    return { file, name: `${row.userId}-${when}-${row.id}${path.extname(relative)}` };
  };
  return {
    'media.showInFolder': async ({ photoId }) => {
      const { file } = await fileOf(photoId, 'original');
      await desktop!.showInFolder(file);
      return { done: true };
    },
    'media.copyImage': async ({ photoId }) => {
      const { file } = await fileOf(photoId, 'still');
      await desktop!.copyImage(file);
      return { done: true };
    },
    'media.saveAs': async ({ photoId }) => {
      const { file, name } = await fileOf(photoId, 'original');
      return { done: await desktop!.saveAs(file, name) };
    },
  };
}
