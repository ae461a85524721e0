import { describe, expect, it } from 'vitest';
import { archiveWriteError } from '../../../main/core/media/archive-write-error.js';
import { classifyDownloadError } from '../../../main/core/sync/download-errors.js';
import { TelegramRpcError } from '../../../main/core/telegram/caller.js';

const fsError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed, write`), { code });

describe('download failures', () => {
  it('stop the run when the archive folder takes no more writes, with a message a person can act on', () => {
    expect(classifyDownloadError(fsError('ENOSPC'))).toEqual({ kind: 'fatal' });
    expect(archiveWriteError(fsError('ENOSPC'))).toMatchObject({ code: 'ARCHIVE_ENOSPC', message: expect.stringMatching(/disk .* is full.*nothing downloaded so far is lost/) });
    expect(archiveWriteError(fsError('EROFS'))?.message).toMatch(/read-only/);
    expect(archiveWriteError(fsError('EACCES'))?.message).toMatch(/permissions/);
  });

  it('leave other errors to their own handling', () => {
    expect(archiveWriteError(fsError('ENOENT'))).toBeNull();
    expect(archiveWriteError(new Error('plain'))).toBeNull();
    expect(classifyDownloadError(new TelegramRpcError('upload.GetFile', 400, 'FILE_REFERENCE_EXPIRED'))).toEqual({ kind: 'refresh' });
    expect(classifyDownloadError(new TelegramRpcError('upload.GetFile', 303, 'FILE_MIGRATE_3'))).toEqual({ kind: 'migrate', dcId: 3 });
  });
});
