/**
 * Builds GramJS clients the one way this app allows: pinned to a server
 * profile's addresses, with its RSA keys known, flood sleeping off (our call
 * wrapper decides about every FLOOD_WAIT), GramJS's logging routed into ours,
 * and faster paths under GramJS for what every downloaded byte goes through:
 * our AES-256-IGE (./crypto/install.ts), large answers decrypted in slices that
 * share the thread (./crypto/sliced-decrypt.ts), native 64-bit reads (./fast-longs.ts)
 * and a native-CRC packet codec (./pinned-connection.ts). Nothing else in the
 * app constructs a TelegramClient.
 */
import os from 'node:os';
import { TelegramClient } from 'telegram';
import type { PromisedNetSockets } from 'telegram/extensions/index.js';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import type { Logger as AppLogger } from '../log.js';
import { BufferedNetSocket } from './buffered-socket.js';
import { installFastIge } from './crypto/install.js';
import { DcKeysSession } from './dc-keys-session.js';
import { installSlicedDecrypt } from './crypto/sliced-decrypt.js';
import { installFastLongs } from './fast-longs.js';
import { installNativeBitwise } from './native-bitwise.js';
import { installFastFactorize } from './fast-factorize.js';
import { installNativeModExp } from './native-modexp.js';
import { setPatchLog } from './patch-status.js';
import { pinnedConnection, registerRsaKeys } from './pinned-connection.js';
import { GRAMJS_SENDS_PER_INVOKE } from './retry-policy.js';
import type { ServerProfile } from './server-profile.js';

export interface ApiCredentials {
  readonly apiId: number;
  readonly apiHash: string;
}

/** Knobs tests (and a future "network" settings page) may turn. */
export interface TelegramClientOptions {
  /** GramJS's own log level; its messages go to our log. Default 'error'. Tests: 'none'. */
  readonly logLevel?: 'none' | 'error' | 'warn' | 'info' | 'debug';
  /** Attempts per (re)connect before giving up for now. Default 5. */
  readonly connectionRetries?: number;
  /** Pause between those attempts, ms. Default 1000. */
  readonly retryDelayMs?: number;
  readonly appVersion?: string;
  /** QR login: fetch a new token this long before the shown one expires (ms). Default 5000. */
  readonly qrRefreshLeadMs?: number;
}

/**
 * The port written into sessions. GramJS's StringSession.save() writes the port
 * as a signed 16-bit number (a sandbox port above 32767 would throw) and
 * connect() ignores it anyway: the pinned connection decides where to dial.
 */
export const SESSION_PORT = 443;

/** An empty session aimed at the profile's default DC (a fresh login); the same class as a restored one. */
export function freshSession(profile: ServerProfile): DcKeysSession {
  const session = new DcKeysSession('');
  const dc = profile.defaultDc;
  session.setDC(dc, profile.dcs[String(dc)]!.host, SESSION_PORT);
  return session;
}

/** GramJS's Logger with output sent to our (redacting) log instead of the console. */
class ForwardingLogger extends Logger {
  readonly #log: AppLogger;
  constructor(level: LogLevel, log: AppLogger) {
    super(level);
    this.#log = log;
  }
  override log(level: LogLevel, message: string): void {
    if (level === LogLevel.ERROR || level === LogLevel.WARN) this.#log.warn(`gramjs: ${message}`);
    else this.#log.debug(`gramjs: ${message}`);
  }
}

const LEVELS: Record<NonNullable<TelegramClientOptions['logLevel']>, LogLevel> = {
  none: LogLevel.NONE,
  error: LogLevel.ERROR,
  warn: LogLevel.WARN,
  info: LogLevel.INFO,
  debug: LogLevel.DEBUG,
};

export function createTelegramClient(params: {
  readonly profile: ServerProfile;
  /** Always a DcKeysSession: it keeps the media DCs' keys (dc-keys-session.ts). */
  readonly session: DcKeysSession;
  readonly credentials: ApiCredentials;
  readonly options: TelegramClientOptions;
  readonly log: AppLogger;
}): TelegramClient {
  const { profile, session, credentials, options, log } = params;
  setPatchLog(log); // each patch below checks GramJS's shape, applies or falls back, and says so once
  registerRsaKeys(profile);
  installFastIge(); // every downloaded byte is IGE-decrypted: GramJS's own AES is the slowest part of a sync
  installSlicedDecrypt(); // a 1 MiB answer decrypted in slices, other work (the window's) between them
  installFastLongs();
  installNativeBitwise(); // every request's longs are written byte by byte with big-integer shifts: half a sync's garbage
  installFastFactorize(); // each new auth key (a login, every media DC) factors pq: GramJS's takes ~150 ms of the main thread
  installNativeModExp(); // ... and raises 2048-bit numbers to 2048-bit powers twice: ~40 ms each in GramJS
  return new TelegramClient(session, credentials.apiId, credentials.apiHash, {
    connection: pinnedConnection(profile, { nativeCrc: true }),
    // chunks kept as received, the socket paused when the reader is behind (./buffered-socket.ts)
    networkSocket: BufferedNetSocket as unknown as typeof PromisedNetSockets,
    baseLogger: new ForwardingLogger(LEVELS[options.logLevel ?? 'error'], log),
    floodSleepThreshold: 0,
    // Retries are ours (retry-policy.ts); GramJS keeps one resend, which its login path needs after a DC switch.
    requestRetries: GRAMJS_SENDS_PER_INVOKE,
    connectionRetries: options.connectionRetries ?? 5,
    retryDelay: options.retryDelayMs ?? 1000,
    autoReconnect: true,
    useWSS: false,
    deviceModel: `Photo Archiver on ${os.type()}`,
    systemVersion: os.release(),
    appVersion: options.appVersion ?? '1.0',
    langCode: 'en',
    systemLangCode: 'en',
  });
}
