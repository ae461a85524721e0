/**
 * The Telegram gateway: every logged-in account's client (created lazily from
 * its encrypted session, one per account, kept connected while in use), the
 * TelegramCaller the rest of the app uses per account, connection state as
 * events, logout, and what happens when Telegram ends a session.
 */
import { Api } from 'telegram';
import type { AccountRow, AccountsRepo } from '../archive/accounts-repo.js';
import type { Logger } from '../log.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { AccountClient, type ConnectionState } from './account-client.js';
import { CallWrapper, type CallTiming } from './call-wrapper.js';
import { SessionRevokedError, type TelegramCaller } from './caller.js';
import { createTelegramClient, type TelegramClientOptions } from './client-factory.js';
import type { CredentialsStore } from './credentials.js';
import { DcKeysSession, parseDcKeys } from './dc-keys-session.js';
import type { FloodStore } from './flood-store.js';
import type { ServerProfile } from './server-profile.js';

/** What the UI shows per account. `idle`: not connected because nothing needed it yet. */
export interface AccountConnection {
  readonly accountId: number;
  readonly state: ConnectionState | 'idle' | 'flood_wait' | 'needs_login' | 'logged_out';
  /** For flood_wait: when the method may be called again (unix ms). */
  readonly until: number | null;
  /** For flood_wait: which method is waiting, e.g. 'photos.GetUserPhotos'. */
  readonly method: string | null;
}

export interface GatewayEvents {
  connection(state: AccountConnection): void;
  /** Telegram ended the account's session; the account is now needs_login. */
  sessionEnded(accountId: number, message: string): void;
  /** The accounts table changed (login, logout, status). */
  accountsChanged(): void;
}

export interface GatewayDeps {
  readonly profile: ServerProfile;
  readonly accounts: AccountsRepo;
  readonly secrets: SecretStore;
  readonly credentials: CredentialsStore;
  readonly floods: FloodStore;
  readonly now: () => number;
  readonly events: GatewayEvents;
  readonly log: Logger;
  readonly clientOptions?: TelegramClientOptions;
  readonly callTiming?: Partial<CallTiming>;
}

export class UnknownAccountError extends Error {
  readonly code = 'UNKNOWN_ACCOUNT';
  constructor(readonly accountId: number) {
    super(`There is no Telegram account ${accountId} in this archive.`);
  }
}

export const sessionKey = (accountId: number): string => `session:${accountId}`;
/** The confirmed auth keys of the account's other DCs (dc-keys-session.ts), a secret like the session. */
export const dcKeysKey = (accountId: number): string => `dc-keys:${accountId}`;

interface Slot {
  client: Promise<AccountClient> | null;
  caller: CallWrapper;
  connection: AccountConnection;
  /** The account's home DC as last recorded here (read on every request: no database read per call). */
  homeDcId: number;
  /** The current client's session, whose DC keys are confirmed and persisted; null when there is none. */
  session: DcKeysSession | null;
  /** Writes of the DC keys, one after another: two changes never race in the secret store. */
  dcKeysWrites: Promise<void>;
}

/** The states in which the account's session is gone (the gateway records them, in the row and the slot). */
const revoked = (state: AccountConnection['state']): boolean => state === 'needs_login' || state === 'logged_out';

export class TelegramGateway {
  readonly #d: GatewayDeps;
  readonly #slots = new Map<number, Slot>();
  #closed = false;

  constructor(deps: GatewayDeps) {
    this.#d = deps;
  }

  get profile(): ServerProfile {
    return this.#d.profile;
  }

  /**
   * The caller for one account: the only way the rest of the app sends requests.
   * Cheap and stable (one per account, its request counts accumulate); the client
   * behind it is created and connected on the first call. Calls reject with
   * SessionRevokedError while the account needs a new login.
   */
  caller(accountId: number): TelegramCaller {
    return this.#slot(accountId).caller;
  }

  connection(accountId: number): AccountConnection {
    return this.#slot(accountId).connection;
  }

  connections(): AccountConnection[] {
    return this.#d.accounts.list().map((a) => this.#slots.get(a.id)?.connection ?? this.#initialConnection(a));
  }

  /** Connects an account now (e.g. to show it online) instead of on first use. */
  async connect(accountId: number): Promise<void> {
    await this.#client(accountId);
  }

  /**
   * Takes over a freshly logged-in client (from the login flow): stores its
   * session encrypted, records the account as active, and makes it the account's
   * client, replacing any older one.
   */
  async adopt(client: AccountClient, user: Api.User, enteredPhone: string | null): Promise<AccountRow> {
    const accountId = Number(user.id);
    await this.#d.secrets.set(sessionKey(accountId), client.sessionString());
    const row = this.#d.accounts.upsert(
      {
        id: accountId,
        phone: user.phone ? `+${user.phone}` : enteredPhone,
        firstName: user.firstName ?? '',
        lastName: user.lastName ?? '',
        username: user.username ?? null,
        dcId: client.dcId,
        status: 'active',
      },
      this.#d.now(),
    );
    const slot = this.#slot(accountId);
    slot.homeDcId = row.dcId;
    const previous = slot.client;
    slot.client = Promise.resolve(client);
    this.#watchDcKeys(accountId, slot, client.session);
    client.setHooks(this.#clientHooks(accountId));
    this.#setConnection(accountId, { state: client.client.connected ? 'online' : 'idle', until: null, method: null });
    if (previous) {
      void previous
        .then(async (old) => {
          if (old !== client) await old.destroy();
        })
        .catch(() => undefined);
    }
    this.#d.events.accountsChanged();
    // The new login's keys (usually none yet) replace any kept for an earlier session.
    await this.#writeDcKeys(accountId, slot, client.session);
    return row;
  }

  /**
   * Logs the account out on Telegram (auth.logOut, best effort: the session may
   * already be dead), forgets its session and marks it logged_out. The row stays
   * (targets and photos refer to the account that observed them, and removing
   * it would null those links); logging in again makes it active.
   */
  async logout(accountId: number): Promise<void> {
    const account = this.#d.accounts.get(accountId);
    if (!account) return; // nothing to log out of: already the state asked for
    const slot = this.#slot(accountId);
    const client = await (slot.client ?? (account.status === 'active' ? this.#client(accountId) : null))?.catch(() => null);
    if (client) {
      await client.invoke(new Api.auth.LogOut()).catch((error: unknown) => this.#d.log.info('auth.logOut failed; forgetting the session anyway', error));
      await client.destroy();
    }
    slot.client = null;
    await this.#d.secrets.delete(sessionKey(accountId));
    this.#d.accounts.setStatus(accountId, 'logged_out', this.#d.now());
    this.#setConnection(accountId, { state: 'logged_out', until: null, method: null });
    this.#d.events.accountsChanged();
    // After the status: calls failing on the destroyed client must already see logged_out (nothing may wait in between).
    await this.#dropDcKeys(accountId, slot);
  }

  /** Disconnects every client. The gateway is unusable afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const clients = [...this.#slots.values()].map((s) => s.client);
    for (const slot of this.#slots.values()) slot.client = null;
    await Promise.all(clients.map((c) => c?.then((client) => client.destroy()).catch(() => undefined)));
    // A key confirmed just before closing is still written (a CLI run exits right after).
    await Promise.all([...this.#slots.values()].map((s) => s.dcKeysWrites));
  }

  #slot(accountId: number): Slot {
    let slot = this.#slots.get(accountId);
    if (slot) return slot;
    const account = this.#d.accounts.get(accountId);
    if (!account) throw new UnknownAccountError(accountId);
    const caller = new CallWrapper({
      accountId,
      homeDcId: () => slot!.homeDcId,
      send: async (request, dcId) => (await this.#client(accountId)).invoke(request, dcId),
      floods: this.#d.floods,
      now: this.#d.now,
      timing: this.#d.callTiming,
      isRevoked: () => revoked(slot!.connection.state),
      hooks: {
        onFloodWait: (method, until) => this.#setConnection(accountId, { state: 'flood_wait', until, method }),
        onSuccess: (_method, dcId) => {
          // The first success on another DC proves its new key's import worked: keep the key (persisted on change).
          if (dcId !== undefined) slot!.session?.confirm(dcId);
          if (this.#slots.get(accountId)?.connection.state === 'flood_wait') this.#setConnection(accountId, { state: 'online', until: null, method: null });
        },
        resetDc: async (dcId) => {
          const client = await slot!.client?.catch(() => null);
          await client?.resetDc(dcId);
        },
        onRevoked: (errorMessage) => void this.#sessionEnded(accountId, errorMessage),
      },
    });
    slot = { client: null, caller, connection: this.#initialConnection(account), homeDcId: account.dcId, session: null, dcKeysWrites: Promise.resolve() };
    this.#slots.set(accountId, slot);
    return slot;
  }

  #initialConnection(account: AccountRow): AccountConnection {
    const state = account.status === 'active' ? 'idle' : account.status;
    return { accountId: account.id, state, until: null, method: null };
  }

  #client(accountId: number): Promise<AccountClient> {
    const slot = this.#slot(accountId);
    if (!slot.client) {
      const created = this.#restore(accountId);
      slot.client = created;
      // A failed start (no network, no session) must not stick: the next call tries again.
      created.catch(() => {
        if (slot.client === created) slot.client = null;
      });
    }
    return slot.client.then(async (client) => {
      await client.connect();
      return client;
    });
  }

  async #restore(accountId: number): Promise<AccountClient> {
    if (this.#closed) throw new Error('The Telegram gateway is closed.');
    const account = this.#d.accounts.get(accountId);
    if (!account) throw new UnknownAccountError(accountId);
    if (account.status !== 'active') throw new SessionRevokedError(accountId);
    const credentials = this.#d.credentials.require();
    const saved = await this.#d.secrets.get(sessionKey(accountId));
    if (!saved) {
      // The secret store lost it (a different machine, a reset keychain): a new login is needed.
      await this.#sessionEnded(accountId, 'SESSION_MISSING');
      throw new SessionRevokedError(accountId);
    }
    const session = await DcKeysSession.create(saved, await this.#storedDcKeys(accountId));
    const client = new AccountClient(
      createTelegramClient({
        profile: this.#d.profile,
        session,
        credentials,
        options: this.#d.clientOptions ?? {},
        log: this.#d.log,
      }),
      this.#clientHooks(accountId),
    );
    this.#watchDcKeys(accountId, this.#slot(accountId), session);
    return client;
  }

  /** The other DCs' keys kept by an earlier run; none when absent or unreadable (they are only a cache: new ones get made). */
  async #storedDcKeys(accountId: number): Promise<ReadonlyMap<number, Buffer>> {
    const text = await this.#d.secrets.get(dcKeysKey(accountId));
    if (!text) return new Map();
    const parsed = parseDcKeys(text);
    if (parsed.ok) return parsed.keys;
    this.#d.log.warn(`account ${accountId}: ignoring the stored DC keys (${parsed.reason})`);
    return new Map();
  }

  /** Makes `session` the account's: its DC key changes are persisted from now on, an earlier session's no more. */
  #watchDcKeys(accountId: number, slot: Slot, session: DcKeysSession): void {
    if (slot.session !== session) slot.session?.setChangeListener(null);
    slot.session = session;
    session.setChangeListener(() => void this.#writeDcKeys(accountId, slot, session));
  }

  /** Queues a write of the session's stored keys; the keys are read when the write runs, so the last write holds the latest. */
  #writeDcKeys(accountId: number, slot: Slot, session: DcKeysSession): Promise<void> {
    slot.dcKeysWrites = slot.dcKeysWrites
      .then(async () => {
        if (slot.session !== session) return; // replaced, logged out or ended meanwhile
        if (session.storedDcs().length > 0) await this.#d.secrets.set(dcKeysKey(accountId), session.serializeDcKeys());
        else await this.#d.secrets.delete(dcKeysKey(accountId));
      })
      .catch((error: unknown) => this.#d.log.warn(`account ${accountId}: could not save the DC keys`, error));
    return slot.dcKeysWrites;
  }

  /** The session is gone: its DC keys are useless, and no queued write may bring them back. */
  #dropDcKeys(accountId: number, slot: Slot): Promise<void> {
    slot.session?.setChangeListener(null);
    slot.session = null;
    slot.dcKeysWrites = slot.dcKeysWrites
      .then(() => this.#d.secrets.delete(dcKeysKey(accountId)))
      .catch((error: unknown) => this.#d.log.warn(`account ${accountId}: could not delete the DC keys`, error));
    return slot.dcKeysWrites;
  }

  #clientHooks(accountId: number): { onConnectionState(state: ConnectionState): void } {
    return {
      onConnectionState: (state) => {
        const current = this.#slots.get(accountId)?.connection.state;
        // A flood wait or an ended session is more useful to show than "online".
        if (current === 'needs_login' || current === 'logged_out' || (current === 'flood_wait' && state === 'online')) return;
        this.#setConnection(accountId, { state, until: null, method: null });
      },
    };
  }

  async #sessionEnded(accountId: number, errorMessage: string): Promise<void> {
    const account = this.#d.accounts.get(accountId);
    if (!account || account.status !== 'active') return;
    this.#d.log.warn(`account ${accountId}: Telegram ended the session (${errorMessage}); a new login is needed`);
    this.#d.accounts.setStatus(accountId, 'needs_login', this.#d.now());
    this.#setConnection(accountId, { state: 'needs_login', until: null, method: null });
    const slot = this.#slots.get(accountId);
    const client = slot?.client;
    if (slot) slot.client = null;
    this.#d.events.sessionEnded(accountId, new SessionRevokedError(accountId).message);
    this.#d.events.accountsChanged();
    // The dead session first (it is useless now), then the client's sockets and loops.
    await this.#d.secrets.delete(sessionKey(accountId)).catch((error: unknown) => this.#d.log.warn('could not delete an ended session', error));
    if (slot) await this.#dropDcKeys(accountId, slot);
    else await this.#d.secrets.delete(dcKeysKey(accountId)).catch(() => undefined);
    await client?.then((c) => c.destroy()).catch(() => undefined);
  }

  #setConnection(accountId: number, next: Omit<AccountConnection, 'accountId'>): void {
    const slot = this.#slots.get(accountId);
    if (!slot) return;
    const previous = slot.connection;
    if (previous.state === next.state && previous.until === next.until && previous.method === next.method) return;
    slot.connection = { accountId, ...next };
    if (previous.state === 'offline' && next.state === 'online') slot.caller.downloads.reconnected();
    this.#d.events.connection(slot.connection);
  }
}
