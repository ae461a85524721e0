/**
 * The real Electron app against the Telegram sandbox: enter API keys, sign in
 * by phone and code, add a contact, archive it, and find both of its photos'
 * files in the archive.
 */
import { expect, test } from '@playwright/test';
import { startSandbox, type Sandbox, type WorldFileInput } from '../sandbox/index.js';
import { launchApp, screenshot, skipReason, type RunningApp } from './app.js';

const WORLD: WorldFileInput = {
  version: 1,
  seed: 21,
  dcs: [1, 2, 3],
  accounts: [{ userId: 1000, phone: '+15550001000', dc: 2, firstName: 'Electron', lastName: 'Tester', startsLoggedIn: false }],
  users: [
    {
      id: 5001,
      firstName: 'Alice',
      lastName: 'Archer',
      username: 'alice_archer',
      dc: 3,
      contactOf: [1000],
      photos: [
        { id: '5001000000001', date: 1600000000 },
        { id: '5001000000002', date: 1600000100, dc: 1 },
      ],
    },
  ],
};

const reason = skipReason();

test.describe('the Electron app against the sandbox', () => {
  test.skip(reason !== null, reason ?? '');
  let sandbox: Sandbox;
  let running: RunningApp;

  test.beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD, log: () => undefined });
  });
  test.afterAll(async () => {
    await sandbox?.stop();
  });
  test.beforeEach(async () => {
    running = await launchApp({ serverProfile: sandbox.serverProfile });
  });
  test.afterEach(async () => {
    await running?.close();
  });

  test('signs in by phone and code, archives a contact, and holds both of its photos', async () => {
    test.setTimeout(120_000);
    const { window } = running;
    await window.getByRole('button', { name: 'Connect a Telegram account' }).click();
    const keys = window.getByRole('form', { name: 'Your Telegram API keys' });
    await keys.getByLabel('API ID').fill('12345');
    await keys.getByLabel('API hash').fill('0123456789abcdef0123456789abcdef');
    await keys.getByRole('button', { name: 'Save and continue' }).click();
    await window.getByRole('button', { name: /Phone number/ }).click();
    const phone = window.getByRole('textbox', { name: 'Phone number' });
    await phone.fill('+15550001000');
    await phone.press('Enter');
    const code = window.getByRole('textbox', { name: 'Login code' });
    await code.fill('12345');
    await code.press('Enter');
    await expect(window.getByRole('heading', { name: 'Welcome, Electron!' })).toBeVisible({ timeout: 20_000 });
    await screenshot(window, 'signed-in');
    await window.getByRole('button', { name: 'Go to your archive' }).click();

    await window.getByRole('button', { name: 'Add people to archive' }).click();
    const query = window.getByRole('textbox', { name: 'Username, link or phone number' });
    await query.fill('@alice_archer');
    await query.press('Enter');
    const added = window.getByRole('status', { name: 'Added to your archive' });
    await expect(added).toContainText('Added Alice Archer to your archive');
    await added.getByRole('button', { name: 'Archive now' }).click();

    const last = window.getByRole('region', { name: 'Archiving' }).getByRole('group', { name: 'Last run' });
    await expect(last).toContainText('Completed', { timeout: 60_000 });
    await screenshot(window, 'synced');
    const files = await window.evaluate(async () => {
      const api = (window as unknown as { api: { request: Record<string, (i: unknown) => Promise<{ ok: boolean; value?: { totals?: { files?: number } } }>> } }).api;
      const status = await api.request['sync.status']!({});
      return status.value?.totals?.files ?? 0;
    });
    expect(files).toBe(2);
  });
});
