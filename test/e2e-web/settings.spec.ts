/**
 * The Settings screen in Chromium against the real core: invalid values are
 * refused with the message next to their field and nothing is stored; valid
 * ones are saved in the archive and survive a reload; the theme applies to the
 * window; a person gets an interval of their own and loses it again.
 */
import type { Page } from '@playwright/test';
import { readSettings } from '../../main/core/schedule/app-settings.js';
import { expect, openApp, saveScreenshot, test } from './fixtures.js';

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
/** The error shown next to a field: its input's accessible description. */
const errorOf = (page: Page, label: string) => page.locator('.field').filter({ has: field(page, label) }).locator('.field__error');

test('refuses invalid settings next to their fields, saves valid ones, applies the theme', async ({ page, harness, pageProblems }) => {
  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(field(page, 'Check everyone every')).toHaveValue('60');
  await expect(page.getByLabel('Schedule status')).toContainText('0 of 5,000 requests used today, 5,000 left.');
  await saveScreenshot(page, 'settings-defaults');

  // Out of range, not a number, too many: each says what is wrong, next to its own field.
  await field(page, 'Check everyone every').fill('2');
  await field(page, 'Daily request budget').fill('lots');
  await field(page, 'Files at once').fill('500');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(errorOf(page, 'Check everyone every')).toHaveText(/The interval must be at least 5 minutes\./);
  await expect(errorOf(page, 'Daily request budget')).toHaveText(/The daily request budget must be a number\./);
  await expect(errorOf(page, 'Files at once')).toHaveText(/Files at once must be at most 64 files\./);
  await expect(field(page, 'Check everyone every')).toHaveAttribute('aria-invalid', 'true');
  await expect(errorOf(page, 'Full history scan every')).toHaveCount(0);
  await expect(page.getByText('Nothing was saved: fix the fields marked above.')).toBeVisible();
  await saveScreenshot(page, 'settings-invalid');
  expect(readSettings(harness.host.repos.settings).schedule.intervalMinutes).toBe(60); // nothing stored

  // The core refuses the same values on its own (a renderer is not trusted).
  const refused = await harness.host.dispatch('settings.update', { schedule: { intervalMinutes: 2 } });
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

  await field(page, 'Check everyone every').fill('30');
  await field(page, 'Daily request budget').fill('2,000');
  await field(page, 'Files at once').fill('8');
  await page.getByLabel('Removed photos').uncheck();
  await field(page, 'Theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('.field__error')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(readSettings(harness.host.repos.settings)).toMatchObject({
    schedule: { intervalMinutes: 30, dailyRequestBudget: 2000 },
    concurrency: { filesPerDc: 8 },
    notifications: { newPhotos: true, removedPhotos: false },
    theme: 'dark',
  });
  // The sync engine reads the same keys.
  expect(harness.host.sync.service.options().concurrencyPerDc).toBe(8);
  await saveScreenshot(page, 'settings-saved-dark');

  await page.reload();
  await harness.waitForEventClients(1, 60_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(field(page, 'Check everyone every')).toHaveValue('30');
  await expect(page.getByLabel('Removed photos')).not.toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(pageProblems).toEqual([]);
});

test('gives a person an interval of their own, refusing one that is too short', async ({ page, harness, pageProblems }) => {
  harness.host.repos.targets.upsert({ userId: 880001, accountId: null, accessHash: null, firstName: 'Grace', lastName: 'Hopper', username: 'grace' }, Date.now());
  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Set a person’s interval' });
  await form.getByLabel('Person').selectOption({ label: 'Grace Hopper' });
  await form.getByLabel('Check every').fill('1');
  await form.getByRole('button', { name: 'Set interval' }).click();
  await expect(form.locator('.field__error')).toHaveText(/The interval must be at least 5 minutes\./);
  await form.getByLabel('Check every').fill('15');
  await form.getByRole('button', { name: 'Set interval' }).click();
  const grace = page.getByRole('list', { name: 'People with their own interval' }).getByRole('listitem', { name: 'Grace Hopper' });
  await expect(grace).toContainText('every 15 minutes');
  expect(harness.host.repos.targets.get(880001)?.scheduleMinutes).toBe(15);
  await saveScreenshot(page, 'settings-person-schedule');
  await grace.getByRole('button', { name: 'Use the archive’s interval' }).click();
  await expect(grace).toHaveCount(0);
  expect(harness.host.repos.targets.get(880001)?.scheduleMinutes).toBeNull();
  expect(pageProblems).toEqual([]);
});
