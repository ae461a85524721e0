/**
 * The command line, parsed with util.parseArgs. Pure: argv in, a command out
 * (or a usage error); nothing here touches the archive or the network.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseTargetQuery } from '../core/sync/target-query.js';
import { CliError, EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { EXPORT_USAGE, parseExport, type ExportCommand } from './export-args.js';

export interface GlobalOptions {
  readonly archive: string | undefined;
  readonly configDir: string | undefined;
  readonly serverProfile: string | undefined;
  readonly apiId: string | undefined;
  readonly apiHash: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'login'; readonly phone?: string; readonly code?: string; readonly password?: string; readonly qr?: boolean }
  | { readonly name: 'logout'; readonly account?: number }
  | { readonly name: 'targets.add'; readonly queries: readonly string[]; readonly from?: 'contacts' | 'dialogs'; readonly all: boolean; readonly account?: number }
  | { readonly name: 'targets.list' }
  | { readonly name: 'targets.candidates'; readonly from: 'contacts' | 'dialogs' }
  | { readonly name: 'targets.remove'; readonly who: readonly string[]; readonly purge: boolean }
  | { readonly name: 'targets.pause' | 'targets.resume'; readonly who: readonly string[] }
  | { readonly name: 'sync'; readonly once: boolean; readonly users: readonly string[]; readonly deep: boolean; readonly intervalMinutes: number }
  | { readonly name: 'sync.watch'; readonly intervalMinutes?: number }
  | { readonly name: 'status' }
  | { readonly name: 'verify'; readonly heal: boolean }
  | { readonly name: 'backup'; readonly to?: string }
  | ExportCommand;

export interface ParsedCommandLine {
  readonly global: GlobalOptions;
  readonly command: Command;
}

export const USAGE = `Photo Archiver for Telegram, headless.

usage: npm run cli -- <command> [options]

commands:
  login [--phone P] [--code C] [--password PW]   log in (asks on a terminal for what is missing; the code and
                                                  password also come from $TG_LOGIN_CODE / $TG_LOGIN_PASSWORD)
  login --qr [--password PW]                      log in by scanning a QR code shown in the terminal
  logout [--account ID]
  targets add <@name|t.me link|phone|id>... [--account ID]
                                                  archive these people (seen through that account; default the first)
  targets add --from contacts|dialogs [--all]     list contacts or private chats (--all adds them all)
  targets list
  targets remove <id|@name>... [--purge]          stop archiving (--purge also deletes their photos)
  targets pause|resume <id|@name>...
  sync --once [--user @name]... [--deep]          one run, then exit
  sync [--interval MIN]                           run every MIN minutes (default 60) until Ctrl-C
  sync --watch [--interval MIN]                   the background schedule as a daemon (the app's settings:
                                                  interval, per-person schedules, daily budget; --interval
                                                  overrides the interval); stops cleanly on SIGTERM or Ctrl-C
  status                                          accounts, runs, and each person's counts (also of a run in another process)
  verify [--check-only]                           re-hash every file against the archive, check the database, and
                                                  fetch damaged or missing files again (not with --check-only)
  backup [--to FILE]                              a consistent copy of archive.db, also while a sync runs
                                                  (default: backups/ in the archive folder)
${EXPORT_USAGE}

options:
  --archive DIR          the archive folder (default $TG_ARCHIVE_DIR or ~/Telegram Photo Archive)
  --config-dir DIR       where the CLI keeps its login (default $PHOTO_ARCHIVER_CONFIG or ~/.config/photo-archiver)
  --server-profile FILE  data-center addresses and keys (default $TG_SERVER_PROFILE or Telegram's own)
  --api-id N --api-hash H  Telegram API credentials from my.telegram.org (saved in the archive's settings;
                         the hash also from $TG_API_HASH)
  A secret flag given as - (--api-hash -, --code -, --password -) reads the next line of standard input:
  flags are visible to other users in ps, the environment and standard input are not.
  --json                 machine-readable output on stdout
  --quiet                no progress output
  --help

${EXIT_CODE_HELP}`;

const options = {
  archive: { type: 'string' },
  'config-dir': { type: 'string' },
  'server-profile': { type: 'string' },
  'api-id': { type: 'string' },
  'api-hash': { type: 'string' },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  phone: { type: 'string' },
  code: { type: 'string' },
  password: { type: 'string' },
  account: { type: 'string' },
  from: { type: 'string' },
  all: { type: 'boolean', default: false },
  purge: { type: 'boolean', default: false },
  once: { type: 'boolean', default: false },
  user: { type: 'string', multiple: true },
  deep: { type: 'boolean', default: false },
  interval: { type: 'string' },
  watch: { type: 'boolean', default: false },
  qr: { type: 'boolean', default: false },
  profile: { type: 'string' },
  to: { type: 'string' },
  template: { type: 'string' },
  mode: { type: 'string' },
  'time-zone': { type: 'string' },
  'no-metadata': { type: 'boolean' },
  sidecars: { type: 'boolean' },
  'omit-removed': { type: 'boolean' },
  auto: { type: 'boolean' },
  'check-only': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

const usage = (message: string): CliError => new CliError(EXIT.USAGE, `${message}\nRun with --help for usage.`, 'USAGE');

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const v = parsed.values;
  const global: GlobalOptions = {
    archive: v.archive,
    configDir: v['config-dir'],
    serverProfile: v['server-profile'],
    apiId: v['api-id'],
    apiHash: v['api-hash'],
    json: v.json,
    quiet: v.quiet,
  };
  const [verb, ...rest] = parsed.positionals;
  if (v.help || verb === undefined || verb === 'help') return { global, command: { name: 'help' } };

  const from = (): 'contacts' | 'dialogs' | undefined => {
    if (v.from === undefined) return undefined;
    if (v.from !== 'contacts' && v.from !== 'dialogs') throw usage('--from takes contacts or dialogs');
    return v.from;
  };
  const accountOption = (): number | undefined => {
    const account = v.account === undefined ? undefined : Number(v.account);
    if (account !== undefined && !(Number.isSafeInteger(account) && account > 0)) throw usage('--account takes a user id');
    return account;
  };
  const noMore = (args: readonly string[]): void => {
    if (args.length) throw usage(`unexpected argument "${args[0]}"`);
  };

  switch (verb) {
    case 'login':
      noMore(rest);
      if (v.qr && (v.phone !== undefined || v.code !== undefined)) throw usage('login --qr takes no --phone or --code');
      return {
        global,
        command: { name: 'login', ...(v.qr ? { qr: true } : {}), ...(v.phone !== undefined ? { phone: v.phone } : {}), ...(v.code !== undefined ? { code: v.code } : {}), ...(v.password !== undefined ? { password: v.password } : {}) },
      };
    case 'logout': {
      noMore(rest);
      const account = accountOption();
      return { global, command: { name: 'logout', ...(account !== undefined ? { account } : {}) } };
    }
    case 'targets': {
      const [sub, ...args] = rest;
      switch (sub) {
        case 'add': {
          const source = from();
          if (!source && args.length === 0) throw usage('targets add needs a @username, t.me link, phone number or user id, or --from contacts|dialogs');
          // Checked here, before anything is sent: a malformed name costs no lookup and no partial add.
          for (const query of args) {
            const parsed = parseTargetQuery(query);
            if (parsed.kind === 'invalid') throw usage(parsed.reason);
          }
          const account = accountOption();
          return { global, command: { name: 'targets.add', queries: args, ...(source ? { from: source } : {}), all: v.all, ...(account !== undefined ? { account } : {}) } };
        }
        case 'list':
          noMore(args);
          return { global, command: { name: 'targets.list' } };
        case 'candidates':
          noMore(args);
          return { global, command: { name: 'targets.candidates', from: from() ?? 'contacts' } };
        case 'remove':
          if (!args.length) throw usage('targets remove needs a user id or @username');
          return { global, command: { name: 'targets.remove', who: args, purge: v.purge } };
        case 'pause':
        case 'resume':
          if (!args.length) throw usage(`targets ${sub} needs a user id or @username`);
          return { global, command: { name: sub === 'pause' ? 'targets.pause' : 'targets.resume', who: args } };
        default:
          throw usage(sub ? `unknown targets command "${sub}"` : 'targets needs add, list, remove, pause or resume');
      }
    }
    case 'sync': {
      noMore(rest);
      const interval = v.interval === undefined ? 60 : Number(v.interval);
      if (!(interval > 0 && interval <= 7 * 24 * 60)) throw usage('--interval takes minutes (1 to 10080)');
      if (v.watch) {
        if (v.once || v.user || v.deep) throw usage('sync --watch follows the schedule: it takes no --once, --user or --deep');
        return { global, command: { name: 'sync.watch', ...(v.interval !== undefined ? { intervalMinutes: interval } : {}) } };
      }
      return { global, command: { name: 'sync', once: v.once, users: v.user ?? [], deep: v.deep, intervalMinutes: interval } };
    }
    case 'status':
      noMore(rest);
      return { global, command: { name: 'status' } };
    case 'export':
      return { global, command: parseExport(rest, v) };
    case 'verify':
      noMore(rest);
      return { global, command: { name: 'verify', heal: !v['check-only'] } };
    case 'backup':
      noMore(rest);
      return { global, command: { name: 'backup', ...(v.to !== undefined ? { to: v.to } : {}) } };
    default:
      throw usage(`unknown command "${verb}"`);
  }
}
