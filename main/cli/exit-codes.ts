/**
 * Exit codes of `npm run cli`. Scripts can rely on these; they are also listed
 * in `--help`.
 */
export const EXIT = {
  /** Everything asked for was done. */
  OK: 0,
  /** An unexpected failure (details on stderr and in the log). */
  FAILURE: 1,
  /** The command line was wrong (unknown command or option, missing value). */
  USAGE: 2,
  /** No usable Telegram login: log in first (or again, after the session ended). */
  NEEDS_LOGIN: 3,
  /** The sync finished, but some targets or files failed; they are retried next time. */
  PARTIAL: 4,
  /** Another program is syncing this archive right now. */
  BUSY: 5,
  /** Telegram refused what was asked (unknown username, a bot, wrong code or password, ...). */
  REFUSED: 6,
  /** Nothing to do: no targets to archive (add some first). */
  NOTHING_TO_DO: 7,
  /** The archive cannot be used as it is: damaged (run verify, restore a backup), read-only, or in a newer format. */
  ARCHIVE_UNUSABLE: 8,
  /** Stopped by Ctrl-C / SIGINT / SIGTERM after saving everything done so far. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `exit codes:
  0    done
  1    unexpected failure
  2    usage error
  3    not logged in (or the session ended): run login
  4    sync finished with some failures (retried next run)
  5    another sync is running on this archive
  6    Telegram refused the request (unknown user, bot, wrong code, ...)
  7    nothing to do: no targets yet (targets add)
  8    the archive cannot be used: damaged, read-only or unreadable (the message says what to do)
  130  interrupted (Ctrl-C); everything done so far is kept`;

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly code: string = 'ERROR',
  ) {
    super(message);
  }
}
