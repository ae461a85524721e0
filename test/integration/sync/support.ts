/**
 * Shared set-up for the sync integration tests: small sandbox worlds, a host
 * logged in to a sandbox account (its session in the secret store, as after an
 * earlier login), and the check that an archive equals the world: every photo,
 * every kind, the sha256 of every file, nothing duplicated, nothing orphaned.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { createHost, type Host, type HostPorts } from '../../../main/host.js';
import type { Sandbox, WorldFileInput } from '../../sandbox/index.js';
import type { PhotoState } from '../../sandbox/world/world.js';

export const ACCOUNT = 1000;
export const API_ID = 12345;
export const API_HASH = '0123456789abcdef0123456789abcdef';

const photo = (user: number, n: number, extra: Record<string, unknown> = {}) => ({
  id: String(BigInt(user) * 1_000_000_000_000n + BigInt(n)),
  date: 1_600_000_000 + n * 86_400,
  ...extra,
});

/** n profile photos for a user, with ids user·10⁶ + 1… (small worlds written inline in a test). */
export const numberedPhotos = (user: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(user * 1_000_000 + i + 1), date: 1_600_000_000 + i }));

/** Small and varied: videos, emoji avatars, several DCs, personal and fallback photos, a long history. */
export const SMALL_WORLD: WorldFileInput = {
  version: 1,
  seed: 11,
  dcs: [1, 2, 3, 4],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Archivist', username: 'archivist' }],
  users: [
    {
      id: 5001,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      phone: '+15550005001',
      dc: 4,
      bio: 'Climber',
      contactOf: [ACCOUNT],
      photos: [photo(5001, 1, { dc: 4 }), photo(5001, 2, { kind: 'video', dc: 3, videoStartTs: 0.5 }), photo(5001, 3, { dc: 1, width: 1280 }), photo(5001, 4, { kind: 'emoji' })],
      personalPhoto: photo(5001, 50, { dc: 2 }),
      fallbackPhoto: photo(5001, 51, { dc: 4 }),
    },
    {
      id: 5002,
      firstName: 'Bob',
      username: 'bob_builder',
      dc: 2,
      contactOf: [ACCOUNT],
      photos: Array.from({ length: 130 }, (_, i) => photo(5002, i + 1, { dc: [1, 2, 3][i % 3], kind: i % 10 === 0 ? 'video' : 'image', width: 320 })),
    },
    { id: 5003, firstName: 'Carol', username: 'carol_c', phone: '+15550005003', dc: 3, photos: [photo(5003, 1), photo(5003, 2, { kind: 'video' })] },
    { id: 5004, firstName: 'Dan', username: 'dan_the_man', dc: 1, photos: [photo(5004, 1, { dc: 4 })], fallbackPhoto: photo(5004, 51) },
    { id: 5005, firstName: 'Eve', username: 'eve_empty', dc: 2, photos: [] },
    { id: 5006, firstName: 'Botty', username: 'botty_bot', dc: 2, bot: true, photos: [photo(5006, 1)] },
  ],
};

export const TARGETS = [5001, 5002, 5003, 5004, 5005];

export interface SyncTestHost {
  readonly host: Host;
  readonly dir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'sync-it-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A host on `dir` with the sandbox account logged in. */
export async function loggedInHost(sandbox: Sandbox, dir: string, ports: Partial<HostPorts> = {}, accountId = ACCOUNT): Promise<SyncTestHost> {
  const secrets = ports.secrets ?? new MemorySecretStore();
  const host = createHost({
    archiveDir: dir,
    secrets,
    appVersion: '0.0.0-test',
    platform: 'test',
    serverProfile: sandbox.serverProfile,
    telegramClientOptions: { logLevel: 'none', connectionRetries: 3, retryDelayMs: 100 },
    telegramCallTiming: { requestJitterMs: 0, floodSlackMs: () => 20, retry: { attempts: 3, baseMs: 50, capMs: 300 } },
    // No request is given up on while the machine is merely slow (exact request counts hold);
    // a test that drops connections passes a short requestTimeoutMs of its own.
    syncOptions: { requestTimeoutMs: 120_000, minBytesPerSecond: 1024 * 1024 },
    ...ports,
  });
  host.telegram.credentials.set({ apiId: API_ID, apiHash: API_HASH });
  await secrets.set(`session:${accountId}`, sandbox.sessionString(accountId));
  const account = sandbox.world.account(accountId)!;
  host.repos.accounts.upsert({ id: accountId, phone: account.phone, firstName: 'Archivist', lastName: '', username: null, dcId: account.dc }, Date.now());
  return { host, dir, close: () => host.close() };
}

/** Adds targets through the contract, by username where they have one. */
export async function addTargets(host: Host, userIds: readonly number[], sandbox: Sandbox): Promise<void> {
  for (const id of userIds) {
    const user = sandbox.world.user(id)!;
    const result = await host.dispatch('targets.add', { query: user.username ? `@${user.username}` : `+${user.phone}` });
    if (!result.ok) throw new Error(`targets.add ${id}: ${result.error.code} ${result.error.message}`);
  }
}

export async function syncOnce(host: Host, request: { userIds?: number[]; deep?: boolean } = {}) {
  const started = await host.sync.service.start(request);
  return started.done;
}

/** The photos of a user an account should hold, with their kind. */
export function expectedPhotos(sandbox: Sandbox, userId: number, accountId = ACCOUNT): { photo: PhotoState; kind: string }[] {
  const user = sandbox.world.user(userId)!;
  const out: { photo: PhotoState; kind: string }[] = sandbox.world.listedPhotos(userId, accountId).map((p) => ({ photo: p, kind: 'profile' }));
  if (user.personalPhoto && user.contactOf.has(accountId) && !user.deleted) out.push({ photo: user.personalPhoto, kind: 'personal' });
  if (user.fallbackPhoto && !user.deleted) out.push({ photo: user.fallbackPhoto, kind: 'fallback' });
  return out;
}

interface ArchivedPhoto {
  id: bigint;
  user_id: bigint;
  kind: string;
  dc_id: bigint;
  date: bigint;
  has_video: bigint;
  stripped: Buffer | null;
  emoji_markup: string | null;
  removed_at: bigint | null;
  hidden_since: bigint | null;
  files_complete: bigint;
  observed_by: bigint | null;
}

export function archivedPhotos(host: Host): Map<string, ArchivedPhoto> {
  const rows = host.archive.db.prepare('SELECT * FROM photos').safeIntegers(true).all() as ArchivedPhoto[];
  return new Map(rows.map((r) => [r.id.toString(), r]));
}

/**
 * The archive holds exactly `expected` (plus `alsoKept`, e.g. removed photos),
 * each with the right kind, user, date and DC, all files complete with the
 * world's bytes, every file once on disk, and no stray file in media/.
 */
export function expectArchiveExact(host: Host, sandbox: Sandbox, userIds: readonly number[], options: { alsoKept?: readonly string[] } = {}): void {
  const archived = archivedPhotos(host);
  const expectedIds = new Set<string>(options.alsoKept ?? []);
  for (const userId of userIds) {
    for (const { photo, kind } of expectedPhotos(sandbox, userId)) {
      expectedIds.add(photo.id);
      const row = archived.get(photo.id);
      expect(row, `photo ${photo.id} of ${userId} (${kind})`).toBeDefined();
      expect(row!.kind).toBe(kind);
      expect(Number(row!.user_id)).toBe(userId);
      expect(Number(row!.date)).toBe(photo.date);
      expect(Number(row!.dc_id)).toBe(photo.dc);
      expect(Number(row!.has_video)).toBe(photo.kind === 'video' ? 1 : 0);
      expect(row!.stripped?.equals(sandbox.world.strippedBytes(photo.id)), `stripped bytes of ${photo.id}`).toBe(true);
      if (photo.kind === 'emoji') expect(row!.emoji_markup).toContain(sandbox.world.emojiMarkup(photo).emojiId.toString());
    }
  }
  expect([...archived.keys()].sort()).toEqual([...expectedIds].sort());

  const files = host.archive.db
    .prepare('SELECT photo_id, size_type, sha256, bytes, path, mime FROM files')
    .safeIntegers(true)
    .all() as { photo_id: bigint; size_type: string; sha256: string; bytes: bigint; path: string; mime: string }[];
  const byPhoto = new Map<string, typeof files>();
  for (const f of files) byPhoto.set(f.photo_id.toString(), [...(byPhoto.get(f.photo_id.toString()) ?? []), f]);
  for (const id of expectedIds) {
    const row = archived.get(id)!;
    expect(Number(row.files_complete), `files of ${id} complete`).toBe(1);
    const photo = sandbox.world.photo(id)!;
    const want = photo.kind === 'video' ? ['c', 'u'] : ['c'];
    const got = byPhoto.get(id) ?? [];
    expect(got.map((f) => f.size_type).sort(), `file types of ${id}`).toEqual(want);
    for (const f of got) {
      expect(f.sha256, `sha256 of ${id}/${f.size_type}`).toBe(sandbox.world.expectedSha256(id, f.size_type as 'c' | 'u'));
      const onDisk = fs.readFileSync(path.join(host.archive.dir, f.path));
      expect(createHash('sha256').update(onDisk).digest('hex')).toBe(f.sha256);
      expect(f.mime).toBe(f.size_type === 'u' ? 'video/mp4' : 'image/jpeg');
    }
  }
  expectNoOrphans(host);
}

/** Every file under media/ is referenced by a row, no .part is left, no row points at a missing file. */
export function expectNoOrphans(host: Host): void {
  const referenced = new Set((host.archive.db.prepare('SELECT DISTINCT path FROM files').pluck().all() as string[]));
  const onDisk: string[] = [];
  const media = path.join(host.archive.dir, 'media');
  for (const entry of fs.readdirSync(media, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) onDisk.push(path.relative(host.archive.dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  expect(onDisk.filter((p) => !referenced.has(p)), 'orphan or .part files').toEqual([]);
  expect([...referenced].filter((p) => !fs.existsSync(path.join(host.archive.dir, p))), 'rows without files').toEqual([]);
}
