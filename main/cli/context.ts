/**
 * What every CLI command runs on: a host over the archive folder, with the
 * login kept in a 0600 file in the user's config folder (the CLI has no system
 * keychain: the file is not encrypted, and the CLI says so), the server
 * profile and API credentials from options or the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARCHIVE_DB } from '../core/archive/archive.js';
import { tightenMode } from '../core/file-modes.js';
import { configureLogging } from '../core/log.js';
import { FileSecretStore, plainCipher } from '../core/secrets/file-secret-store.js';
import { parseServerProfile, type ServerProfile } from '../core/telegram/server-profile.js';
import { createHost, type Host } from '../host.js';
import type { GlobalOptions } from './args.js';
import { CliError, EXIT } from './exit-codes.js';
import { valueOrStdin } from './stdin-lines.js';

export interface CliContext {
  readonly host: Host;
  readonly archiveDir: string;
  readonly secretsFile: string;
  close(): Promise<void>;
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  if (env['PHOTO_ARCHIVER_CONFIG']) return env['PHOTO_ARCHIVER_CONFIG'];
  if (process.platform === 'win32') return path.join(env['APPDATA'] ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'photo-archiver');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'photo-archiver');
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'photo-archiver');
}

function loadProfile(file: string | undefined): ServerProfile | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(EXIT.USAGE, `Cannot read the server profile ${file}: ${(error as Error).message}`, 'USAGE');
  }
  try {
    return parseServerProfile(text);
  } catch (error) {
    throw new CliError(EXIT.USAGE, (error as Error).message, 'USAGE');
  }
}

/**
 * `existing`: the command only reads or changes an archive that is there (status, targets list, verify, ...):
 * a path with none is refused instead of creating an empty archive.
 */
export async function openContext(global: GlobalOptions, env: NodeJS.ProcessEnv, options: { existing?: boolean } = {}): Promise<CliContext> {
  const archiveDir = path.resolve(global.archive ?? env['TG_ARCHIVE_DIR'] ?? path.join(os.homedir(), 'Telegram Photo Archive'));
  if (options.existing && !fs.existsSync(path.join(archiveDir, ARCHIVE_DB))) {
    throw new CliError(EXIT.USAGE, `There is no archive at ${archiveDir}. Check --archive (or $TG_ARCHIVE_DIR); an archive is made by login or targets add.`, 'NO_ARCHIVE');
  }
  const configDir = path.resolve(global.configDir ?? defaultConfigDir(env));
  const secretsFile = path.join(configDir, 'cli-sessions.json');
  // The login and the logs live here: the folder is the user's alone before anything is written in it.
  try {
    fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
    tightenMode(configDir, 0o700);
  } catch (error) {
    throw new CliError(EXIT.USAGE, `Cannot create the config folder ${configDir}: ${(error as Error).message}`, 'USAGE');
  }
  configureLogging({ dir: path.join(configDir, 'logs'), console: false, level: 'info' });
  const serverProfile = loadProfile(global.serverProfile ?? env['TG_SERVER_PROFILE']);
  const apiId = global.apiId ?? env['TG_API_ID'];
  const givenHash = global.apiHash ?? env['TG_API_HASH'];
  const apiHash = givenHash === undefined ? undefined : await valueOrStdin(givenHash, '--api-hash');

  let host: Host;
  try {
    host = createHost({
      archiveDir,
      secrets: new FileSecretStore(secretsFile, plainCipher),
      appVersion: env['npm_package_version'] ?? '0.1.0',
      platform: process.platform,
      ...(serverProfile ? { serverProfile } : {}),
      telegramClientOptions: { logLevel: 'none' },
      // Runs from cron go at full speed; the app makes the thumbnails when it next opens the archive.
      makeThumbnails: false,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const archiveProblem = typeof code === 'string' && code.startsWith('ARCHIVE_');
    throw new CliError(archiveProblem ? EXIT.ARCHIVE_UNUSABLE : EXIT.FAILURE, (error as Error).message, typeof code === 'string' ? code : 'ARCHIVE');
  }

  if (apiId !== undefined || apiHash !== undefined) {
    try {
      host.telegram.credentials.set({ apiId: apiId ?? '', apiHash: apiHash ?? '' });
    } catch (error) {
      await host.close();
      throw new CliError(EXIT.USAGE, (error as Error).message, 'API_CREDENTIALS_INVALID');
    }
  }
  return { host, archiveDir, secretsFile, close: () => host.close() };
}
