/**
 * The Export screen in Chromium against the real host and the sandbox: a new
 * profile with a template refused inline, then a live preview of the first
 * names, saved; an export run to its summary with the files on disk; a re-run
 * that writes nothing. Screenshots light and dark go to test/output/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestOutput } from '../../preload/contract.js';
import type { Harness } from '../harness/harness.js';
import type { Sandbox, WorldFileInput } from '../sandbox/index.js';
import { call, expect, openApp, saveScreenshots, test as base } from './fixtures.js';
import { signedInHarness, workerSandbox, type SandboxAccount } from './signed-in-harness.js';

const ARCHIVIST: SandboxAccount = { id: 1000, phone: '+15550001000', firstName: 'Archivist', username: 'archivist', dcId: 2 };

const photo = (user: number, n: number, date: number, extra: Record<string, unknown> = {}) => ({ id: String(BigInt(user) * 1_000_000_000_000n + BigInt(n)), date, ...extra });

const WORLD: WorldFileInput = {
  version: 1,
  seed: 41,
  dcs: [1, 2],
  accounts: [{ userId: ARCHIVIST.id, phone: ARCHIVIST.phone, dc: 2, firstName: 'Archivist', username: 'archivist' }],
  users: [
    {
      id: 6101,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      dc: 1,
      contactOf: [ARCHIVIST.id],
      photos: [photo(6101, 1, 1_580_000_000), photo(6101, 2, 1_600_000_000, { kind: 'video', width: 160 }), photo(6101, 3, 1_640_000_000)],
      fallbackPhoto: photo(6101, 9, 1_560_000_000),
    },
    { id: 6102, firstName: 'Bob', username: 'bob_builder', dc: 2, contactOf: [ARCHIVIST.id], photos: [photo(6102, 1, 1_650_000_000), photo(6102, 2, 1_660_000_000)] },
  ],
};

const test = base.extend<object, { sandbox: Sandbox }>({
  sandbox: workerSandbox(WORLD),
  harness: async ({ sandbox }, use) => {
    const harness = await signedInHarness(sandbox, ARCHIVIST, { concurrencyPerDc: 2, listingConcurrency: 2, requestTimeoutMs: 5000 });
    await use(harness);
    await harness.stop();
  },
});

test.use({ viewport: { width: 1180, height: 1300 } });

/** Runs a sync of everyone to its end. */
async function archiveAll(harness: Harness): Promise<void> {
  const { runId } = await call<RequestOutput<'sync.start'>>(harness, 'sync.start', {});
  await expect.poll(async () => (await call<RequestOutput<'sync.status'>>(harness, 'sync.status', {})).lastRun, { timeout: 60_000 }).toMatchObject({ id: runId, status: 'done' });
}

test('export: a template refused inline, a live preview, a saved profile run to its summary, a re-run that writes nothing', async ({ page, harness, pageProblems }) => {
  test.setTimeout(120_000);
  await call(harness, 'targets.add', { query: '@alice_archer' });
  await call(harness, 'targets.add', { query: '@bob_builder' });
  await archiveAll(harness);
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'export-e2e-'));

  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Export' })).toBeVisible();
  await expect(page.getByText('No exports yet')).toBeVisible();
  await page.getByRole('button', { name: 'New export' }).first().click();

  const form = page.getByRole('form', { name: 'New export' });
  await form.getByLabel('Name', { exact: true }).fill('Family');
  await form.getByLabel('Export folder').fill(destination);
  await form.getByLabel('Time zone').fill('UTC');
  const template = form.getByLabel('File names');
  await template.fill('../{photo_id}');
  await expect(form.getByRole('alert')).toContainText('".." folder');
  await expect(form.getByRole('button', { name: 'Save export' })).toBeDisabled();

  await template.fill('{username_now}/{date:%Y}/{kind}_{photo_id}');
  const preview = form.getByRole('list', { name: 'Preview of the first names' });
  await expect(preview.getByRole('listitem').first()).toHaveText('alice_archer/2019/fallback_6101000000000009.jpg');
  await expect(preview).toContainText('alice_archer/2020/profile_6101000000000001.jpg');
  await expect(form).toContainText('Preview: the first 7 of 7 files');
  await form.getByLabel('Video avatars').uncheck();
  await expect(form).toContainText('Preview: the first 6 of 6 files');
  await form.getByLabel('Video avatars').check();
  await saveScreenshots(page, 'export-editor');

  await form.getByRole('button', { name: 'Save export' }).click();
  const item = page.getByRole('listitem', { name: 'Family' });
  await expect(item).toContainText('Not exported yet.');
  await item.getByRole('button', { name: 'Export now' }).click();
  await expect(item.getByRole('status')).toContainText(/Exported .*: 7 files, 7 written, 0 unchanged\./);
  const files = fs.readdirSync(destination, { recursive: true }).map(String).filter((f) => /\.(jpg|mp4)$/.test(f)).sort();
  expect(files).toHaveLength(7);
  expect(files).toContain(path.join('bob_builder', '2022', 'profile_6102000000000001.jpg'));
  await saveScreenshots(page, 'export-list');

  await item.getByRole('button', { name: 'Export now' }).click();
  await expect(item.getByRole('status')).toContainText(/7 files, 0 written, 7 unchanged\./);
  expect(pageProblems).toEqual([]);
  fs.rmSync(destination, { recursive: true, force: true });
});

test('the offline web page opens from file:// with the network off: every person and photo, a video that plays', async ({ page, harness, sandbox }) => {
  test.setTimeout(120_000);
  await call(harness, 'targets.add', { query: '@alice_archer' });
  await call(harness, 'targets.add', { query: '@bob_builder' });
  await archiveAll(harness);
  sandbox.control.renameUser(6102, { firstName: 'Robert', username: 'robert_b' });
  await archiveAll(harness);
  harness.host.thumbnails.poke();
  await harness.host.thumbnails.idle();

  // A folder name with characters that mean something in URLs.
  const destination = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'export-web-')), 'photos #1 100%');
  const profile = harness.host.exports.save({
    ...(await call<RequestOutput<'export.fields'>>(harness, 'export.fields', {})).defaults,
    name: 'Web',
    destination,
    template: '{name_now}/{date} #{photo_id}',
    timeZone: 'UTC',
    webPage: true,
  });
  expect((await harness.host.exports.run(profile.id)).status).toBe('done');

  await page.context().setOffline(true);
  const remote: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    remote.push(route.request().url());
    return route.abort();
  });
  await page.goto(pathToFileURL(path.join(destination, 'index.html')).href);
  await expect(page.getByRole('heading', { level: 1, name: 'Telegram profile photos' })).toBeVisible();
  const people = page.getByRole('navigation', { name: 'People' });
  await expect(people.getByRole('link')).toHaveCount(2);
  await expect(people).toContainText('Alice Archer');
  await expect(people).toContainText('Robert');
  const alice = page.getByRole('region', { name: /Alice Archer/ });
  await expect(alice.locator('figure')).toHaveCount(4);
  await expect(page.getByRole('region', { name: /Robert/ }).locator('figure')).toHaveCount(2);
  await expect(page.getByRole('region', { name: /Robert/ })).toContainText('Name changed from Bob to Robert');
  await expect
    .poll(() => page.locator('img').evaluateAll((images) => images.length > 0 && images.every((i) => (i as { naturalWidth: number }).naturalWidth > 0)))
    .toBe(true);
  const video = alice.locator('video');
  await expect(video).toHaveCount(1);
  await video.evaluate((v) => {
    const el = v as { muted: boolean; play(): Promise<void> };
    el.muted = true;
    return el.play();
  });
  await expect.poll(() => video.evaluate((v) => (v as { currentTime: number }).currentTime)).toBeGreaterThan(0);
  expect(remote).toEqual([]);
  await saveScreenshots(page, 'export-web-page');
  fs.rmSync(path.dirname(destination), { recursive: true, force: true });
});
