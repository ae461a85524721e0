/**
 * File-system failures that stop every further write to the archive folder
 * (disk full, read-only, no permission). They end a run at once — retrying
 * each file would only fail the same way — with a message a person can act on;
 * files not yet written stay pending and the next run resumes.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  ENOSPC: 'The disk that holds the archive is full. Free some space, then archive again: nothing downloaded so far is lost.',
  EDQUOT: 'Your disk quota for the archive folder is used up. Free some space, then archive again: nothing downloaded so far is lost.',
  EROFS: 'The archive folder is on a read-only disk. Move the archive to a writable folder, then archive again.',
  EACCES: 'The app may not write to the archive folder. Check its permissions, then archive again.',
  EPERM: 'The app may not write to the archive folder. Check its permissions, then archive again.',
};

export class ArchiveWriteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveWriteError';
  }
}

/** The clear error for a file-system failure that blocks the archive folder, or null for anything else. */
export function archiveWriteError(error: unknown): ArchiveWriteError | null {
  if (error instanceof ArchiveWriteError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = typeof code === 'string' ? MESSAGES[code] : undefined;
  return message ? new ArchiveWriteError(`ARCHIVE_${code}`, message) : null;
}
