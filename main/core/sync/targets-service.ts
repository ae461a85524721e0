/**
 * Choosing whom to archive: resolve what the person typed (username, link,
 * phone) or picked (a contact, a private chat) to a Telegram user this account
 * can see, refuse what cannot be archived (bots, deleted accounts, groups),
 * and remove, purge or pause targets.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { AccountsRepo } from '../archive/accounts-repo.js';
import type { FilesRepo } from '../archive/files-repo.js';
import type { PhotosRepo } from '../archive/photos-repo.js';
import type { SnapshotsRepo } from '../archive/snapshots-repo.js';
import type { SyncStateRepo } from '../archive/sync-state-repo.js';
import type { TargetRow, TargetsRepo } from '../archive/targets-repo.js';
import type Database from 'better-sqlite3';
import { UserFacingError } from '../api/app-error.js';
import type { FileStore } from '../media/file-store.js';
import { strippedToJpeg } from '../media/stripped-jpeg.js';
import { TelegramRpcError, type TelegramCaller } from '../telegram/caller.js';
import { parseTargetQuery } from './target-query.js';
import { userIdentity, type UserIdentity } from './telegram-objects.js';
import { UsernameLookups } from './username-lookups.js';

export interface TargetsServiceDeps {
  readonly db: Database.Database;
  readonly accounts: AccountsRepo;
  readonly targets: TargetsRepo;
  readonly photos: PhotosRepo;
  readonly files: FilesRepo;
  readonly snapshots: SnapshotsRepo;
  readonly state: SyncStateRepo;
  readonly store: FileStore;
  /** After a purge: deletes the thumbnails no archived file needs any more. */
  readonly purgeThumbnails: () => Promise<unknown>;
  readonly callerFor: (accountId: number) => TelegramCaller;
  readonly now: () => number;
  readonly changed: () => void;
}

export interface Candidate {
  readonly userId: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly isTarget: boolean;
  /** Their current photo's stripped thumbnail made whole (a tiny JPEG), base64. */
  readonly avatar: { readonly type: 'jpeg'; readonly base64: string } | null;
}

const NOT_FOUND: Record<string, string> = {
  USERNAME_NOT_OCCUPIED: 'No Telegram user has this username.',
  USERNAME_INVALID: 'This is not a valid Telegram username.',
  PHONE_NOT_OCCUPIED: 'No Telegram user has this phone number, or they do not let others find them by it.',
  PHONE_NUMBER_INVALID: 'This is not a valid phone number.',
};

const NOT_KNOWN_ID = 'No contact, private chat or archived person of this account has this id.';

const identityOf = (target: TargetRow): UserIdentity => ({
  userId: target.userId,
  accessHash: target.accessHash === null ? null : BigInt(target.accessHash),
  firstName: target.firstName,
  lastName: target.lastName,
  username: target.username,
  phone: null,
  bot: false,
  deleted: false,
  self: false,
});

export class TargetsService {
  readonly #d: TargetsServiceDeps;
  /** People seen in candidate lists, so one can be added by id (access hashes are per account). */
  readonly #seen = new Map<string, UserIdentity>();
  readonly #lookups = new UsernameLookups();

  constructor(deps: TargetsServiceDeps) {
    this.#d = deps;
  }

  #account(accountId: number | undefined): number {
    if (accountId !== undefined) {
      const account = this.#d.accounts.get(accountId);
      if (!account) throw new UserFacingError('UNKNOWN_ACCOUNT', `There is no Telegram account ${accountId} in this archive.`);
      return account.id;
    }
    const active = this.#d.accounts.list().find((a) => a.status === 'active');
    if (!active) throw new UserFacingError('NOT_LOGGED_IN', 'Log in to a Telegram account first.');
    return active.id;
  }

  /** contacts.resolveUsername calls left today for the account (our count; Telegram's budget is about 200 a day). */
  usernameLookupsLeft(accountId?: number): number {
    return this.#lookups.remaining(this.#account(accountId), this.#d.now());
  }

  async add(input: { query: string; accountId?: number } | { userId: number; accountId?: number }): Promise<TargetRow> {
    const accountId = this.#account(input.accountId);
    const caller = this.#d.callerFor(accountId);
    const identity = 'query' in input ? await this.#resolve(caller, accountId, input.query) : await this.#byId(accountId, input.userId);
    if (identity.deleted) throw new UserFacingError('TARGET_DELETED', 'This Telegram account was deleted; there is nothing left to archive.');
    if (identity.bot) throw new UserFacingError('TARGET_IS_BOT', 'This is a bot. Photo Archiver archives people, not bots.');
    const row = this.#d.targets.upsert(
      {
        userId: identity.userId,
        accountId,
        accessHash: identity.accessHash?.toString() ?? null,
        firstName: identity.firstName,
        lastName: identity.lastName,
        username: identity.username,
      },
      this.#d.now(),
    );
    this.#d.changed();
    return row;
  }

  async #resolve(caller: TelegramCaller, accountId: number, query: string): Promise<UserIdentity> {
    const parsed = parseTargetQuery(query);
    if (parsed.kind === 'invalid') throw new UserFacingError('INVALID_QUERY', parsed.reason);
    if (parsed.kind === 'number') {
      // An id first (contacts, chats, people known): free of the phone lookup's privacy limits; else a phone without its +.
      const known = await this.#findById(accountId, Number(parsed.digits));
      if (known) return known;
      if (parsed.digits.length < 5 || parsed.digits.length > 15) throw new UserFacingError('TARGET_NOT_FOUND', NOT_KNOWN_ID);
      try {
        return await this.#resolve(caller, accountId, `+${parsed.digits}`);
      } catch (error) {
        if (error instanceof UserFacingError && error.code === 'TARGET_NOT_FOUND') throw new UserFacingError('TARGET_NOT_FOUND', `${NOT_KNOWN_ID} Nor is it a phone number someone lets others find them by.`);
        throw error;
      }
    }
    if (parsed.kind === 'username') {
      // resolveUsername has a small daily budget: people we already hold an access hash for cost nothing.
      const known = this.#knownByUsername(accountId, parsed.username);
      if (known) return known;
    }
    let answer: Api.contacts.ResolvedPeer;
    try {
      if (parsed.kind === 'username') {
        this.#lookups.spend(accountId, this.#d.now());
        answer = await caller.call(new Api.contacts.ResolveUsername({ username: parsed.username }));
      } else {
        answer = await caller.call(new Api.contacts.ResolvePhone({ phone: parsed.phone }));
      }
    } catch (error) {
      if (error instanceof TelegramRpcError && NOT_FOUND[error.errorMessage]) {
        throw new UserFacingError(error.errorMessage.endsWith('INVALID') ? 'INVALID_QUERY' : 'TARGET_NOT_FOUND', NOT_FOUND[error.errorMessage]!);
      }
      throw error;
    }
    if (!(answer.peer instanceof Api.PeerUser)) throw new UserFacingError('NOT_A_PERSON', 'This is a group or a channel, not a person.');
    const id = answer.peer.userId.toString();
    const user = answer.users.find((u): u is Api.User => u instanceof Api.User && u.id.toString() === id);
    if (!user) throw new UserFacingError('TARGET_NOT_FOUND', 'Telegram did not return this user.');
    return userIdentity(user);
  }

  /** Someone this account already knows by this username: seen in its contacts or chats, or a target it archives. */
  #knownByUsername(accountId: number, username: string): UserIdentity | undefined {
    const wanted = username.toLowerCase();
    for (const [key, identity] of this.#seen) {
      if (key.startsWith(`${accountId}:`) && identity.username?.toLowerCase() === wanted && identity.accessHash !== null) return identity;
    }
    const target = this.#d.targets.all().find((t) => t.accountId === accountId && t.username?.toLowerCase() === wanted && t.accessHash !== null);
    return target && identityOf(target);
  }

  async #byId(accountId: number, userId: number): Promise<UserIdentity> {
    const known = await this.#findById(accountId, userId);
    if (!known) throw new UserFacingError('TARGET_NOT_FOUND', NOT_KNOWN_ID);
    return known;
  }

  /** A person this account can name by id: a target it archives, or one of its contacts or private chats. */
  async #findById(accountId: number, userId: number): Promise<UserIdentity | undefined> {
    const key = `${accountId}:${userId}`;
    const target = this.#d.targets.get(userId);
    const access = target && this.#d.targets.access(userId).find((a) => a.accountId === accountId && a.accessHash !== null);
    if (target && access) return identityOf({ ...target, accessHash: access.accessHash });
    if (!this.#seen.has(key)) {
      await this.candidates('contacts', accountId);
      if (!this.#seen.has(key)) await this.candidates('dialogs', accountId);
    }
    return this.#seen.get(key);
  }

  /** The account's contacts or private chats, people only (no bots, no deleted accounts, not yourself). */
  async candidates(source: 'contacts' | 'dialogs', accountIdInput?: number): Promise<Candidate[]> {
    const accountId = this.#account(accountIdInput);
    const caller = this.#d.callerFor(accountId);
    const users = source === 'contacts' ? await this.#contacts(caller) : await this.#dialogUsers(caller);
    const out: Candidate[] = [];
    const unique = new Set<number>();
    for (const user of users) {
      const identity = userIdentity(user);
      if (identity.bot || identity.deleted || identity.self || unique.has(identity.userId)) continue;
      unique.add(identity.userId);
      this.#seen.set(`${accountId}:${identity.userId}`, identity);
      out.push({
        userId: identity.userId,
        firstName: identity.firstName,
        lastName: identity.lastName,
        username: identity.username,
        isTarget: this.#d.targets.get(identity.userId) !== undefined,
        avatar: strippedAvatar(user),
      });
    }
    return out;
  }

  async #contacts(caller: TelegramCaller): Promise<Api.User[]> {
    const answer = await caller.call(new Api.contacts.GetContacts({ hash: bigInt(0) }));
    if (!(answer instanceof Api.contacts.Contacts)) return [];
    return answer.users.filter((u): u is Api.User => u instanceof Api.User);
  }

  /** Private chats, newest first, paged by the last dialog's message (at most 1,000). */
  async #dialogUsers(caller: TelegramCaller): Promise<Api.User[]> {
    const users: Api.User[] = [];
    let offsetDate = 0;
    let offsetId = 0;
    let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
    for (let page = 0; page < 10; page++) {
      const answer: Api.messages.TypeDialogs = await caller.call(new Api.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: 100, hash: bigInt(0) }));
      if (answer instanceof Api.messages.DialogsNotModified) break;
      const byId: Map<string, Api.User> = new Map(
        answer.users.filter((u): u is Api.User => u instanceof Api.User).map((u) => [u.id.toString(), u]),
      );
      for (const dialog of answer.dialogs) {
        if (dialog.peer instanceof Api.PeerUser) {
          const user = byId.get(dialog.peer.userId.toString());
          if (user) users.push(user);
        }
      }
      const last: Api.TypeDialog | undefined = answer.dialogs.at(-1);
      if (!(answer instanceof Api.messages.DialogsSlice) || !last || answer.dialogs.length < 100) break;
      const message = answer.messages.find((m) => 'id' in m && m.id === last.topMessage && m.peerId?.className === last.peer.className);
      const lastUser: Api.User | undefined = last.peer instanceof Api.PeerUser ? byId.get(last.peer.userId.toString()) : undefined;
      if (!message || !('date' in message) || !lastUser?.accessHash) break;
      offsetDate = message.date ?? 0;
      offsetId = last.topMessage;
      offsetPeer = new Api.InputPeerUser({ userId: lastUser.id, accessHash: lastUser.accessHash });
    }
    return users;
  }

  /** Stops archiving someone. Their photos and files stay unless `purge`. */
  async remove(userId: number, purge: boolean): Promise<{ removed: boolean; photosPurged: number; filesDeleted: number }> {
    const { db, targets, photos, files, snapshots, state } = this.#d;
    let paths: string[] = [];
    let photosPurged = 0;
    const removed = db.transaction(() => {
      const wasTarget = targets.remove(userId);
      if (purge) {
        paths = files.pathsOfUser(userId);
        photosPurged = photos.purgeUser(userId);
        snapshots.purgeUser(userId);
        state.remove(userId);
      }
      return wasTarget;
    })();
    // Content-addressed files may be shared with someone else's photo: delete only the unreferenced.
    const orphaned = purge ? files.unreferenced(paths) : [];
    await this.#d.store.remove(orphaned);
    if (purge) await this.#d.purgeThumbnails();
    this.#d.changed();
    return { removed, photosPurged, filesDeleted: orphaned.length };
  }

  setPaused(userId: number, paused: boolean): boolean {
    const changed = this.#d.targets.setPaused(userId, paused);
    if (changed) this.#d.changed();
    return changed;
  }
}

/** The avatar Telegram sends with a user (userProfilePhoto.stripped_thumb), as a JPEG to paint at once. */
function strippedAvatar(user: Api.User): Candidate['avatar'] {
  const stripped = user.photo instanceof Api.UserProfilePhoto ? user.photo.strippedThumb : undefined;
  const jpeg = stripped && strippedToJpeg(stripped);
  return jpeg ? { type: 'jpeg', base64: jpeg.toString('base64') } : null;
}
