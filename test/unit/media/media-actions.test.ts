import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserFacingError } from '../../../main/core/api/app-error.js';
import { mediaActionHandlers } from '../../../main/core/api/handlers/media-actions.js';
import { GalleryRepo } from '../../../main/core/archive/gallery-repo.js';
import type { DesktopActions } from '../../../main/core/media/desktop-actions.js';
import { archiveFixture, type ArchiveFixture } from './archive-fixture.js';
import { samplePhoto } from './sample-photos.js';

let fixture: ArchiveFixture;
afterEach(() => fixture?.cleanup());

function recordingDesktop(saveAnswer: boolean): { desktop: DesktopActions; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    desktop: {
      showInFolder: async (file) => void calls.push(['show', file]),
      copyImage: async (file) => void calls.push(['copy', file]),
      saveAs: async (file, name) => {
        calls.push(['save', file, name]);
        return saveAnswer;
      },
    },
  };
}

describe('show in folder, copy image, save as', () => {
  it('hands the desktop the archived file: the MP4 of a video avatar to show and save, its still to copy', async () => {
    fixture = archiveFixture();
    const still = fixture.addPhoto({ id: 42n, userId: 7, date: 1_700_000_000, hasVideo: true }, samplePhoto('camera'), Buffer.from('mp4 bytes'))!;
    const { desktop, calls } = recordingDesktop(false);
    const handlers = mediaActionHandlers(new GalleryRepo(fixture.archive.db), fixture.archive.dir, desktop);
    await expect(handlers['media.showInFolder']({ photoId: '42' })).resolves.toEqual({ done: true });
    await expect(handlers['media.copyImage']({ photoId: '42' })).resolves.toEqual({ done: true });
    await expect(handlers['media.saveAs']({ photoId: '42' })).resolves.toEqual({ done: false }); // cancelled
    expect(calls[0]![1]).toMatch(/\.mp4$/);
    expect(calls[1]).toEqual(['copy', path.join(fixture.archive.dir, 'media', still.slice(0, 2), `${still}.jpg`)]);
    expect(calls[2]![2]).toBe('7-2023-11-14-42.mp4');
  });

  it('says why it cannot: no desktop, an unknown photo, a file gone from the disk', async () => {
    fixture = archiveFixture();
    const gallery = new GalleryRepo(fixture.archive.db);
    const reject = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as UserFacingError);
    expect(await reject(mediaActionHandlers(gallery, fixture.archive.dir, undefined)['media.copyImage']({ photoId: '1' }))).toMatchObject({ code: 'UNSUPPORTED' });
    const handlers = mediaActionHandlers(gallery, fixture.archive.dir, recordingDesktop(true).desktop);
    expect(await reject(handlers['media.copyImage']({ photoId: '1' }))).toMatchObject({ code: 'NOT_FOUND' });
    fixture.addPhoto({ id: 2n, userId: 7 }, null);
    expect(await reject(handlers['media.copyImage']({ photoId: '2' }))).toMatchObject({ code: 'NOT_DOWNLOADED' });
    const sha = fixture.addPhoto({ id: 3n, userId: 7 }, samplePhoto('coffee'))!;
    rmSync(path.join(fixture.archive.dir, 'media', sha.slice(0, 2), `${sha}.jpg`));
    expect(await reject(handlers['media.saveAs']({ photoId: '3' }))).toMatchObject({ code: 'FILE_MISSING' });
  });
});
