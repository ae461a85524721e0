import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../main/cli/args.js';
import { CliError, EXIT } from '../../../main/cli/exit-codes.js';
import { progressLine } from '../../../main/cli/output.js';

describe('CLI command line', () => {
  it('parses commands with global options anywhere', () => {
    expect(parseCommandLine(['sync', '--once', '--user', '@a', '--user', '5001', '--archive', '/x', '--json'])).toEqual({
      global: { archive: '/x', configDir: undefined, serverProfile: undefined, apiId: undefined, apiHash: undefined, json: true, quiet: false },
      command: { name: 'sync', once: true, users: ['@a', '5001'], deep: false, intervalMinutes: 60 },
    });
    expect(parseCommandLine(['targets', 'add', '@alice', 't.me/bobby', '8006']).command).toEqual({ name: 'targets.add', queries: ['@alice', 't.me/bobby', '8006'], all: false });
    expect(parseCommandLine(['targets', 'add', '8006', '--account', '1001']).command).toEqual({ name: 'targets.add', queries: ['8006'], all: false, account: 1001 });
    expect(parseCommandLine(['targets', 'add', '--from', 'dialogs', '--all']).command).toEqual({ name: 'targets.add', queries: [], from: 'dialogs', all: true });
    expect(parseCommandLine(['targets', 'remove', '@a', '--purge']).command).toEqual({ name: 'targets.remove', who: ['@a'], purge: true });
    expect(parseCommandLine(['login', '--phone', '+1', '--code', '12345']).command).toEqual({ name: 'login', phone: '+1', code: '12345' });
    expect(parseCommandLine([]).command).toEqual({ name: 'help' });
  });

  it.each([[['frob']], [['sync', '--nope']], [['targets']], [['targets', 'add']], [['targets', 'add', '--from', 'x']], [['sync', '--interval', '0']], [['status', 'extra']], [['targets', 'add', '@abcd']], [['targets', 'add', '']], [['targets', 'add', 'x'.repeat(400)]], [['targets', 'add', '@alice', 'not a name!']], [['targets', 'add', '@alice', '--account', 'me']]])(
    '%j is a usage error (exit 2)',
    (argv) => {
      try {
        parseCommandLine(argv);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as CliError).exitCode).toBe(EXIT.USAGE);
      }
    },
  );

  it('describes progress in one line, with a flood wait countdown', () => {
    const line = progressLine(
      {
        runId: 1,
        state: 'running',
        phase: 'downloading',
        targetsDone: 3,
        targetsTotal: 5,
        photosFound: 40,
        photosRemoved: 0,
        filesDownloaded: 10,
        filesTotal: 44,
        bytesDownloaded: 2_500_000,
        lastPerson: 5001,
        errors: 0,
        floodWait: { method: 'upload.GetFile', until: 10_000 },
        etaSeconds: 75,
        startedAt: 0,
        error: null,
      },
      5_000,
    );
    expect(line).toBe('downloading · targets 3/5 · photos +40 · files 10/44 · 2.4 MB · Telegram asks to wait 5s (upload.GetFile) · ~1m15s left');
  });
});
