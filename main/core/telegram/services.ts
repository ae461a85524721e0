/**
 * Assembles the Telegram side of the host: credentials, the gateway (clients,
 * callers, logout, ended sessions) and the login service, all publishing on the
 * host's event bus. host.ts calls this once.
 */
import type Database from 'better-sqlite3';
import type { EventBus } from '../api/event-bus.js';
import type { AccountsRepo } from '../archive/accounts-repo.js';
import type { SettingsRepo } from '../archive/settings-repo.js';
import { createLogger } from '../log.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { AccountClient } from './account-client.js';
import type { CallTiming } from './call-wrapper.js';
import type { TelegramCaller } from './caller.js';
import { createTelegramClient, freshSession, type TelegramClientOptions } from './client-factory.js';
import { CredentialsStore } from './credentials.js';
import { SqliteFloodStore } from './flood-store.js';
import { TelegramGateway } from './gateway.js';
import { LoginService } from './login/login-service.js';
import { ServerProfileSchema, TELEGRAM_PRODUCTION, type ServerProfile } from './server-profile.js';

/**
 * Settings key of an alternative server profile (Telegram's test servers, a
 * self-hosted server, the sandbox for a demo). Sessions belong to the server
 * that issued them: switching profiles means logging in again.
 */
export const SERVER_PROFILE_SETTING = 'telegram.serverProfile';

export interface TelegramServicesOptions {
  readonly db: Database.Database;
  readonly accounts: AccountsRepo;
  readonly settings: SettingsRepo;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly now: () => number;
  /** Where to connect. Default: the profile in the SERVER_PROFILE_SETTING setting, else Telegram's own data centers. */
  readonly serverProfile?: ServerProfile;
  readonly clientOptions?: TelegramClientOptions;
  readonly callTiming?: Partial<CallTiming>;
}

export interface TelegramServices {
  readonly gateway: TelegramGateway;
  readonly login: LoginService;
  readonly credentials: CredentialsStore;
  /** Shorthand for gateway.caller(accountId): the seam the sync engine uses. */
  caller(accountId: number): TelegramCaller;
  close(): Promise<void>;
}

export function createTelegramServices(o: TelegramServicesOptions): TelegramServices {
  const log = createLogger('telegram');
  const profile = o.serverProfile ?? o.settings.get(SERVER_PROFILE_SETTING, ServerProfileSchema.nullable(), null) ?? TELEGRAM_PRODUCTION;
  if (profile !== TELEGRAM_PRODUCTION) log.info(`connecting to the server profile "${profile.name}"`);
  const credentials = new CredentialsStore(o.settings);
  const gateway = new TelegramGateway({
    profile,
    accounts: o.accounts,
    secrets: o.secrets,
    credentials,
    floods: new SqliteFloodStore(o.db),
    now: o.now,
    log,
    clientOptions: o.clientOptions,
    callTiming: o.callTiming,
    events: {
      connection: (state) => o.events.emit('accounts.connection', state),
      sessionEnded: (accountId, message) => o.events.emit('accounts.sessionEnded', { accountId, message }),
      accountsChanged: () => o.events.emit('archive.changed', { scope: 'accounts' }),
    },
  });
  const login = new LoginService({
    newClient: (hooks) =>
      new AccountClient(
        createTelegramClient({ profile, session: freshSession(profile), credentials: credentials.require(), options: o.clientOptions ?? {}, log }),
        hooks,
      ),
    adopt: async (client, user, phone) => {
      const { updatedAt: _updated, ...account } = await gateway.adopt(client, user, phone);
      return account;
    },
    credentials: () => credentials.require(),
    emit: (state) => o.events.emit('login.state', state),
    now: o.now,
    log,
    qrRefreshLeadMs: o.clientOptions?.qrRefreshLeadMs,
  });
  return {
    gateway,
    login,
    credentials,
    caller: (accountId) => gateway.caller(accountId),
    async close() {
      await login.close();
      await gateway.close();
    },
  };
}
