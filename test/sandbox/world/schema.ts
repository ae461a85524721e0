/**
 * World file, version 1 (shared/docs/architecture.md §7): the simulated Telegram a
 * sandbox starts from. Unknown fields are an error; missing optional fields take the
 * defaults documented here and in test/sandbox/README.md.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** A signed 64-bit integer written as a decimal string (JSON numbers lose precision past 2^53). */
const int64String = z
  .string()
  .regex(/^-?\d{1,19}$/, 'must be a decimal integer string')
  .refine((s) => BigInt(s) <= INT64_MAX && BigInt(s) >= INT64_MIN, 'must fit in a signed 64-bit integer');

const positiveInt64String = int64String.refine((s) => BigInt(s) > 0n, 'must be positive');

const userId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const dcId = z.number().int().min(1).max(999);
const phone = z.string().regex(/^\+\d{5,15}$/, "must be '+' followed by 5 to 15 digits");
/** Telegram's rule: 5-32 characters, a letter first, letters, digits and underscores. */
const username = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, 'must be 5-32 characters: a letter, then letters, digits or _');
const name = z.string().max(64);

export const PHOTO_KINDS = ['image', 'video', 'emoji'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export const PhotoSpecSchema = z.strictObject({
  /** Photo id (int64, decimal string), unique in the world. Later ids are newer photos. */
  id: positiveInt64String,
  /** Unix time the photo was set. */
  date: z.number().int().positive(),
  /** DC holding the files; default: the user's DC. */
  dc: dcId.optional(),
  /** image (stills only) | video (stills + MP4 'u') | emoji (stills + emoji markup). Default image. */
  kind: z.enum(PHOTO_KINDS).default('image'),
  /** Edge in px of the big still 'c' and of the MP4; 'a' is always 160. Even, 160-1280. Default 640. */
  width: z
    .number()
    .int()
    .min(160)
    .max(1280)
    .refine((w) => w % 2 === 0, 'must be even')
    .default(640),
  /** Seconds into the video where the still frame is taken (video only). Default 0. */
  videoStartTs: z.number().min(0).max(60).optional(),
});

export const UserSpecSchema = z.strictObject({
  id: userId,
  /** int64 decimal string; default derived from the seed and the id. */
  accessHash: int64String.optional(),
  firstName: name.min(1),
  lastName: name.default(''),
  username: username.nullable().default(null),
  phone: phone.nullable().default(null),
  /** Home DC; default the first of the world's dcs. */
  dc: dcId.optional(),
  /** The "about" text of users.getFullUser. Default empty. */
  bio: z.string().max(140).default(''),
  /** Accounts that have this user as a contact. */
  contactOf: z.array(userId).default([]),
  bot: z.boolean().default(false),
  deleted: z.boolean().default(false),
  /** Accounts that see an empty photo history (privacy). */
  photosHiddenFrom: z.array(userId).default([]),
  /** Profile photos, any order (sorted by id, newest first, when listed). */
  photos: z.array(PhotoSpecSchema).default([]),
  /** A photo the accounts set for this contact (users.getFullUser personal_photo). */
  personalPhoto: PhotoSpecSchema.nullable().default(null),
  /** The public photo shown to those the main one is hidden from (fallback_photo). */
  fallbackPhoto: PhotoSpecSchema.nullable().default(null),
});

export const AccountSpecSchema = z.strictObject({
  userId,
  phone,
  dc: dcId,
  firstName: name.min(1),
  lastName: name.default(''),
  username: username.nullable().default(null),
  bio: z.string().max(140).default(''),
  /** 2FA password; none by default. */
  password: z.string().min(1).max(256).optional(),
  loginCode: z.string().regex(/^\d{5}$/, 'must be 5 digits').default('12345'),
  /** Mint a pre-shared auth key and StringSession for this account (sandbox.sessionString). Default true. */
  startsLoggedIn: z.boolean().default(true),
  /** Telegram Premium: a larger download budget per DC (16 MiB of getFile limits in flight, not 2 MiB) and \`user.premium\`. */
  premium: z.boolean().default(false),
});

export const GenerateSpecSchema = z.strictObject({
  /** How many users to add after "users". */
  users: z.number().int().min(0).max(100_000),
  /** Photos per user: an exact count, or [min, max] drawn uniformly. Default [0, 40]. */
  photosPerUser: z
    .union([
      z.number().int().min(0).max(1000),
      z.tuple([z.number().int().min(0).max(1000), z.number().int().min(0).max(1000)]),
    ])
    .default([0, 40])
    .refine((p) => typeof p === 'number' || p[0] <= p[1], 'min must not exceed max'),
  /** Share of generated photos that are video avatars (exact, rounded). Default 0.1. */
  videoShare: z.number().min(0).max(1).default(0.1),
  /** Share of generated photos that are emoji avatars (exact, rounded). Default 0. */
  emojiShare: z.number().min(0).max(1).default(0),
  /** Accounts that have every generated user as a contact. Default none. */
  contactOf: z.array(userId).default([]),
  /** DCs generated users and photos are spread over. Default the world's dcs. */
  dcs: z.array(dcId).min(1).optional(),
  /** Id of the first generated user; the rest follow. Default 100000. */
  firstUserId: userId.default(100_000),
});

export const WorldFileSchema = z
  .strictObject({
    version: z.literal(1),
    /** Everything generated (bytes, hashes, keys, bulk users) is a function of the seed. Default 1. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    /** Simulated data centers, each on its own port. Default [1, 2, 3, 4, 5]. */
    dcs: z
      .array(dcId)
      .min(1)
      .refine((d) => new Set(d).size === d.length, 'must not repeat a DC')
      .default([1, 2, 3, 4, 5]),
    accounts: z.array(AccountSpecSchema).default([]),
    users: z.array(UserSpecSchema).default([]),
    generate: GenerateSpecSchema.optional(),
  })
  .superRefine(checkReferences);

/** A world file as written (defaults not yet applied). */
export type WorldFileInput = z.input<typeof WorldFileSchema>;
/** A validated world file with every default applied. */
export type WorldFile = z.output<typeof WorldFileSchema>;
export type PhotoSpec = z.output<typeof PhotoSpecSchema>;
export type UserSpec = z.output<typeof UserSpecSchema>;
export type AccountSpec = z.output<typeof AccountSpecSchema>;
export type GenerateSpec = z.output<typeof GenerateSpecSchema>;

type RefineContext = z.core.$RefinementCtx<WorldFile>;

/** Cross-references a schema cannot express field by field. */
function checkReferences(world: WorldFile, ctx: RefineContext): void {
  const fail = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  const dcs = new Set(world.dcs);
  const accountIds = new Set<number>();
  const phones = new Map<string, string>();
  const usernames = new Map<string, string>();

  const claimPhone = (value: string | null, where: (string | number)[], ownerId: number): void => {
    if (value === null) return;
    const previous = phones.get(value);
    if (previous !== undefined && previous !== String(ownerId)) fail(where, `phone ${value} is already used by ${previous}`);
    phones.set(value, String(ownerId));
  };
  const claimUsername = (value: string | null, where: (string | number)[], ownerId: number): void => {
    if (value === null) return;
    const key = value.toLowerCase();
    const previous = usernames.get(key);
    if (previous !== undefined && previous !== String(ownerId)) fail(where, `username ${value} is already used by ${previous}`);
    usernames.set(key, String(ownerId));
  };

  world.accounts.forEach((account, i) => {
    if (accountIds.has(account.userId)) fail(['accounts', i, 'userId'], `duplicate account ${account.userId}`);
    accountIds.add(account.userId);
    if (!dcs.has(account.dc)) fail(['accounts', i, 'dc'], `DC ${account.dc} is not in dcs`);
    claimPhone(account.phone, ['accounts', i, 'phone'], account.userId);
    claimUsername(account.username, ['accounts', i, 'username'], account.userId);
  });

  const userIds = new Set<number>();
  const photoIds = new Map<string, string>();
  world.users.forEach((user, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['users', i, ...rest];
    if (userIds.has(user.id)) fail(at('id'), `duplicate user ${user.id}`);
    userIds.add(user.id);
    if (user.dc !== undefined && !dcs.has(user.dc)) fail(at('dc'), `DC ${user.dc} is not in dcs`);
    const account = world.accounts.find((a) => a.userId === user.id);
    if (account && user.phone !== null && user.phone !== account.phone) fail(at('phone'), `differs from account ${user.id}'s phone`);
    if (account && user.dc !== undefined && user.dc !== account.dc) fail(at('dc'), `differs from account ${user.id}'s dc`);
    claimPhone(user.phone, at('phone'), user.id);
    claimUsername(user.username, at('username'), user.id);
    user.contactOf.forEach((id, j) => {
      if (!accountIds.has(id)) fail(at('contactOf', j), `${id} is not an account`);
    });
    user.photosHiddenFrom.forEach((id, j) => {
      if (!accountIds.has(id)) fail(at('photosHiddenFrom', j), `${id} is not an account`);
    });
    const checkPhoto = (photo: PhotoSpec, where: (string | number)[]): void => {
      const previous = photoIds.get(photo.id);
      if (previous !== undefined) fail([...where, 'id'], `photo id ${photo.id} is already used at ${previous}`);
      photoIds.set(photo.id, formatPath(where));
      if (photo.dc !== undefined && !dcs.has(photo.dc)) fail([...where, 'dc'], `DC ${photo.dc} is not in dcs`);
      if (photo.videoStartTs !== undefined && photo.kind !== 'video') fail([...where, 'videoStartTs'], 'only video photos have videoStartTs');
    };
    user.photos.forEach((photo, j) => checkPhoto(photo, at('photos', j)));
    if (user.personalPhoto) checkPhoto(user.personalPhoto, at('personalPhoto'));
    if (user.fallbackPhoto) checkPhoto(user.fallbackPhoto, at('fallbackPhoto'));
  });

  const generate = world.generate;
  if (generate) {
    generate.contactOf.forEach((id, j) => {
      if (!accountIds.has(id)) fail(['generate', 'contactOf', j], `${id} is not an account`);
    });
    generate.dcs?.forEach((dc, j) => {
      if (!dcs.has(dc)) fail(['generate', 'dcs', j], `DC ${dc} is not in dcs`);
    });
    if (generate.videoShare + generate.emojiShare > 1) fail(['generate', 'emojiShare'], 'videoShare + emojiShare must not exceed 1');
    const first = generate.firstUserId;
    const last = first + generate.users - 1;
    for (const id of [...userIds, ...accountIds]) {
      if (generate.users > 0 && id >= first && id <= last) {
        fail(['generate', 'firstUserId'], `generated ids ${first}..${last} collide with user ${id}`);
        break;
      }
    }
  }
}

export class WorldFileError extends Error {
  override name = 'WorldFileError';
}

/** `['users', 3, 'photos', 0, 'kind']` -> `users[3].photos[0].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Validates a parsed world file; throws WorldFileError naming the first bad field. */
export function parseWorldFile(raw: unknown): WorldFile {
  const result = WorldFileSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const lines = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new WorldFileError(`world file: ${lines.join('; ')}${more}`);
}

/** Reads and validates a world JSON file. */
export async function loadWorldFile(path: string): Promise<WorldFile> {
  const text = await readFile(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new WorldFileError(`world file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseWorldFile(raw);
}
