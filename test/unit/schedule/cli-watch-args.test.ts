import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../main/cli/args.js';
import { CliError, EXIT } from '../../../main/cli/exit-codes.js';
import { terminalQr } from '../../../main/cli/commands/login-qr.js';

describe('sync --watch and login --qr on the command line', () => {
  it('sync --watch follows the archive’s schedule unless --interval overrides it', () => {
    expect(parseCommandLine(['sync', '--watch']).command).toEqual({ name: 'sync.watch' });
    expect(parseCommandLine(['sync', '--watch', '--interval', '0.5', '--json']).command).toEqual({ name: 'sync.watch', intervalMinutes: 0.5 });
    expect(parseCommandLine(['login', '--qr', '--password', '-']).command).toEqual({ name: 'login', qr: true, password: '-' });
  });

  it.each([[['sync', '--watch', '--once']], [['sync', '--watch', '--user', '@a']], [['sync', '--watch', '--deep']], [['sync', '--watch', '--interval', '0']], [['login', '--qr', '--phone', '+1']]])(
    '%j is a usage error (exit 2)',
    (argv) => {
      expect(() => parseCommandLine(argv)).toThrow(CliError);
      try {
        parseCommandLine(argv);
      } catch (error) {
        expect((error as CliError).exitCode).toBe(EXIT.USAGE);
      }
    },
  );

  it('draws a QR code in half-height blocks that fits a terminal', async () => {
    const text = await terminalQr('tg://login?token=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA');
    const lines = text.trimEnd().split('\n');
    expect(text).toMatch(/[▀▄█]/);
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(Math.max(...lines.map((l) => stripVTControlCharacters(l).length))).toBeLessThanOrEqual(80);
  });
});
