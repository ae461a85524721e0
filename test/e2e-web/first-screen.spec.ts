import type { Page } from '@playwright/test';
import { expect, openApp, saveScreenshot, test } from './fixtures.js';

const DAY = 24 * 3600_000;


const accountsSection = (page: Page) => page.getByRole('region', { name: 'Telegram accounts' });
const peopleSection = (page: Page) => page.getByRole('region', { name: 'People' });

test('shows the empty archive, then accounts and people written by the core', async ({ page, harness, pageProblems }) => {
  await openApp(page, harness);

  // Empty: one clear call to action, to connect an account.
  await expect(accountsSection(page).getByText('No Telegram account yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect a Telegram account' })).toBeVisible();
  await expect(peopleSection(page).getByText('No one in the archive yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add people to archive' })).toHaveCount(0);
  await saveScreenshot(page, 'first-screen-empty');

  // An account arrives (as a login would write it); main announces the change.
  const now = Date.now();
  harness.host.repos.accounts.upsert({ id: 777001, phone: '15550001111', firstName: 'Ada', lastName: 'Lovelace', username: 'ada', dcId: 2 }, now);
  harness.host.events.emit('archive.changed', { scope: 'accounts' });

  const ada = accountsSection(page).getByRole('listitem', { name: 'Ada Lovelace' });
  await expect(ada).toBeVisible();
  await expect(ada).toContainText('@ada');
  await expect(ada).toContainText('+15550001111');
  await expect(ada).toContainText('Active');
  await expect(page.getByRole('button', { name: 'Connect a Telegram account' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add people to archive' })).toBeVisible();
  await saveScreenshot(page, 'first-screen-account-no-people');

  // More accounts in other states, and people to archive.
  harness.host.repos.accounts.upsert(
    { id: 777002, phone: '4915112345678', firstName: 'Work', lastName: 'Phone', username: null, dcId: 4, status: 'needs_login' },
    now,
  );
  harness.host.repos.accounts.upsert({ id: 777003, phone: null, firstName: 'Old', lastName: '', username: 'old_me', dcId: 1, status: 'logged_out' }, now);
  harness.host.repos.targets.upsert({ userId: 880001, accountId: 777001, accessHash: '1', firstName: 'Grace', lastName: 'Hopper', username: 'grace' }, now - 3 * DAY);
  harness.host.repos.targets.upsert({ userId: 880002, accountId: 777001, accessHash: '2', firstName: 'Alan', lastName: 'Turing', username: null }, now - 2 * 3600_000);
  harness.host.repos.targets.upsert({ userId: 880003, accountId: 777001, accessHash: '3', firstName: '', lastName: '', username: 'nameless' }, now - 40 * DAY);
  harness.host.repos.targets.setPaused(880002, true);
  harness.host.events.emit('archive.changed', { scope: 'accounts' });
  harness.host.events.emit('archive.changed', { scope: 'targets' });

  await expect(accountsSection(page).getByRole('listitem', { name: 'Work Phone' })).toContainText('Needs login');
  await expect(accountsSection(page).getByRole('listitem', { name: 'Old' })).toContainText('Logged out');

  const people = peopleSection(page).getByRole('listitem');
  await expect(people).toHaveCount(3);
  // Newest first, as the core pages them.
  await expect(people.nth(0)).toHaveAccessibleName('Alan Turing');
  await expect(people.nth(0)).toContainText('Added 2 hours ago');
  await expect(people.nth(0)).toContainText('Paused');
  await expect(people.nth(1)).toHaveAccessibleName('Grace Hopper');
  await expect(people.nth(1)).toContainText('@grace');
  await expect(people.nth(1)).toContainText('Added 3 days ago');
  await expect(people.nth(1)).not.toContainText('Paused');
  await expect(people.nth(2)).toHaveAccessibleName('@nameless');
  await expect(people.nth(2)).toContainText('Added last month');
  await expect(peopleSection(page)).toContainText('3 in archive');
  // With several accounts, each person shows the one that archives them; accounts not logged in cannot be chosen.
  const through = people.nth(1).getByRole('combobox', { name: 'Account that archives Grace Hopper' });
  await expect(through).toHaveValue('777001');
  await expect(through.getByRole('option', { name: 'Work Phone (not logged in)' })).toBeDisabled();
  // The exact date is available on hover.
  await expect(people.nth(1).locator('time')).toHaveAttribute('title', /\d{4}/);

  await saveScreenshot(page, 'first-screen-filled');
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'first-screen-filled-dark');

  // Changes of other scopes do not refetch these lists. Events arrive in order: once the
  // accounts change that follows has been fetched for, a refetch for photos would have been asked first.
  const before = harness.calls.length;
  harness.host.events.emit('archive.changed', { scope: 'photos' });
  harness.host.events.emit('archive.changed', { scope: 'accounts' });
  await expect.poll(() => harness.calls.slice(before)).toContain('accounts.list');
  expect(harness.calls.slice(before).filter((call) => !call.startsWith('accounts.'))).toEqual([]);

  expect(pageProblems).toEqual([]);
});

test('the call to action opens the sign-in flow, and the sidebar navigates', async ({ page, harness, pageProblems }) => {
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Connect a Telegram account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connect a Telegram account' })).toBeVisible();
  // First run: no API keys yet, so the flow starts by asking for them (test/e2e-web/login.spec.ts goes on from here).
  await expect(page.getByRole('form', { name: 'Your Telegram API keys' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: 'Back to the archive' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();

  // Keyboard: the sidebar is reachable and shows where focus is.
  await nav.getByRole('button', { name: 'Archive' }).focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('button', { name: 'Accounts' })).toBeFocused();
  await expect(nav.getByRole('button', { name: 'Accounts' })).toHaveCSS('outline-style', 'solid');

  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText(harness.archiveDir)).toBeVisible();
  await nav.getByRole('button', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByText('No one in the archive yet')).toBeVisible();

  expect(pageProblems).toEqual([]);
});

test('pages through many people with the keyset cursor', async ({ page, harness, pageProblems }) => {
  const now = Date.now();
  harness.host.repos.accounts.upsert({ id: 1, phone: '1', firstName: 'Me', lastName: '', username: null, dcId: 2 }, now);
  for (let i = 1; i <= 130; i++) {
    harness.host.repos.targets.upsert({ userId: 10_000 + i, accountId: 1, accessHash: null, firstName: `Person ${i}`, lastName: '', username: null }, now - i * 60_000);
  }
  await openApp(page, harness);
  const people = peopleSection(page).getByRole('listitem');
  await expect(people).toHaveCount(100);
  await expect(peopleSection(page)).toContainText('Showing 100 of 130');
  await peopleSection(page).getByRole('button', { name: 'Show more' }).click();
  await expect(people).toHaveCount(130);
  await expect(people.last()).toHaveAccessibleName('Person 130');
  await expect(peopleSection(page).getByRole('button', { name: 'Show more' })).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('a failing request shows its message and code, and Try again recovers', async ({ page, harness }) => {
  harness.intercept((method) =>
    method === 'accounts.list' ? { ok: false, error: { code: 'ARCHIVE_UNREADABLE', message: 'The archive folder cannot be read.' } } : undefined,
  );
  await openApp(page, harness);
  const alert = accountsSection(page).getByRole('alert');
  await expect(alert).toContainText("Couldn't load your accounts.");
  await expect(alert).toContainText('The archive folder cannot be read.');
  await expect(alert).toContainText('ARCHIVE_UNREADABLE');
  // The people list still loads on its own.
  await expect(peopleSection(page).getByText('No one in the archive yet')).toBeVisible();
  await saveScreenshot(page, 'first-screen-error');

  harness.intercept(null);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('button', { name: 'Connect a Telegram account' })).toBeVisible();
  await expect(accountsSection(page).getByRole('alert')).toHaveCount(0);
});

test("when the core's archive is closed, the real dispatch error is shown", async ({ page, harness }) => {
  await harness.host.close();
  await page.goto(harness.url);
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(2);
  await expect(accountsSection(page).getByRole('alert')).toContainText('Something went wrong. Details are in the log.');
  await expect(accountsSection(page).getByRole('alert')).toContainText('INTERNAL');
  await expect(peopleSection(page).getByRole('alert')).toContainText('INTERNAL');
});

test('when the background process is gone, requests fail with a transport error', async ({ page, harness }) => {
  await openApp(page, harness);
  await expect(page.getByRole('button', { name: 'Connect a Telegram account' })).toBeVisible();
  await harness.stop();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
  const alert = accountsSection(page).getByRole('alert');
  await expect(alert).toContainText("Could not reach the app's background process");
  await expect(alert).toContainText('TRANSPORT');
});
