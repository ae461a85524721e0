/**
 * The headless command line over the same core as the app:
 *
 *   npm run cli -- login --phone +15550001000
 *   npm run cli -- targets add @alice t.me/bob +15550005003
 *   npm run cli -- sync --once
 *   npm run cli -- status --json
 *
 * See `npm run cli -- --help` for options and exit codes (main/cli/exit-codes.ts).
 * Ctrl-C stops a sync cleanly: what is downloaded is kept, the next run resumes.
 */
import { parseCommandLine, USAGE, type Command } from './cli/args.js';
import { exportCommand } from './cli/commands/export.js';
import { backupCommand, verifyCommand } from './cli/commands/archive.js';
import { loginCommand, logoutCommand } from './cli/commands/login.js';
import { statusCommand, syncCommand, type Interrupt } from './cli/commands/sync.js';
import { watchCommand } from './cli/commands/watch.js';
import { loginQrCommand } from './cli/commands/login-qr.js';
import { targetsAdd, targetsList, targetsPause, targetsRemove } from './cli/commands/targets.js';
import { openContext, type CliContext } from './cli/context.js';
import { CliError, EXIT } from './cli/exit-codes.js';
import { createOutput, type Output } from './cli/output.js';

function interruptHandling(out: () => Output | null): Interrupt {
  const listeners = new Set<() => void>();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      out()?.error('Quitting at once. Nothing is lost: the next run cleans up and resumes.');
      process.exit(EXIT.INTERRUPTED);
    }
    interrupted = true;
    if (listeners.size === 0) process.exit(EXIT.INTERRUPTED);
    for (const listener of [...listeners]) listener();
    void signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get interrupted() {
      return interrupted;
    },
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function run(ctx: CliContext, out: Output, command: Exclude<Command, { name: 'help' }>, interrupt: Interrupt): Promise<number> {
  switch (command.name) {
    case 'login':
      if (command.qr) return loginQrCommand(ctx, out, withDefined('password', command.password ?? process.env['TG_LOGIN_PASSWORD']));
      // Secrets from the environment keep them out of `ps`; a flag still wins.
      return loginCommand(ctx, out, {
        ...(command.phone !== undefined ? { phone: command.phone } : {}),
        ...withDefined('code', command.code ?? process.env['TG_LOGIN_CODE']),
        ...withDefined('password', command.password ?? process.env['TG_LOGIN_PASSWORD']),
      });
    case 'logout':
      return logoutCommand(ctx, out, command.account);
    case 'targets.add':
      return targetsAdd(ctx, out, command);
    case 'targets.candidates':
      return targetsAdd(ctx, out, { queries: [], from: command.from, all: false });
    case 'targets.list':
      return targetsList(ctx, out);
    case 'targets.remove':
      return targetsRemove(ctx, out, command.who, command.purge);
    case 'targets.pause':
    case 'targets.resume':
      return targetsPause(ctx, out, command.who, command.name === 'targets.pause');
    case 'sync':
      return syncCommand(ctx, out, interrupt, command);
    case 'sync.watch':
      return watchCommand(ctx, out, interrupt, command);
    case 'status':
      return statusCommand(ctx, out);
    case 'export.run':
    case 'export.profiles.list':
    case 'export.profiles.add':
    case 'export.profiles.remove':
      return exportCommand(ctx, out, interrupt, command);
    case 'verify':
      return verifyCommand(ctx, out, command.heal);
    case 'backup':
      return backupCommand(ctx, out, command.to);
  }
}

/** Commands that may start a new archive; the others refuse a path with none (status never creates one). */
const CREATES_ARCHIVE: ReadonlySet<Command['name']> = new Set(['login', 'targets.add', 'targets.candidates']);

const withDefined = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  (value === undefined || value === '' ? {} : { [key]: value }) as Partial<Record<K, string>>;

async function main(argv: readonly string[]): Promise<number> {
  let out: Output | null = null;
  let ctx: CliContext | null = null;
  const interrupt = interruptHandling(() => out);
  try {
    const { global, command } = parseCommandLine(argv);
    out = createOutput({ json: global.json, quiet: global.quiet, stdout: process.stdout, stderr: process.stderr });
    if (command.name === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.OK;
    }
    ctx = await openContext(global, process.env, { existing: !CREATES_ARCHIVE.has(command.name) });
    return await run(ctx, out, command, interrupt);
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError(EXIT.FAILURE, (error as Error)?.message ?? String(error), (error as { code?: string })?.code ?? 'ERROR');
    // A command line that did not parse still answers in JSON when --json was asked for.
    out ??= createOutput({ json: argv.includes('--json'), quiet: false, stdout: process.stdout, stderr: process.stderr });
    if (out.json) out.result({ error: { code: failure.code, message: failure.message } }, '', false);
    else out.error(failure.message);
    return failure.exitCode;
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // GramJS keeps timers (pings, reconnects) alive; once closed, nothing is left to wait for.
  setTimeout(() => process.exit(code), 200).unref();
});

