/** Shared fixtures for the sandbox's handler tests (not a test file itself). */
import type { Api } from 'telegram';
import type { CallContext } from '../server/api.js';
import type { WorldFileInput } from '../world/schema.js';

/** A small world exercising every feature: videos, emoji, removal, hidden, deleted, bot, foreign DCs. */
export function smallWorld(): WorldFileInput {
  const photo = (n: number, extra: Record<string, unknown> = {}) => ({
    id: String(5_000_000_000_000_000_000n + BigInt(n)),
    date: 1_600_000_000 + n * 86_400,
    ...extra,
  });
  return {
    version: 1,
    seed: 99,
    dcs: [1, 2, 3, 4],
    accounts: [
      { userId: 100, phone: '+15550000100', dc: 2, firstName: 'Viewer', username: 'viewer_one' },
      { userId: 101, phone: '+15550000101', dc: 4, firstName: 'Other', password: 'pw', startsLoggedIn: false },
    ],
    users: [
      {
        id: 200,
        accessHash: '1234567890',
        firstName: 'Alice',
        username: 'alice_a',
        phone: '+15550000200',
        dc: 2,
        bio: 'hello',
        contactOf: [100],
        photos: Array.from({ length: 7 }, (_, i) =>
          photo(i + 1, i === 6 ? { kind: 'video', videoStartTs: 0.5 } : i === 5 ? { kind: 'emoji' } : i === 2 ? { dc: 3 } : {}),
        ),
        personalPhoto: photo(50),
        fallbackPhoto: photo(51),
      },
      { id: 201, firstName: 'Hidden', dc: 4, photosHiddenFrom: [100], photos: [photo(60), photo(61)], fallbackPhoto: photo(62) },
      { id: 202, firstName: 'Gone', dc: 2, deleted: true, contactOf: [100], photos: [photo(70)] },
      { id: 203, firstName: 'Bot', username: 'some_bot', dc: 1, bot: true, photos: [photo(80)] },
      { id: 204, firstName: 'Many', dc: 2, photos: Array.from({ length: 130 }, (_, i) => photo(1000 + i)) },
    ],
  };
}

export function ctx(userId: number | null, dcId = 2, method = 'test'): CallContext {
  return { dcId, authKeyId: 'ffffffffffffffff', userId, method, connectionId: 1, answered: Promise.resolve() };
}

/** Request objects reach handlers as parsed TL; tests build them with GramJS classes. */
export type AnyRequest = Api.AnyRequest;
