import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchive, type Archive } from '../../../main/core/archive/archive.js';
import { FilesRepo } from '../../../main/core/archive/files-repo.js';
import { PhotosRepo, type PhotoKind, type PhotoRecord } from '../../../main/core/archive/photos-repo.js';

/** A real archive in a temp folder, with photos and their files put in place the way the download engine does. */
export interface ArchiveFixture {
  readonly archive: Archive;
  readonly photos: PhotosRepo;
  readonly files: FilesRepo;
  /** Stores `bytes` as the still of a new photo; returns its file's hash. */
  addPhoto(photo: Partial<PhotoRecord> & { id: bigint; userId: number }, still: Buffer | null, video?: Buffer): string | null;
  cleanup(): void;
}

export function archiveFixture(): ArchiveFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-archive-'));
  const archive = openArchive(dir);
  const photos = new PhotosRepo(archive.db);
  const files = new FilesRepo(archive.db);
  const put = (photoId: bigint, type: string, bytes: Buffer, mime: 'image/jpeg' | 'video/mp4'): string => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const relative = `media/${sha256.slice(0, 2)}/${sha256}.${mime === 'video/mp4' ? 'mp4' : 'jpg'}`;
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), bytes);
    files.record({ photoId, sizeType: type, width: 640, height: 640, bytes: bytes.length, sha256, mime, path: relative, downloadedAt: 1 });
    return sha256;
  };
  return {
    archive,
    photos,
    files,
    addPhoto(photo, still, video) {
      const wanted = [
        ...(still ? [{ type: 'c', w: 640, h: 640, size: still.length, mime: 'image/jpeg' as const }] : []),
        ...(video ? [{ type: 'u', w: 800, h: 800, size: video.length, mime: 'video/mp4' as const }] : []),
      ];
      const record: PhotoRecord = {
        kind: 'profile' as PhotoKind,
        accessHash: 1n,
        fileReference: new Uint8Array([1]),
        date: 1_700_000_000,
        dcId: 2,
        hasVideo: video !== undefined,
        videoStartTs: video ? 1.5 : null,
        emojiMarkup: null,
        stripped: null,
        wanted,
        ...photo,
      };
      photos.upsert([record], 1_700_000_000_000, null);
      const sha = still ? put(photo.id, 'c', still, 'image/jpeg') : null;
      if (video) put(photo.id, 'u', video, 'video/mp4');
      return sha;
    },
    cleanup() {
      archive.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
