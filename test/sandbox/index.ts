/**
 * The Telegram sandbox: a real MTProto 2.0 server on 127.0.0.1 that the real GramJS
 * client talks to, standing in for Telegram in tests, demos and benchmarks.
 *
 * ```ts
 * const sandbox = await startSandbox({ world: 'test/sandbox/worlds/demo.json' });
 * const profile = sandbox.serverProfile;            // give this to the app
 * const session = sandbox.sessionString(1000);      // a logged-in StringSession
 * await sandbox.control.addPhoto(5001, { kind: 'video' });
 * await sandbox.stop();
 * ```
 *
 * See test/sandbox/README.md for what is simulated, the world format and the control API.
 */
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import { pinnedConnection, registerRsaKeys } from '../../main/core/telegram/pinned-connection.js';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';
import { startMtprotoServer } from './server/index.js';
import type { MtprotoServer } from './server/api.js';
import type { SaltOptions } from './server/salts.js';
import { loadWorldFile, type WorldFileInput } from './world/schema.js';
import { World } from './world/world.js';
import { createHandlers } from './rpc/index.js';
import { createAccountDirectory } from './rpc/accounts.js';
import { SandboxControl } from './control/control.js';
import { TELEGRAM_LIMITS, type LimitsModel } from './control/limits.js';
import { startControlHttp, type ControlHttpServer } from './control/http.js';
import { encodeStringSession, SESSION_HOST, SESSION_PORT } from './world/session-string.js';

export type { WorldFileInput } from './world/schema.js';
export type { World } from './world/world.js';
export type { SandboxControl } from './control/control.js';
export type { MetricsSnapshot } from './control/metrics.js';
export { TELEGRAM_LIMITS, type LimitsModel, type BudgetUse } from './control/limits.js';

export interface StartSandboxOptions {
  /** A world file object (version 1), or the path of a world JSON file. */
  readonly world: WorldFileInput | string;
  /** Also serve the control API over HTTP on 127.0.0.1 (a free port). Default false. */
  readonly controlHttp?: boolean;
  /** Fixed port per DC id (e.g. `{ 2: 44302 }`); DCs not listed get a free port. */
  readonly dcPorts?: Readonly<Record<number, number>>;
  /** Port for the HTTP control endpoint; default a free port. Only with `controlHttp`. */
  readonly controlPort?: number;
  /**
   * Telegram's limits (download budget per DC, per-method token buckets; README "Limits
   * model"): on by default; a partial model changes the fields given; 'unlimited' serves
   * everything at once, for tests that say they need that.
   */
  readonly limits?: Partial<LimitsModel> | 'unlimited';
  /** Server salts change every hour, like Telegram's; give `periodMs` to compress time in tests. */
  readonly salts?: SaltOptions;
  /** Where the protocol server reports protocol problems and handler crashes (default console.warn). */
  readonly log?: (line: string) => void;
}

export interface Sandbox {
  /** The server profile the app takes: the DC ports on 127.0.0.1 and the sandbox's RSA key. */
  readonly serverProfile: ServerProfile;
  /** Base URL of the HTTP control endpoint (`http://127.0.0.1:PORT`), or null without `controlHttp`. */
  readonly controlUrl: string | null;
  /** The control API in process: change the world, inject errors and limits, read metrics. */
  readonly control: SandboxControl;
  /** The simulated world: users, photos, and the exact bytes of every file. */
  readonly world: World;
  /** DC id -> listening port on 127.0.0.1. */
  readonly ports: ReadonlyMap<number, number>;
  /**
   * A logged-in GramJS StringSession for an account with `startsLoggedIn` (the default):
   * its home DC, address 127.0.0.1, port 443 (GramJS's save() cannot store ports above
   * 32767, and the pinned connection ignores the port anyway) and the pre-shared auth key.
   * Throws for unknown accounts and accounts that start logged out.
   */
  sessionString(userId: number): string;
  /** Closes the control endpoint and every connection, and stops listening. Idempotent. */
  stop(): Promise<void>;
}

export interface SandboxClientOptions {
  /** GramJS floodSleepThreshold: FLOOD_WAIT up to this many seconds is slept through (default 60). */
  readonly floodSleepThreshold?: number;
  /** GramJS requestRetries (default 5). */
  readonly requestRetries?: number;
}

/**
 * A real GramJS client pinned to the sandbox's ports (silent logger): logged in as
 * `userId` with its pre-shared session, or logged out on the default DC when `userId`
 * is null (for login flows). Not connected yet: call `connect()`, and `destroy()` when done.
 */
export function sandboxClient(sandbox: Sandbox, userId: number | null, options: SandboxClientOptions = {}): TelegramClient {
  registerRsaKeys(sandbox.serverProfile);
  let session: StringSession;
  if (userId === null) {
    session = new StringSession('');
    // Never leave GramJS's default (a real Telegram address) in the session.
    session.setDC(sandbox.serverProfile.defaultDc, SESSION_HOST, SESSION_PORT);
  } else {
    session = new StringSession(sandbox.sessionString(userId));
  }
  return new TelegramClient(session, SANDBOX_API_ID, SANDBOX_API_HASH, {
    connection: pinnedConnection(sandbox.serverProfile),
    baseLogger: new Logger(LogLevel.NONE),
    connectionRetries: 3,
    retryDelay: 100,
    ...(options.floodSleepThreshold !== undefined ? { floodSleepThreshold: options.floodSleepThreshold } : {}),
    ...(options.requestRetries !== undefined ? { requestRetries: options.requestRetries } : {}),
  });
}

/** The sandbox accepts any api_id / api_hash; these are what sandboxClient uses. */
export const SANDBOX_API_ID = 12345;
export const SANDBOX_API_HASH = '0123456789abcdef0123456789abcdef';

/** Starts the sandbox: loads the world, renders its media pools, listens on one port per DC. */
export async function startSandbox(options: StartSandboxOptions): Promise<Sandbox> {
  const file = typeof options.world === 'string' ? await loadWorldFile(options.world) : options.world;
  const world = await World.create(file);
  const control = new SandboxControl(world, options.limits === 'unlimited' ? null : { ...TELEGRAM_LIMITS, ...options.limits });

  const preSharedKeys = world
    .accounts()
    .filter((account) => account.startsLoggedIn)
    .map((account) => ({ dcId: account.dc, key: world.authKeyFor(account.userId), userId: account.userId }));

  const server: MtprotoServer = await startMtprotoServer({
    dcs: world.dcs.map((id) => ({ id, port: options.dcPorts?.[id] ?? 0 })),
    handlers: createHandlers(world),
    middleware: control.middleware(),
    accounts: createAccountDirectory(world),
    preSharedKeys,
    ...(options.salts ? { salts: options.salts } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  control.attachServer(server);

  let http: ControlHttpServer | null = null;
  try {
    if (options.controlHttp) http = await startControlHttp(control, options.controlPort ?? 0);
  } catch (error) {
    await server.close();
    throw error;
  }

  const dcs: Record<string, { host: string; port: number }> = {};
  for (const [id, port] of server.ports) dcs[String(id)] = { host: '127.0.0.1', port };
  const firstAccount = world.accounts()[0];
  const serverProfile: ServerProfile = {
    version: 1,
    name: 'Telegram sandbox',
    dcs,
    defaultDc: firstAccount?.dc ?? world.dcs[0]!,
    rsaKeys: [{ fingerprint: server.rsa.fingerprint, publicKeyPem: server.rsa.publicKeyPem }],
  };

  let stopped: Promise<void> | null = null;
  return {
    serverProfile,
    controlUrl: http?.url ?? null,
    control,
    world,
    ports: server.ports,
    sessionString(userId: number): string {
      const account = world.account(userId);
      if (!account) throw new Error(`sandbox: ${userId} is not an account of this world`);
      if (!account.startsLoggedIn) throw new Error(`sandbox: account ${userId} has startsLoggedIn: false; log in instead`);
      return encodeStringSession(account.dc, world.authKeyFor(userId));
    },
    stop(): Promise<void> {
      stopped ??= (async () => {
        control.detachServer();
        await http?.close();
        await server.close();
      })();
      return stopped;
    },
  };
}
