/**
 * Choosing people and archiving them, in Chromium against the real host and
 * the Telegram sandbox: add people by @username, by t.me link and from the
 * contacts list (an unknown username says so next to the field), archive them
 * with live progress, pause and resume, ride out a FLOOD_WAIT with a countdown,
 * then pause a person and remove one together with their photos.
 */
import type { Page } from '@playwright/test';
import type { RequestOutput } from '../../preload/contract.js';
import type { Harness } from '../harness/harness.js';
import type { Sandbox, WorldFileInput } from '../sandbox/index.js';
import { expect, openApp, saveScreenshot, test as base } from './fixtures.js';
import { signedInHarness, workerSandbox, type SandboxAccount } from './signed-in-harness.js';

const ARCHIVIST: SandboxAccount = { id: 1000, phone: '+15550001000', firstName: 'Archivist', username: 'archivist', dcId: 2 };
const ACCOUNT = ARCHIVIST.id;

const photo = (user: number, n: number, extra: Record<string, unknown> = {}) => ({
  id: String(BigInt(user) * 1_000_000_000_000n + BigInt(n)),
  date: 1_600_000_000 + n * 86_400,
  ...extra,
});

const WORLD: WorldFileInput = {
  version: 1,
  seed: 23,
  dcs: [1, 2, 3],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Archivist', username: 'archivist' }],
  users: [
    {
      id: 5001,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      dc: 1,
      contactOf: [ACCOUNT],
      photos: [photo(5001, 1), photo(5001, 2, { kind: 'video', videoStartTs: 0.5 }), photo(5001, 3, { dc: 3 }), photo(5001, 4, { width: 320 })],
    },
    {
      id: 5002,
      firstName: 'Bob',
      lastName: 'Builder',
      username: 'bob_builder',
      dc: 2,
      contactOf: [ACCOUNT],
      photos: Array.from({ length: 40 }, (_, i) => photo(5002, i + 1, { dc: [1, 2][i % 2], kind: i % 8 === 0 ? 'video' : 'image', width: 320 })),
    },
    { id: 5003, firstName: 'Carol', lastName: 'Chen', username: 'carol_c', dc: 3, contactOf: [ACCOUNT], photos: [photo(5003, 1)] },
    { id: 5004, firstName: 'Dan', lastName: 'Dawson', username: 'dan_the_man', dc: 1, photos: [photo(5004, 1), photo(5004, 2, { width: 320 })] },
  ],
};

/** Photos each person has in the world (no personal or fallback photos here). */
const PHOTOS = { alice: 4, bob: 40, dan: 2 } as const;

const test = base.extend<object, { sandbox: Sandbox }>({
  sandbox: workerSandbox(WORLD),
  harness: async ({ sandbox }, use) => {
    // One download at a time per DC. Runs are held mid-way by the sandbox (holdRequests) while
    // the test watches and steers, so a held request must not time out meanwhile.
    const harness = await signedInHarness(sandbox, ARCHIVIST, { concurrencyPerDc: 1, listingConcurrency: 1, requestTimeoutMs: 120_000 });
    await use(harness);
    await harness.stop();
    sandbox.control.resetFaults();
  },
});

test.use({ viewport: { width: 1100, height: 860 } });


async function syncStatus(harness: Harness): Promise<RequestOutput<'sync.status'>> {
  const result = await harness.host.dispatch('sync.status', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as RequestOutput<'sync.status'>;
}

const archiving = (page: Page) => page.getByRole('region', { name: 'Archiving' });
const peopleSection = (page: Page) => page.getByRole('region', { name: 'People' });
const totals = (page: Page) => archiving(page).getByRole('definition');

test('add people three ways, archive them with live progress, pause, flood wait, remove with purge', async ({ page, harness, sandbox, pageProblems }) => {
  test.setTimeout(120_000);
  await openApp(page, harness);
  await expect(archiving(page)).toContainText('Nothing to archive yet');
  await expect(archiving(page).getByRole('button', { name: 'Archive now' })).toBeDisabled();
  await page.getByRole('button', { name: 'Add people to archive' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add people' })).toBeVisible();

  // By @username.
  const query = page.getByRole('textbox', { name: 'Username, link or phone number' });
  await expect(query).toBeFocused();
  await expect(page.getByRole('list', { name: 'What you can enter' })).toContainText('t.me/username');
  await query.fill('@alice_archer');
  await expect(page.getByText('A username: @alice_archer.')).toBeVisible();
  await query.press('Enter');
  const added = page.getByRole('status', { name: 'Added to your archive' });
  await expect(added).toContainText('Added Alice Archer to your archive');
  await expect(query).toHaveValue('');

  // An unknown username: main's message next to the field.
  await query.fill('@nobody_here_at_all');
  await query.press('Enter');
  const queryForm = page.getByRole('form', { name: 'By username, link or phone number' });
  await expect(queryForm.getByRole('alert')).toHaveText(/No Telegram user has this username/);
  await expect(query).toHaveAttribute('aria-invalid', 'true');
  await expect(query).toHaveValue('@nobody_here_at_all');
  await saveScreenshot(page, 'people-add');

  // Something that is not a username at all.
  await query.fill('t.me/joinchat/abc');
  await query.press('Enter');
  await expect(queryForm.getByRole('alert')).toHaveText(/does not name a person/);

  // By t.me link.
  await query.fill('https://t.me/dan_the_man');
  await expect(page.getByText('A t.me link to @dan_the_man.')).toBeVisible();
  await query.press('Enter');
  await expect(added).toContainText('Added 2 people to your archive');
  await expect(queryForm.getByRole('alert')).toHaveCount(0);

  // From contacts: the people already archived are marked and cannot be ticked.
  const picker = page.getByRole('region', { name: 'Pick from your contacts and chats' });
  await expect(picker.getByRole('tab', { name: 'From contacts' })).toHaveAttribute('aria-selected', 'true');
  const contacts = picker.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByRole('checkbox')).toHaveCount(3);
  const alice = contacts.getByRole('checkbox', { name: 'Alice Archer (already archived)' });
  await expect(alice).toBeChecked();
  await expect(alice).toBeDisabled();
  await contacts.getByRole('checkbox', { name: 'Bob Builder' }).check();
  await expect(picker).toContainText('1 selected');
  await picker.getByRole('button', { name: 'Add to archive' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'people-candidates');

  // Search as you type.
  const search = picker.getByRole('searchbox', { name: 'Search by name or username' });
  await search.fill('car');
  await expect(contacts.getByRole('checkbox')).toHaveCount(1);
  await expect(contacts.getByRole('checkbox', { name: 'Carol Chen' })).toBeVisible();
  await search.fill('zzz');
  await expect(picker.getByRole('tabpanel')).toContainText('No one matches “zzz”.');
  await search.fill('');

  // The chats tab lists private chats, Dan (added by link) among them.
  await picker.getByRole('tab', { name: 'From chats' }).click();
  const chats = picker.getByRole('list', { name: 'Chats' });
  await expect(chats.getByRole('checkbox', { name: 'Alice Archer (already archived)' })).toBeDisabled();
  await picker.getByRole('tab', { name: 'From contacts' }).click();

  await picker.getByRole('button', { name: 'Add to archive' }).click();
  await expect(added).toContainText('Added 3 people to your archive');
  await expect(contacts.getByRole('checkbox', { name: 'Bob Builder (already archived)' })).toBeDisabled();
  expect((await harness.host.dispatch('targets.list', {})) as { ok: true; value: { total: number } }).toMatchObject({ ok: true, value: { total: 3 } });

  // Archive now: a run of these three, shown on the Archive view with its progress. After two
  // files the sandbox holds the downloads: the run is still going, however slow the machine.
  sandbox.control.holdRequests('upload.GetFile', { pass: 2 });
  await added.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
  const run = archiving(page).getByRole('group', { name: 'Archiving now' });
  await expect(run).toBeVisible();
  const bar = run.getByRole('progressbar', { name: 'Files downloaded' });
  await expect(bar).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);
  await expect(run).toContainText(/\d+ of \d+ files/);
  await expect(run).toContainText(/\d+ photos found/);
  await expect(page.getByRole('complementary').getByRole('button', { name: /Archiving…/ })).toBeVisible();
  await saveScreenshot(page, 'sync-running');

  // Pause: nothing more comes in; then a FLOOD_WAIT waits for the next download, and Resume meets it.
  await archiving(page).getByRole('button', { name: 'Pause' }).click();
  await expect(run).toContainText('Paused');
  await expect(archiving(page).getByRole('button', { name: 'Resume' })).toBeVisible();
  // The held downloads (asked before the pause) are answered now; nothing new is asked while paused.
  sandbox.control.releaseRequests();
  await new Promise((resolve) => setImmediate(resolve)); // no latency: they are past the sandbox's error queue
  // After Resume the first download meets FLOOD_WAIT_3 and the others wait at the sandbox, so
  // nothing changes the notice until we release them: it shows its countdown, or "resuming now".
  sandbox.control.queueError('upload.GetFile', 'FLOOD_WAIT_3');
  sandbox.control.holdRequests('upload.GetFile', { pass: 1 });
  await archiving(page).getByRole('button', { name: 'Resume' }).click();
  const flood = run.getByRole('status').filter({ hasText: 'Telegram asked us to slow down' });
  await expect(flood).toContainText(/resuming (in 0:0[1-3]|now…)/);
  await expect(flood).toHaveAttribute('title', /upload\.GetFile/);
  await expect(run.getByRole('alert')).toHaveCount(0);
  await saveScreenshot(page, 'sync-flood-wait');

  // It carries on by itself and completes; the summary and the totals follow.
  sandbox.control.releaseRequests();
  const last = archiving(page).getByRole('group', { name: 'Last run' });
  await expect(last).toContainText('Completed');
  await expect(run).toHaveCount(0);
  const photos = PHOTOS.alice + PHOTOS.bob + PHOTOS.dan;
  await expect(last).toContainText(`${photos} photos found`);
  await expect(last).toContainText('no errors');
  await expect(last).toContainText(/Telegram asked to slow down \d+ times?/);
  const status = await syncStatus(harness);
  expect(status.totals).toMatchObject({ targets: 3, photos, pendingPhotos: 0 });
  await expect(totals(page)).toHaveText(['3', String(photos), String(status.totals.files), /\d+(\.\d)? kB|MB/]);
  await expect(page.getByRole('complementary').getByRole('button', { name: /Archive up to date/ })).toBeVisible();
  await saveScreenshot(page, 'sync-done');

  // Pause one person: badge and button follow.
  const bob = peopleSection(page).getByRole('listitem', { name: 'Bob Builder' });
  await bob.getByRole('button', { name: 'Pause archiving Bob Builder' }).click();
  await expect(bob).toContainText('Paused');
  await bob.getByRole('button', { name: 'Resume archiving Bob Builder' }).click();
  await expect(bob.getByRole('button', { name: 'Pause archiving Bob Builder' })).toBeVisible();
  await expect(bob.getByText('Paused', { exact: true })).toHaveCount(0);

  // Remove asks first, says what stays, and can delete the photos too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'People' }).click();
  const dan = peopleSection(page).getByRole('listitem', { name: 'Dan Dawson' });
  await dan.getByRole('button', { name: 'Remove Dan Dawson' }).click();
  const confirm = dan.getByRole('group', { name: 'Remove Dan Dawson?' });
  await expect(confirm.getByRole('button', { name: 'Remove' })).toBeFocused();
  await expect(confirm).toContainText('The photos already archived stay on this computer');
  await confirm.getByRole('checkbox', { name: 'Also delete their archived photos' }).check();
  await expect(confirm).toContainText('This cannot be undone.');
  await saveScreenshot(page, 'people-remove-confirm');
  await confirm.getByRole('button', { name: 'Remove and delete photos' }).click();
  await expect(peopleSection(page).getByRole('status')).toContainText(`Dan Dawson is no longer archived. Deleted ${PHOTOS.dan} archived photos`);
  await expect(dan).toHaveCount(0);
  await expect(peopleSection(page).getByRole('listitem')).toHaveCount(2);
  expect((await syncStatus(harness)).totals).toMatchObject({ targets: 2, photos: PHOTOS.alice + PHOTOS.bob });

  // The Archive view's totals follow.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await expect(totals(page).nth(1)).toHaveText(String(PHOTOS.alice + PHOTOS.bob));

  expect(pageProblems).toEqual([]);
});

test('Cancel stops a run, and a second start meanwhile is refused', async ({ page, harness, sandbox, pageProblems }) => {
  test.setTimeout(60_000);
  for (const name of ['@bob_builder', '@alice_archer']) {
    const result = await harness.host.dispatch('targets.add', { query: name });
    expect(result.ok, name).toBe(true);
  }
  await openApp(page, harness);
  await expect(archiving(page)).toContainText('Not archived yet');
  // The sandbox holds every download: the run cannot end before Cancel, however slow the machine.
  sandbox.control.holdRequests('upload.GetFile');
  await archiving(page).getByRole('button', { name: 'Archive now' }).click();
  const run = archiving(page).getByRole('group', { name: 'Archiving now' });
  await expect(run).toBeVisible();

  // A second start (the CLI, say) is refused while this one runs.
  const second = await harness.host.dispatch('sync.start', {});
  expect(second.ok).toBe(false);

  await archiving(page).getByRole('button', { name: 'Cancel' }).click();
  const last = archiving(page).getByRole('group', { name: 'Last run' });
  await expect(last).toContainText('Cancelled');
  await expect(archiving(page).getByRole('button', { name: 'Archive now' })).toBeEnabled();
  sandbox.control.releaseRequests();
  expect(pageProblems).toEqual([]);
});
