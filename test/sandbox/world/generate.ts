/**
 * The world file's `generate` section: bulk users with photo histories, a pure function
 * of the seed (same file, same users, ids, dates and kinds).
 */
import type { PhotoKind, PhotoSpec, UserSpec, WorldFile } from './schema.js';
import { Rng } from './random.js';

const FIRST_NAMES = ['Ada', 'Boris', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Nikolai', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sven', 'Tanya', 'Umar', 'Vera', 'Wen', 'Xenia', 'Yusuf', 'Zoe'];
const LAST_NAMES = ['Adler', 'Baker', 'Costa', 'Dahl', 'Eriksen', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Ortiz', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const BIOS = ['', '', 'Coffee first.', 'Photographer', 'Somewhere between here and there', 'Travelling', 'DM for collabs', '🌿'];

/** 2015-01-01 .. 2025-06-01: the span generated photo dates fall in. */
const FIRST_DATE = 1_420_070_400;
const LAST_DATE = 1_748_736_000;

/**
 * Photo ids grow with date, like Telegram's: 5e18 + date·1e6 + a running counter, so a
 * later photo always has a larger id and ids never collide.
 */
export function photoIdFor(date: number, counter: number): string {
  return (5_000_000_000_000_000_000n + BigInt(date) * 1_000_000n + BigInt(counter % 1_000_000)).toString();
}

export function generateUsers(world: WorldFile): UserSpec[] {
  const spec = world.generate;
  if (!spec || spec.users === 0) return [];
  const rng = new Rng(world.seed, 'generate');
  const dcs = spec.dcs ?? world.dcs;
  const users: UserSpec[] = [];
  const allPhotos: PhotoSpec[] = [];
  let counter = 0;
  for (let i = 0; i < spec.users; i++) {
    const id = spec.firstUserId + i;
    const firstName = rng.pick(FIRST_NAMES);
    const dc = rng.pick(dcs);
    const count = typeof spec.photosPerUser === 'number' ? spec.photosPerUser : rng.int(spec.photosPerUser[0], spec.photosPerUser[1]);
    const dates = Array.from({ length: count }, () => rng.int(FIRST_DATE, LAST_DATE)).sort((a, b) => a - b);
    // Most photos live on the user's DC; some were uploaded elsewhere (as on Telegram).
    const photos: PhotoSpec[] = dates.map((date) => ({
      id: photoIdFor(date, counter++),
      date,
      dc: rng.next() < 0.8 ? dc : rng.pick(dcs),
      kind: 'image',
      width: 640,
    }));
    allPhotos.push(...photos);
    users.push({
      id,
      firstName,
      lastName: rng.pick(LAST_NAMES),
      username: `${firstName.toLowerCase()}_${id}`,
      phone: `+999${String(id).padStart(8, '0')}`,
      dc,
      bio: rng.pick(BIOS),
      contactOf: [...spec.contactOf],
      bot: false,
      deleted: false,
      photosHiddenFrom: [],
      photos,
      personalPhoto: null,
      fallbackPhoto: null,
    });
  }
  // Exact shares, chosen by a seeded shuffle, so a bench world has exactly N videos.
  const order = rng.shuffle(allPhotos.map((_, k) => k));
  const videos = Math.round(allPhotos.length * spec.videoShare);
  const emojis = Math.round(allPhotos.length * spec.emojiShare);
  order.forEach((k, n) => {
    const kind: PhotoKind = n < videos ? 'video' : n < videos + emojis ? 'emoji' : 'image';
    const photo = allPhotos[k]!;
    photo.kind = kind;
    if (kind === 'video') photo.videoStartTs = rng.int(0, 9) / 10;
  });
  return users;
}
