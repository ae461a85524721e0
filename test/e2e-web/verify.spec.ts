/**
 * Checking the archive from Settings, in Chromium against the real host and the
 * Telegram sandbox: a media file overwritten with junk is found by "Check only",
 * and "Check and repair" fetches it again from Telegram.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorldFileInput } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { expect, openApp, saveScreenshot, test as base } from './fixtures.js';
import { signedInHarness, workerSandbox, type SandboxAccount } from './signed-in-harness.js';

const KEEPER: SandboxAccount = { id: 1000, phone: '+15550001000', firstName: 'Keeper', username: 'keeper', dcId: 2 };
const WORLD: WorldFileInput = {
  version: 1,
  seed: 31,
  dcs: [1, 2],
  accounts: [{ userId: KEEPER.id, phone: KEEPER.phone, dc: 2, firstName: 'Keeper', username: 'keeper' }],
  users: [{ id: 5001, firstName: 'Alice', username: 'alice_archer', dc: 1, photos: [1, 2, 3].map((n) => ({ id: String(5001_000 + n), date: 1_600_000_000 + n })) }],
};

const test = base.extend<object, { sandbox: Sandbox }>({
  sandbox: workerSandbox(WORLD),
  harness: async ({ sandbox }, use) => {
    const harness = await signedInHarness(sandbox, KEEPER, { requestTimeoutMs: 60_000 });
    await use(harness);
    await harness.stop();
  },
});

test('Settings checks the archive and repairs a damaged file', async ({ page, harness, pageProblems }) => {
  const { host } = harness;
  const added = await host.dispatch('targets.add', { query: '@alice_archer' });
  expect(added.ok).toBe(true);
  expect(await (await host.sync.service.start()).done).toMatchObject({ status: 'done', errors: 0 });
  const file = host.archive.db.prepare('SELECT path, sha256 FROM files ORDER BY path LIMIT 1').get() as { path: string; sha256: string };
  const onDisk = path.join(host.archive.dir, file.path);
  fs.writeFileSync(onDisk, Buffer.alloc(2048, 0x33));

  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Check the archive' });
  await section.getByRole('button', { name: 'Check only' }).click();
  await expect(section.getByRole('status')).toContainText('1 file damaged or missing');
  await section.getByRole('button', { name: 'Check and repair' }).click();
  await expect(section.getByRole('status')).toContainText('1 file fetched again from Telegram.');
  await saveScreenshot(page, 'verify-repaired');
  expect(createHash('sha256').update(fs.readFileSync(onDisk)).digest('hex')).toBe(file.sha256);
  expect(pageProblems).toEqual([]);
});
