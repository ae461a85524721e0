/**
 * Seeing the archive, in Chromium against the real host and the Telegram sandbox:
 * archive people, open one (avatar, counts, identity, a timeline by year with a
 * rename and a new bio between the photos), filter, view a still and a video
 * avatar that plays from its start frame, move with the keyboard and zoom; then
 * the all-people grid, which grows while a run archives more. Screenshots of every
 * screen in light and dark go to test/output/screenshots/.
 */
import type { Page } from '@playwright/test';
import type { RequestOutput } from '../../preload/contract.js';
import type { Harness } from '../harness/harness.js';
import type { Sandbox, WorldFileInput } from '../sandbox/index.js';
import { call, expect, openApp, saveScreenshots, test as base } from './fixtures.js';
import { signedInHarness, workerSandbox, type SandboxAccount } from './signed-in-harness.js';

const ARCHIVIST: SandboxAccount = { id: 1000, phone: '+15550001000', firstName: 'Archivist', username: 'archivist', dcId: 2 };
const ACCOUNT = ARCHIVIST.id;
const DAY = 86_400;

const photo = (user: number, n: number, date: number, extra: Record<string, unknown> = {}) => ({
  id: String(BigInt(user) * 1_000_000_000_000n + BigInt(n)),
  date,
  ...extra,
});

const WORLD: WorldFileInput = {
  version: 1,
  seed: 31,
  dcs: [1, 2],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Archivist', username: 'archivist' }],
  users: [
    {
      id: 6001,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      bio: 'Painter',
      dc: 1,
      contactOf: [ACCOUNT],
      photos: [
        photo(6001, 1, 1_580_000_000),
        photo(6001, 2, 1_600_000_000, { kind: 'video', videoStartTs: 0.5 }),
        photo(6001, 3, 1_640_000_000, { dc: 2 }),
        photo(6001, 4, 1_700_000_000),
      ],
      fallbackPhoto: photo(6001, 9, 1_560_000_000),
    },
    {
      id: 6002,
      firstName: 'Bob',
      lastName: 'Builder',
      username: 'bob_builder',
      dc: 2,
      contactOf: [ACCOUNT],
      photos: Array.from({ length: 30 }, (_, i) => photo(6002, i + 1, 1_650_000_000 + i * 20 * DAY, { dc: [1, 2][i % 2], width: 320 })),
    },
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

test.use({ viewport: { width: 1180, height: 1500 } });

/** Runs a sync of everyone to its end, then waits for the thumbnails it brought. */
async function archiveAll(harness: Harness, deep = false): Promise<void> {
  await call(harness, 'sync.start', deep ? { deep } : {});
  await expect
    .poll(async () => (await call<RequestOutput<'sync.status'>>(harness, 'sync.status', {})).current?.state ?? 'none', { timeout: 60_000 })
    .toMatch(/none|done/);
  const status = await call<RequestOutput<'sync.status'>>(harness, 'sync.status', {});
  expect(status.lastRun).toMatchObject({ status: 'done', errors: 0 });
  harness.host.thumbnails.poke();
  await harness.host.thumbnails.idle();
}

const tiles = (page: Page) => page.locator('.tile');
/** Every thumbnail in view has loaded real pixels (served by the archive handler). */
async function expectThumbnailsLoaded(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('.tile__image').evaluateAll((images) => images.length > 0 && images.every((i) => (i as { complete: boolean; naturalWidth: number }).complete && (i as { complete: boolean; naturalWidth: number }).naturalWidth > 0)))
    .toBe(true);
}

test('archive → a person → timeline with identity changes → filters → viewer (still, video) → all-people grid that grows live', async ({ page, harness, sandbox, pageProblems }) => {
  test.setTimeout(150_000);
  await call(harness, 'targets.add', { query: '@alice_archer' });
  await call(harness, 'targets.add', { query: '@bob_builder' });
  await archiveAll(harness);
  // A rename and a new bio, seen by the next run.
  sandbox.control.renameUser(6001, { firstName: 'Alicia', username: 'alicia_a' });
  sandbox.control.setBio(6001, 'Painter and sculptor');
  await archiveAll(harness, true);

  // People: avatars from the archive, counts per person.
  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click();
  const people = page.getByRole('list', { name: 'People being archived' });
  const alice = people.getByRole('listitem', { name: /Alicia Archer/ });
  await expect(alice).toContainText('5 photos · 1 videos · 0 removed');
  await expect(people.getByRole('listitem', { name: /Bob Builder/ })).toContainText('30 photos');
  const avatar = alice.locator('.avatar--photo img');
  await expect(avatar).toHaveAttribute('src', /^\/archive\/thumbs\/[0-9a-f]{2}\/[0-9a-f]{64}-grid\.webp$/);
  await expect.poll(() => avatar.evaluate((i) => (i as { complete: boolean; naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await saveScreenshots(page, 'people-avatars');

  // Add people: each contact's current photo, from the stripped thumbnail Telegram sends with the user.
  await page.getByRole('button', { name: 'Add people', exact: true }).click();
  const contacts = page.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByRole('checkbox')).toHaveCount(2);
  const candidateAvatars = contacts.locator('.avatar--photo');
  await expect(candidateAvatars).toHaveCount(2);
  await expect
    .poll(() => candidateAvatars.evaluateAll((spans) => spans.map((s) => (s as unknown as { style: { backgroundImage: string } }).style.backgroundImage)))
    .toEqual([expect.stringMatching(/^url\("blob:/), expect.stringMatching(/^url\("blob:/)]);
  await saveScreenshots(page, 'people-candidates-avatars');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click();

  // A person's page: identity at the top, then the timeline by year with the changes in it.
  await alice.getByRole('button', { name: 'Open Alicia Archer’s photos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alicia Archer' })).toBeVisible();
  await expect(page.getByText('@alicia_a', { exact: true })).toBeVisible();
  await expect(page.getByText('Painter and sculptor', { exact: true })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Photos of Alicia Archer' });
  await expect(timeline.locator('.tile')).toHaveCount(5);
  await expect(timeline.getByRole('heading', { level: 2 })).toHaveText(['2026', '2023', '2021', '2020', '2019']);
  await expect(timeline).toContainText('Name changed from Alice Archer to Alicia Archer');
  await expect(timeline).toContainText('Username changed to @alicia_a');
  await expect(timeline).toContainText('Bio changed to “Painter and sculptor”');
  await expect(timeline).toContainText('First seen as Alice Archer (@alice_archer)');
  await expectThumbnailsLoaded(page);
  await expect(timeline.getByRole('button', { name: /^Profile photo, set .*, public$/ })).toHaveCount(0);
  await expect(timeline.getByRole('button', { name: /^Public photo, set/ })).toHaveCount(1);
  await saveScreenshots(page, 'person-timeline');

  // Filters: videos, then public (fallback) photos, then nothing matches, then back to all.
  const filters = page.getByRole('toolbar', { name: 'Filters' });
  await filters.getByRole('button', { name: 'Videos' }).click();
  await expect(timeline.locator('.tile')).toHaveCount(1);
  await expect(timeline.getByRole('button', { name: /^Video, set/ })).toBeVisible();
  await filters.getByRole('button', { name: 'All' }).click();
  await filters.getByRole('button', { name: 'Public' }).click();
  await expect(timeline.locator('.tile')).toHaveCount(1);
  await filters.getByRole('checkbox', { name: 'Removed only' }).check();
  await expect(page.getByText('No photos match these filters')).toBeVisible();
  await saveScreenshots(page, 'person-filter-empty');
  await page.getByRole('button', { name: 'Show all photos' }).click();
  await expect(timeline.locator('.tile')).toHaveCount(5);

  // The viewer: a still, with what is known about it; keyboard to move, zoom, close.
  await timeline.locator('.tile').first().click();
  const viewer = page.getByRole('dialog');
  await expect(viewer).toBeFocused();
  await page.keyboard.press('Shift+Tab'); // focus stays in the dialog
  await expect(viewer.getByRole('button', { name: 'Save as…' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(viewer.getByRole('button', { name: 'Next photo' })).toBeFocused();
  await expect(viewer.getByText('1 of 5')).toBeVisible();
  const still = viewer.locator('img.viewer__media');
  await expect(still).toHaveAttribute('src', /^\/archive\/thumbs\/.*-preview\.webp$/);
  await expect.poll(() => still.evaluate((i) => (i as { complete: boolean; naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await expect(viewer.getByRole('complementary', { name: 'About this photo' })).toContainText('Seen by');
  await expect(viewer).toContainText('Archivist');
  await expect(viewer).toContainText(/DC [12]/);
  await expect(viewer).toContainText(/\d+ × \d+/);
  await page.keyboard.press('+');
  const stage = viewer.locator('.viewer__stage');
  await expect(stage).toHaveAttribute('data-zoom', '1.5');
  // Zoomed, the picture is larger than the stage and starts centred; a drag pans it.
  const scroll = () => stage.evaluate((s) => [(s as { scrollLeft: number }).scrollLeft, (s as { scrollTop: number }).scrollTop]);
  await expect.poll(async () => (await scroll())[0]).toBeGreaterThan(0);
  const [left = 0, top = 0] = await scroll();
  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 4 });
  await page.mouse.up();
  const [afterLeft = 0, afterTop = 0] = await scroll();
  expect(Math.abs(afterLeft - (left - 40))).toBeLessThanOrEqual(3);
  expect(Math.abs(afterTop - (top - 30))).toBeLessThanOrEqual(3);
  await saveScreenshots(page, 'viewer-still');
  await page.keyboard.press('0');
  await viewer.getByRole('button', { name: 'Show in folder' }).click();
  await expect(viewer.getByRole('alert')).toHaveText('This needs the desktop app.');
  await page.keyboard.press('End');
  await expect(viewer.getByText('5 of 5')).toBeVisible();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByText('2 of 5')).toBeVisible();

  // The video avatar: its MP4 through the archive handler (Range requests), playing from its start frame.
  await page.keyboard.press('End');
  while (!(await viewer.locator('video').count())) await page.keyboard.press('ArrowLeft');
  const video = viewer.locator('video');
  await expect(video).toHaveAttribute('src', /^\/archive\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.mp4$/);
  await expect.poll(() => video.evaluate((v) => (v as { readyState: number; paused: boolean; currentTime: number }).readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(() => video.evaluate((v) => !(v as { readyState: number; paused: boolean; currentTime: number }).paused && (v as { readyState: number; paused: boolean; currentTime: number }).currentTime >= 0.5), { timeout: 10_000 }).toBe(true);
  await saveScreenshots(page, 'viewer-video');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // Everyone's photos, by month.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Gallery' }).click();
  const grid = page.getByRole('region', { name: 'All photos' });
  await expect(grid.locator('.tile').first()).toBeVisible();
  await expect(grid.getByRole('heading', { level: 2 }).first()).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await expectThumbnailsLoaded(page);
  await saveScreenshots(page, 'gallery');

  // The keyboard moves through the grid: one tab stop, arrows along and across rows, Home/End, Enter opens.
  const gridTiles = grid.locator('.tile');
  await expect(grid.locator('.tile[tabindex="0"]')).toHaveCount(1);
  await gridTiles.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(gridTiles.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(gridTiles.first()).toBeFocused();
  const below = await grid.evaluate((g) => {
    // The tile under the first: the same column of the next row of photos.
    const first = g.querySelector('.tile')!.getBoundingClientRect();
    const under = [...g.querySelectorAll('.tile')].find((t) => t.getBoundingClientRect().top > first.bottom && Math.abs(t.getBoundingClientRect().left - first.left) < 2);
    return (under as { dataset: Record<string, string> } | undefined)?.dataset['index'];
  });
  await page.keyboard.press('ArrowDown');
  await expect(grid.locator(`.tile[data-index="${below}"]`)).toBeFocused();
  await page.keyboard.press('End');
  // The last photo (35: Alice's 5 and Bob's 30), scrolled into view and focused.
  await expect(grid.locator('.tile[data-index="34"]')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(grid.locator('.tile[data-index="0"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByText(/^1 of \d+$/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(grid.locator('.tile[data-index="0"]')).toBeFocused();

  // A run archives a new photo of Bob's while the gallery is open: it appears, without a reload.
  const pagesBefore = harness.calls.filter((c) => c === 'gallery.page').length;
  const added = await sandbox.control.addPhoto(6002, { date: Math.floor(Date.now() / 1000) + 3600 });
  await call(harness, 'sync.start', { userIds: [6002] });
  await expect(grid.locator(`[data-photo-id="${added.id}"]`)).toBeVisible({ timeout: 30_000 });
  await expect(grid.locator(`[data-photo-id="${added.id}"] img`)).toHaveAttribute('src', /-grid\.webp$/, { timeout: 30_000 });
  expect(harness.calls.filter((c) => c === 'gallery.page').length).toBe(pagesBefore);
  expect(await tiles(page).count()).toBeGreaterThan(0);

  expect(pageProblems).toEqual([]);
});
