/**
 * The simulated Telegram's state: accounts, users and their photo histories, changing
 * over time through the control API. RPC handlers read it per viewer (the logged-in
 * account), because Telegram answers differently per viewer (contacts, hidden histories).
 */
import { createHash } from 'node:crypto';
import { generateUsers, photoIdFor } from './generate.js';
import { MediaStore, type FileType } from './media/store.js';
import { derive, deriveBytes, deriveInt64 } from './random.js';
import { parseWorldFile, type PhotoKind, type PhotoSpec, type UserSpec, type WorldFile, type WorldFileInput } from './schema.js';

export type { FileType } from './media/store.js';

/** Where a photo shows up: the getUserPhotos history, or userFull's personal/fallback slots. */
export type PhotoRole = 'profile' | 'personal' | 'fallback';

export interface PhotoState {
  readonly id: string;
  readonly idBig: bigint;
  readonly ownerId: number;
  readonly role: PhotoRole;
  readonly date: number;
  readonly dc: number;
  readonly kind: PhotoKind;
  readonly width: number;
  readonly videoStartTs: number;
  readonly accessHash: bigint;
  /** Removed from the profile: gone from listings, files still served (Telegram keeps them a while). */
  removed: boolean;
  /** Bumped by rotateFileReferences; only the current reference is accepted. */
  referenceGeneration: number;
}

export interface AccountState {
  readonly userId: number;
  readonly phone: string;
  readonly dc: number;
  readonly loginCode: string;
  readonly password: string | undefined;
  readonly startsLoggedIn: boolean;
  readonly premium: boolean;
}

export interface UserState {
  readonly id: number;
  readonly accessHash: bigint;
  firstName: string;
  lastName: string;
  username: string | null;
  phone: string | null;
  readonly dc: number;
  bio: string;
  readonly contactOf: Set<number>;
  readonly bot: boolean;
  deleted: boolean;
  readonly photosHiddenFrom: Set<number>;
  /** Every profile photo ever set, removed ones included, newest (largest id) first. */
  photos: PhotoState[];
  personalPhoto: PhotoState | null;
  fallbackPhoto: PhotoState | null;
  /** Set when this user can log in. */
  readonly account: AccountState | null;
}

/** What addPhoto takes; every field is optional. */
export interface NewPhotoSpec {
  readonly id?: string;
  readonly date?: number;
  readonly dc?: number;
  readonly kind?: PhotoKind;
  readonly width?: number;
  readonly videoStartTs?: number;
}

/** A file as a test expects to download it. */
export interface ExpectedFile {
  readonly type: FileType;
  readonly size: number;
  readonly sha256: string;
}

/** The photo user.photo (userProfilePhoto) shows to a viewer, and whether it is a personal one. */
export interface ShownPhoto {
  readonly photo: PhotoState;
  readonly personal: boolean;
}

export class WorldError extends Error {}

export class World {
  readonly seed: number;
  readonly dcs: readonly number[];
  readonly media: MediaStore;
  private readonly usersById = new Map<number, UserState>();
  private readonly photosById = new Map<string, PhotoState>();
  private readonly accountList: AccountState[] = [];
  private maxPhotoId = 0n;
  /** Bumped by every mutation (lets caches and tests notice changes). */
  revision = 0;

  private constructor(readonly file: WorldFile) {
    this.seed = file.seed;
    this.dcs = file.dcs;
    this.media = new MediaStore(file.seed);
  }

  /** Validates the file, builds the state and renders the media pools it needs. */
  static async create(input: WorldFileInput): Promise<World> {
    const world = new World(parseWorldFile(input));
    world.populate();
    await world.media.prepare(world.photosById.values());
    return world;
  }

  private populate(): void {
    const file = this.file;
    for (const account of file.accounts) {
      this.accountList.push({
        userId: account.userId,
        phone: account.phone,
        dc: account.dc,
        loginCode: account.loginCode,
        password: account.password,
        startsLoggedIn: account.startsLoggedIn,
        premium: account.premium,
      });
    }
    const accountUsers = new Map<number, UserSpec>();
    for (const account of file.accounts) {
      accountUsers.set(account.userId, {
        id: account.userId,
        firstName: account.firstName,
        lastName: account.lastName,
        username: account.username,
        phone: account.phone,
        dc: account.dc,
        bio: account.bio,
        contactOf: [],
        bot: false,
        deleted: false,
        photosHiddenFrom: [],
        photos: [],
        personalPhoto: null,
        fallbackPhoto: null,
      });
    }
    // A users[] entry with an account's id describes that account's profile (names, photos).
    for (const spec of file.users) {
      const account = accountUsers.get(spec.id);
      this.addUser(account ? { ...spec, phone: account.phone, dc: account.dc } : spec);
      accountUsers.delete(spec.id);
    }
    for (const spec of accountUsers.values()) this.addUser(spec);
    const phones = new Set([...this.usersById.values()].map((u) => u.phone));
    for (const spec of generateUsers(file)) {
      if (this.usersById.has(spec.id)) throw new WorldError(`generated user ${spec.id} collides with a listed user`);
      if (phones.has(spec.phone)) throw new WorldError(`generated phone ${spec.phone} collides with a listed user`);
      this.addUser(spec);
    }
  }

  private addUser(spec: UserSpec): void {
    const account = this.accountList.find((a) => a.userId === spec.id) ?? null;
    const dc = spec.dc ?? this.dcs[0]!;
    const user: UserState = {
      id: spec.id,
      accessHash: spec.accessHash !== undefined ? BigInt(spec.accessHash) : deriveInt64(this.seed, 'user-hash', spec.id),
      firstName: spec.firstName,
      lastName: spec.lastName,
      username: spec.username,
      phone: spec.phone,
      dc,
      bio: spec.bio,
      contactOf: new Set(spec.contactOf),
      bot: spec.bot,
      deleted: spec.deleted,
      photosHiddenFrom: new Set(spec.photosHiddenFrom),
      photos: [],
      personalPhoto: null,
      fallbackPhoto: null,
      account,
    };
    this.usersById.set(user.id, user);
    user.photos = spec.photos.map((p) => this.makePhoto(p, user, 'profile')).sort(newestFirst);
    if (spec.personalPhoto) user.personalPhoto = this.makePhoto(spec.personalPhoto, user, 'personal');
    if (spec.fallbackPhoto) user.fallbackPhoto = this.makePhoto(spec.fallbackPhoto, user, 'fallback');
  }

  private makePhoto(spec: PhotoSpec | (NewPhotoSpec & { id: string; date: number }), owner: UserState, role: PhotoRole): PhotoState {
    if (this.photosById.has(spec.id)) throw new WorldError(`photo id ${spec.id} is already used`);
    const idBig = BigInt(spec.id);
    const kind = spec.kind ?? 'image';
    const photo: PhotoState = {
      id: spec.id,
      idBig,
      ownerId: owner.id,
      role,
      date: spec.date,
      dc: spec.dc ?? owner.dc,
      kind,
      width: spec.width ?? 640,
      videoStartTs: kind === 'video' ? (spec.videoStartTs ?? 0) : 0,
      accessHash: deriveInt64(this.seed, 'photo-hash', spec.id),
      removed: false,
      referenceGeneration: 0,
    };
    this.photosById.set(photo.id, photo);
    if (idBig > this.maxPhotoId) this.maxPhotoId = idBig;
    return photo;
  }

  // ---- reading ------------------------------------------------------------------

  accounts(): readonly AccountState[] {
    return this.accountList;
  }

  account(userId: number): AccountState | undefined {
    return this.accountList.find((a) => a.userId === userId);
  }

  user(userId: number): UserState | undefined {
    return this.usersById.get(userId);
  }

  users(): IterableIterator<UserState> {
    return this.usersById.values();
  }

  /** Case-insensitive, as Telegram resolves usernames; deleted accounts have none. */
  userByUsername(username: string): UserState | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.usersById.values()) {
      if (!user.deleted && user.username?.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  /** By phone, digits only ('+' and formatting ignored). */
  userByPhone(phone: string): UserState | undefined {
    const digits = phone.replace(/\D/g, '');
    if (digits === '') return undefined;
    for (const user of this.usersById.values()) {
      if (!user.deleted && user.phone?.replace(/\D/g, '') === digits) return user;
    }
    return undefined;
  }

  photo(photoId: string | bigint): PhotoState | undefined {
    return this.photosById.get(String(photoId));
  }

  photos(): IterableIterator<PhotoState> {
    return this.photosById.values();
  }

  /** Whether `viewerId` sees `user`'s photo history (hidden histories and deleted accounts do not). */
  historyVisibleTo(user: UserState, viewerId: number): boolean {
    if (user.deleted) return false;
    return user.id === viewerId || !user.photosHiddenFrom.has(viewerId);
  }

  /** The profile photos `viewerId` gets from photos.getUserPhotos, newest first. */
  listedPhotos(userId: number, viewerId: number): PhotoState[] {
    const user = this.usersById.get(userId);
    if (!user || !this.historyVisibleTo(user, viewerId)) return [];
    return user.photos.filter((p) => !p.removed);
  }

  /** The user's own current photo (the newest not removed), regardless of viewer. */
  currentPhoto(userId: number): PhotoState | null {
    return this.usersById.get(userId)?.photos.find((p) => !p.removed) ?? null;
  }

  /**
   * What user.photo shows `viewerId`: a personal photo the viewer set (contacts only),
   * else the current photo, else (if hidden from the viewer) the public fallback photo.
   */
  shownPhoto(user: UserState, viewerId: number): ShownPhoto | null {
    if (user.deleted) return null;
    if (user.personalPhoto && user.contactOf.has(viewerId)) return { photo: user.personalPhoto, personal: true };
    if (this.historyVisibleTo(user, viewerId)) {
      const current = this.currentPhoto(user.id);
      if (current) return { photo: current, personal: false };
      return null;
    }
    return user.fallbackPhoto ? { photo: user.fallbackPhoto, personal: false } : null;
  }

  isContact(user: UserState, viewerId: number): boolean {
    return user.contactOf.has(viewerId);
  }

  /** Mutual when the user is an account that has the viewer as a contact too. */
  isMutualContact(user: UserState, viewerId: number): boolean {
    return user.contactOf.has(viewerId) && (this.usersById.get(viewerId)?.contactOf.has(user.id) ?? false);
  }

  /** The users `accountId` has as contacts, by id. */
  contactsOf(accountId: number): UserState[] {
    return [...this.usersById.values()].filter((u) => u.contactOf.has(accountId)).sort((a, b) => a.id - b.id);
  }

  /** The current file_reference of a photo (rotated by rotateFileReferences). */
  fileReference(photo: PhotoState): Buffer {
    // Real references are opaque ~20-30 bytes; a leading 0x02 mimics their shape.
    return Buffer.concat([Buffer.from([2]), derive(this.seed, 'file-ref', photo.id, photo.referenceGeneration).subarray(0, 20)]);
  }

  /** The 256-byte pre-shared auth key of an account (deterministic from the seed). */
  authKeyFor(userId: number): Buffer {
    return deriveBytes(256, this.seed, 'auth-key', userId);
  }

  /** Emoji avatars: the custom emoji document id and background colours of the markup. */
  emojiMarkup(photo: PhotoState): { emojiId: bigint; backgroundColors: number[] } {
    const bytes = derive(this.seed, 'emoji', photo.id);
    const emojiId = 5_000_000_000_000_000_000n + (bytes.readBigUInt64LE(0) % 1_000_000_000_000_000n);
    const colours = [bytes.readUIntLE(8, 3), bytes.readUIntLE(11, 3), bytes.readUIntLE(14, 3), bytes.readUIntLE(17, 3)];
    return { emojiId, backgroundColors: colours.slice(0, 2 + (bytes[20]! % 3)) };
  }

  // ---- files -----------------------------------------------------------------------

  /** The exact bytes the sandbox serves for a photo's file ('a', 'c', or 'u' for videos). */
  fileBytes(photoId: string | bigint, type: FileType): Buffer {
    const photo = this.requirePhoto(photoId);
    if (!this.media.hasFile(photo, type)) throw new WorldError(`photo ${photo.id} has no '${type}' file`);
    return this.media.bytes(photo, type);
  }

  fileSize(photoId: string | bigint, type: FileType): number {
    return this.media.size(this.requirePhoto(photoId), type);
  }

  /** Hex sha256 of fileBytes. */
  expectedSha256(photoId: string | bigint, type: FileType): string {
    return createHash('sha256').update(this.fileBytes(photoId, type)).digest('hex');
  }

  /** Every downloadable file of a photo with its size and sha256 ('a', 'c', and 'u' for videos). */
  expectedFiles(photoId: string | bigint): ExpectedFile[] {
    const photo = this.requirePhoto(photoId);
    const types: FileType[] = photo.kind === 'video' ? ['a', 'c', 'u'] : ['a', 'c'];
    return types.map((type) => ({ type, size: this.media.size(photo, type), sha256: this.expectedSha256(photo.id, type) }));
  }

  /** The stripped 'i' bytes, as in photoStrippedSize and userProfilePhoto.stripped_thumb. */
  strippedBytes(photoId: string | bigint): Buffer {
    return this.media.stripped(this.requirePhoto(photoId));
  }

  requirePhoto(photoId: string | bigint): PhotoState {
    const photo = this.photosById.get(String(photoId));
    if (!photo) throw new WorldError(`no photo ${String(photoId)}`);
    return photo;
  }

  requireUser(userId: number): UserState {
    const user = this.usersById.get(userId);
    if (!user) throw new WorldError(`no user ${userId}`);
    return user;
  }

  // ---- changes over time ----------------------------------------------------------

  /** Sets a new current photo (newest id, date now unless given). Renders media pools if needed. */
  async addPhoto(userId: number, spec: NewPhotoSpec = {}): Promise<PhotoState> {
    const user = this.requireUser(userId);
    if (spec.dc !== undefined && !this.dcs.includes(spec.dc)) throw new WorldError(`DC ${spec.dc} is not in this world`);
    if (spec.width !== undefined && (spec.width < 160 || spec.width > 1280 || spec.width % 2 !== 0)) throw new WorldError('width must be even, 160-1280');
    const date = spec.date ?? Math.floor(Date.now() / 1000);
    let id = spec.id;
    if (id === undefined) {
      const byTime = BigInt(photoIdFor(date, 0));
      id = (byTime > this.maxPhotoId ? byTime : this.maxPhotoId + 1n).toString();
    }
    const kind = spec.kind ?? 'image';
    const candidate = { id, kind, width: spec.width ?? 640 };
    await this.media.prepare([candidate]);
    const photo = this.makePhoto({ ...spec, id, date, kind }, user, 'profile');
    user.photos = [photo, ...user.photos].sort(newestFirst);
    this.revision++;
    return photo;
  }

  /** Removes a photo from the profile: it leaves listings and the user's current photo. */
  removePhoto(userId: number, photoId: string | bigint): PhotoState {
    const user = this.requireUser(userId);
    const photo = user.photos.find((p) => p.id === String(photoId));
    if (!photo) throw new WorldError(`user ${userId} has no profile photo ${String(photoId)}`);
    photo.removed = true;
    this.revision++;
    return photo;
  }

  renameUser(userId: number, names: { firstName?: string; lastName?: string; username?: string | null }): UserState {
    const user = this.requireUser(userId);
    if (names.username) {
      if (!/^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(names.username)) throw new WorldError(`invalid username ${names.username}`);
      const owner = this.userByUsername(names.username);
      if (owner && owner.id !== userId) throw new WorldError(`username ${names.username} is taken by ${owner.id}`);
    }
    if (names.firstName !== undefined) {
      if (names.firstName.length === 0) throw new WorldError('firstName must not be empty');
      user.firstName = names.firstName;
    }
    if (names.lastName !== undefined) user.lastName = names.lastName;
    if (names.username !== undefined) user.username = names.username;
    this.revision++;
    return user;
  }

  setBio(userId: number, bio: string): UserState {
    const user = this.requireUser(userId);
    user.bio = bio;
    this.revision++;
    return user;
  }

  /** Hides the user's photo history from one account (a privacy setting). */
  hideHistory(userId: number, fromAccount: number): UserState {
    const user = this.requireUser(userId);
    if (!this.account(fromAccount)) throw new WorldError(`${fromAccount} is not an account`);
    user.photosHiddenFrom.add(fromAccount);
    this.revision++;
    return user;
  }

  showHistory(userId: number, toAccount: number): UserState {
    const user = this.requireUser(userId);
    user.photosHiddenFrom.delete(toAccount);
    this.revision++;
    return user;
  }

  /** The account is deleted: no names, no username, no photos, `deleted` flag. */
  deleteAccount(userId: number): UserState {
    const user = this.requireUser(userId);
    user.deleted = true;
    this.revision++;
    return user;
  }

  /** Invalidates file references (one user's photos, or all); old ones get FILE_REFERENCE_EXPIRED. */
  rotateFileReferences(userId?: number): number {
    let count = 0;
    for (const photo of this.photosById.values()) {
      if (userId !== undefined && photo.ownerId !== userId) continue;
      photo.referenceGeneration++;
      count++;
    }
    this.revision++;
    return count;
  }
}

function newestFirst(a: PhotoState, b: PhotoState): number {
  return a.idBig > b.idBig ? -1 : a.idBig < b.idBig ? 1 : 0;
}
