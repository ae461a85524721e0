/**
 * `export` on the command line, parsed (pure, like args.ts):
 *
 *   export --profile NAME                       run a saved profile
 *   export --to DIR [--template T] [settings]   run into DIR (a profile named for DIR is saved, so re-runs are incremental)
 *   export --all                                run every saved profile
 *   export profiles list
 *   export profiles add NAME --to DIR [--template T] [settings]
 *   export profiles remove NAME
 *
 * settings: --mode copy|hardlink|reflink, --time-zone ZONE, --no-metadata, --sidecars,
 * --omit-removed, --auto (run after each archive run).
 */
import { CliError, EXIT } from './exit-codes.js';

export interface ExportFlags {
  readonly profile?: string | undefined;
  readonly to?: string | undefined;
  readonly template?: string | undefined;
  readonly mode?: string | undefined;
  readonly 'time-zone'?: string | undefined;
  readonly 'no-metadata'?: boolean | undefined;
  readonly sidecars?: boolean | undefined;
  readonly 'omit-removed'?: boolean | undefined;
  readonly auto?: boolean | undefined;
  readonly all?: boolean | undefined;
}

/** What the flags say of a profile's settings; unset ones keep the defaults (or, on a saved profile, its values). */
export interface ExportSettingFlags {
  readonly template?: string;
  readonly mode?: 'copy' | 'hardlink' | 'reflink';
  readonly timeZone?: string;
  readonly writeMetadata?: boolean;
  readonly sidecars?: boolean;
  readonly omitRemoved?: boolean;
  readonly autoExport?: boolean;
}

export type ExportCommand =
  | { readonly name: 'export.run'; readonly profile?: string; readonly to?: string; readonly all: boolean; readonly settings: ExportSettingFlags }
  | { readonly name: 'export.profiles.list' }
  | { readonly name: 'export.profiles.add'; readonly profile: string; readonly to: string; readonly settings: ExportSettingFlags }
  | { readonly name: 'export.profiles.remove'; readonly profile: string };

export const EXPORT_USAGE = `  export --profile NAME                           run a saved export profile (new and changed files only)
  export --to DIR [--template T] [settings]       export into DIR (saved as a profile named for the folder)
  export --all                                    run every saved profile
  export profiles list | remove NAME
  export profiles add NAME --to DIR [--template T] [settings]
      settings: --mode copy|hardlink|reflink  --time-zone ZONE  --no-metadata  --sidecars  --omit-removed
                --auto (export after each archive run)
      templates: {person_now} ({user_id})/{date:%Y}/{date}_{kind}_{photo_id} (the default); fields:
                user_id person username first_name last_name name (as when the photo was set),
                person_now username_now first_name_now last_name_now name_now, photo_id,
                date first_seen (with :strftime format), kind media size removed ext`;

const usage = (message: string): CliError => new CliError(EXIT.USAGE, `${message}\nRun with --help for usage.`, 'USAGE');

function settingFlags(v: ExportFlags): ExportSettingFlags {
  if (v.mode !== undefined && !['copy', 'hardlink', 'reflink'].includes(v.mode)) throw usage('--mode takes copy, hardlink or reflink');
  return {
    ...(v.template !== undefined ? { template: v.template } : {}),
    ...(v.mode !== undefined ? { mode: v.mode as 'copy' | 'hardlink' | 'reflink' } : {}),
    ...(v['time-zone'] !== undefined ? { timeZone: v['time-zone'] } : {}),
    ...(v['no-metadata'] ? { writeMetadata: false } : {}),
    ...(v.sidecars ? { sidecars: true } : {}),
    ...(v['omit-removed'] ? { omitRemoved: true } : {}),
    ...(v.auto ? { autoExport: true } : {}),
  };
}

export function parseExport(args: readonly string[], v: ExportFlags): ExportCommand {
  const [sub, action, ...more] = args;
  if (sub === undefined) {
    const chosen = [v.profile !== undefined, v.to !== undefined, v.all === true].filter(Boolean).length;
    if (chosen !== 1) throw usage('export needs one of --profile NAME, --to DIR or --all');
    return {
      name: 'export.run',
      ...(v.profile !== undefined ? { profile: v.profile } : {}),
      ...(v.to !== undefined ? { to: v.to } : {}),
      all: v.all === true,
      settings: settingFlags(v),
    };
  }
  if (sub !== 'profiles') throw usage(`unknown export command "${sub}"`);
  switch (action) {
    case 'list':
      if (more.length) throw usage(`unexpected argument "${more[0]}"`);
      return { name: 'export.profiles.list' };
    case 'add': {
      const [profile, ...rest] = more;
      if (!profile || rest.length) throw usage('export profiles add takes one NAME (quote it if it has spaces)');
      if (v.to === undefined) throw usage('export profiles add needs --to DIR');
      return { name: 'export.profiles.add', profile, to: v.to, settings: settingFlags(v) };
    }
    case 'remove': {
      const [profile, ...rest] = more;
      if (!profile || rest.length) throw usage('export profiles remove takes one NAME');
      return { name: 'export.profiles.remove', profile };
    }
    default:
      throw usage('export profiles needs list, add or remove');
  }
}
