/**
 * The engine against Telegram's limits model (on by default in the sandbox):
 * a backfill of a world shaped like the bench world (3 DCs, the account on
 * DC 2, contacts × 20 photos, 10 % videos; 40 people here, not 300, so CI stays
 * short) causes no flood wait at all; with limits tighter than the engine
 * expects, the floods are obeyed, shown and the archive still ends exact; one
 * file part costs a bounded number of requests whatever the server answers; a
 * sync runs across server salt changes.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, RequestOutput } from '../../../preload/contract.js';

type SyncProgress = EventPayload<'sync.progress'>;
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { USERNAME_LOOKUPS_PER_DAY } from '../../../main/core/sync/username-lookups.js';
import { MAX_SENDS_PER_REQUEST } from '../../../main/core/telegram/retry-policy.js';
import { addTargets, expectArchiveExact, loggedInHost, SMALL_WORLD, syncOnce, tempDir, type SyncTestHost } from '../sync/support.js';

const KIB = 1024;
const bench = JSON.parse(fs.readFileSync('test/sandbox/worlds/bench.json', 'utf8')) as { generate: Record<string, unknown> } & WorldFileInput;
const benchShaped = (users: number): WorldFileInput => ({ ...bench, generate: { ...bench.generate, users } }) as WorldFileInput;

let sandbox: Sandbox | undefined;
let t: SyncTestHost | undefined;
afterEach(async () => {
  await t?.close();
  await sandbox?.stop();
  t = sandbox = undefined;
});

async function hostWithContacts(s: Sandbox): Promise<{ host: SyncTestHost; targets: number[] }> {
  const host = await loggedInHost(s, tempDir('limits-'));
  const candidates = await host.host.sync.targets.candidates('contacts');
  for (const c of candidates) await host.host.sync.targets.add({ userId: c.userId });
  return { host, targets: candidates.map((c) => c.userId) };
}

const floods = (s: Sandbox): Record<string, number> =>
  Object.fromEntries(Object.entries(s.control.metrics().errorsSent).filter(([message]) => /FLOOD/.test(message)));

describe("Telegram's limits", () => {
  it('a backfill of a bench-shaped world causes no FLOOD_WAIT or FLOOD_PREMIUM_WAIT and ends exact', async () => {
    sandbox = await startSandbox({ world: benchShaped(40) });
    for (const dc of sandbox.world.dcs) sandbox.control.setConditions(dc, { latencyMs: 10 });
    const { host, targets } = await hostWithContacts(sandbox);
    t = host;
    sandbox.control.resetMetrics();
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0, floodWaits: 0 });
    expect(floods(sandbox)).toEqual({});
    expectArchiveExact(t.host, sandbox, targets);
    // Sized parts: never more than the 2 MiB budget in flight on a DC, and small files asked small.
    for (const use of sandbox.control.downloadBudgetUse()) expect(use.peakBytesInFlight).toBeLessThanOrEqual(2 * 1024 * KIB);
  });

  it('limits tighter than the engine expects: the floods are obeyed and shown, and the archive still ends exact', async () => {
    sandbox = await startSandbox({ world: benchShaped(8) });
    const { host, targets } = await hostWithContacts(sandbox);
    t = host;
    sandbox.control.setLimits({
      downloadBudget: 1024 * KIB, // half what the engine expects; no part asks more than 1 MiB
      downloadWaitSeconds: 1,
      methods: { 'photos.GetUserPhotos': { perSecond: 1, burst: 2 } },
    });
    sandbox.control.resetMetrics();
    const shown: SyncProgress['floodWait'][] = [];
    const unsubscribe = t.host.events.subscribe((name, payload) => {
      if (name === 'sync.progress' && (payload as SyncProgress).floodWait) shown.push((payload as SyncProgress).floodWait);
    });
    const run = await syncOnce(t.host);
    unsubscribe();
    const answered = floods(sandbox);
    expect(Object.keys(answered).some((m) => m.startsWith('FLOOD_PREMIUM_WAIT_'))).toBe(true);
    expect(Object.keys(answered).some((m) => m.startsWith('FLOOD_WAIT_'))).toBe(true);
    expect(run.status).toBe('done');
    expect(run.errors).toBe(0);
    expect(run.floodWaits).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThan(0);
    expectArchiveExact(t.host, sandbox, targets);
    // Obeyed: after each answer the engine waited, so no DC got more than a few in a row.
    const total = Object.values(answered).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(60);
  });

  it('one file part costs at most MAX_SENDS_PER_REQUEST getFile calls, whatever the server keeps answering', async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD, limits: 'unlimited' }); // counting sends, not pacing them
    // 'no answer' is given up on by the request timeout: a short one here (the shared hosts wait long).
    t = await loggedInHost(sandbox, tempDir('limits-'), { syncOptions: { requestTimeoutMs: 2000, minBytesPerSecond: 1024 * 1024 } });
    await addTargets(t.host, [5004], sandbox); // two photos, one part each
    for (const fault of ['TIMEOUT', 'RPC_CALL_FAIL', 'INTERNAL', 'no answer'] as const) {
      sandbox.control.resetFaults();
      // Dan's files live on DCs 1 and 4; the account's home DC 2 answers the rest.
      if (fault === 'no answer') for (const dc of [1, 4]) sandbox.control.setConditions(dc, { latencyMs: 60_000 });
      else sandbox.control.queueError('upload.GetFile', fault, { times: 1000 });
      const parts = t.host.sync.repos.photos.pending([5004]).reduce((n, p) => n + p.wanted.length - p.done.length, 0) || 2;
      sandbox.control.resetMetrics();
      await syncOnce(t.host);
      const sent = sandbox.control.metrics().requestsByMethod['upload.GetFile'] ?? 0;
      expect(sent, fault).toBeGreaterThan(0);
      expect(sent, fault).toBeLessThanOrEqual(parts * MAX_SENDS_PER_REQUEST);
    }
    sandbox.control.resetFaults();
    await syncOnce(t.host);
    expectArchiveExact(t.host, sandbox, [5004]);
  });

  it('usernames: resolveUsername only for people not yet known, and the lookups left are told', async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
    t = await loggedInHost(sandbox, tempDir('limits-'));
    const resolves = (): number => sandbox!.control.metrics().requestsByMethod['contacts.ResolveUsername'] ?? 0;
    const add = async (query: string): Promise<RequestOutput<'targets.add'>> => {
      const result = await t!.host.dispatch('targets.add', { query });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as RequestOutput<'targets.add'>;
    };
    const first = await add('@carol_c'); // not a contact: one lookup
    expect(resolves()).toBe(1);
    expect(first.usernameLookupsLeft).toBe(USERNAME_LOOKUPS_PER_DAY - 1);
    expect((await add('https://t.me/Carol_C')).usernameLookupsLeft).toBe(USERNAME_LOOKUPS_PER_DAY - 1); // a target already: no lookup
    await t.host.dispatch('targets.candidates', { source: 'contacts' });
    await add('@alice_archer'); // seen among the contacts, with its access hash: no lookup
    expect(resolves()).toBe(1);
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
  });

  it('a sync across server salt changes ends exact', async () => {
    sandbox = await startSandbox({ world: benchShaped(10), salts: { periodMs: 400, graceMs: 0 } });
    for (const dc of sandbox.world.dcs) sandbox.control.setConditions(dc, { latencyMs: 20 });
    const { host, targets } = await hostWithContacts(sandbox);
    t = host;
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    expectArchiveExact(t.host, sandbox, targets);
  });
});
