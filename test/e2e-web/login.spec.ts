/**
 * The sign-in flow in Chromium, end to end: the built renderer, the real host
 * (dispatch, login service, gateway, GramJS) and the Telegram sandbox standing
 * in for Telegram. A person enters API keys, signs in by phone + code + 2FA
 * password and by QR code (approved through the sandbox's control API), sees
 * errors next to the fields, cancels, and logs out.
 */
import type { Page } from '@playwright/test';
import { startHarness, type Harness } from '../harness/harness.js';
import type { Sandbox, WorldFileInput } from '../sandbox/index.js';
import { expect, openApp, saveScreenshot, saveScreenshots, test as base } from './fixtures.js';
import { workerSandbox } from './signed-in-harness.js';

const API_ID = '12345';
const API_HASH = '0123456789abcdef0123456789abcdef';
const DEMO = { userId: 1000, phone: '+15550001000', code: '12345', name: 'Demo Archivist' } as const;
/** Lives on DC 4 (its login follows PHONE_MIGRATE_4) and has a 2FA password. */
const TWO_FA = { userId: 1001, phone: '+15550001001', code: '24680', password: 'hunter2', name: 'Second Account' } as const;

const WORLD: WorldFileInput = {
  version: 1,
  seed: 11,
  dcs: [1, 2, 3, 4, 5],
  accounts: [
    { userId: DEMO.userId, phone: DEMO.phone, dc: 2, firstName: 'Demo', lastName: 'Archivist', username: 'demo_archivist', startsLoggedIn: false },
    {
      userId: TWO_FA.userId,
      phone: TWO_FA.phone,
      dc: 4,
      firstName: 'Second',
      lastName: 'Account',
      password: TWO_FA.password,
      loginCode: TWO_FA.code,
      startsLoggedIn: false,
    },
  ],
  users: [],
};

const test = base.extend<{ qrRefreshLeadMs: number | undefined }, { sandbox: Sandbox }>({
  // One sandbox per worker: logins do not disturb each other (each gets its own auth key).
  sandbox: workerSandbox(WORLD),
  qrRefreshLeadMs: [undefined, { option: true }],
  harness: async ({ sandbox, qrRefreshLeadMs }, use) => {
    const harness = await startHarness({
      hostPorts: {
        serverProfile: sandbox.serverProfile,
        telegramClientOptions: { logLevel: 'none', connectionRetries: 2, retryDelayMs: 100, ...(qrRefreshLeadMs ? { qrRefreshLeadMs } : {}) },
        telegramCallTiming: { requestJitterMs: 0, floodSlackMs: () => 20, retry: { attempts: 3, baseMs: 20, capMs: 100 } },
      },
    });
    await use(harness);
    await harness.stop();
    sandbox.control.resetFaults();
  },
});

// Tall enough that each step's card, footer included, is in the screenshots.
test.use({ viewport: { width: 1100, height: 860 } });


async function setCredentials(harness: Harness): Promise<void> {
  const result = await harness.host.dispatch('credentials.set', { apiId: API_ID, apiHash: API_HASH });
  expect(result.ok).toBe(true);
}

/** Opens the sign-in flow from the first screen, with API keys already set: the method chooser. */
async function openChooser(page: Page, harness: Harness): Promise<void> {
  await setCredentials(harness);
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Connect a Telegram account' }).click();
  await expect(page.getByRole('heading', { name: 'How do you want to sign in?' })).toBeFocused();
}

/** Logs an account in through the contract, as the wizard would (for tests about what comes after). */
async function loginThroughContract(harness: Harness, account: { phone: string; code: string }): Promise<void> {
  await setCredentials(harness);
  for (const [name, input] of [
    ['login.start', { method: 'phone' }],
    ['login.submitPhone', { phone: account.phone }],
    ['login.submitCode', { code: account.code }],
  ] as const) {
    const result = await harness.host.dispatch(name, input);
    expect(result.ok, name).toBe(true);
  }
}

const accountsSection = (page: Page) => page.getByRole('region', { name: 'Telegram accounts' });
const wizard = (page: Page, title: string) => page.getByRole('form', { name: title }).or(page.getByRole('region', { name: title }));

test('first run: API keys, then phone, code and 2FA password; the account appears on the first screen', async ({ page, harness, pageProblems }) => {
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Connect a Telegram account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connect a Telegram account' })).toBeVisible();

  // API keys: what they are and where to get them (opened outside the app).
  const keys = page.getByRole('form', { name: 'Your Telegram API keys' });
  await expect(keys).toBeVisible();
  const link = keys.getByRole('link', { name: 'my.telegram.org' });
  await expect(link).toHaveAttribute('href', 'https://my.telegram.org');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noreferrer');
  const apiId = keys.getByLabel('API ID');
  const apiHash = keys.getByLabel('API hash');
  await expect(apiId).toBeFocused();
  await saveScreenshot(page, 'login-credentials');

  // Client-side hints while typing; main's own message when it refuses.
  await apiId.fill('12a');
  await expect(keys).toContainText('The API ID is a number, digits only');
  await apiId.fill(API_ID);
  await apiHash.fill('0123456789abcdef');
  await keys.getByRole('button', { name: 'Save and continue' }).click();
  await expect(keys.getByRole('alert').filter({ hasText: 'not saved' })).toContainText(
    'The API hash must be the 32 hexadecimal characters shown on my.telegram.org.',
  );
  await saveScreenshot(page, 'login-credentials-error');
  await apiHash.fill(API_HASH);
  await expect(keys).toContainText('Looks like an API hash');
  await keys.getByRole('button', { name: 'Save and continue' }).click();

  // Choose the phone number.
  await expect(page.getByRole('heading', { name: 'How do you want to sign in?' })).toBeFocused();
  await expect(page.getByText(`API ID ${API_ID}`)).toBeVisible();
  await saveScreenshot(page, 'login-method');
  await page.getByRole('button', { name: /Phone number/ }).click();

  // Phone.
  const phoneForm = wizard(page, 'Your phone number');
  const phone = phoneForm.getByRole('textbox', { name: 'Phone number' });
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAttribute('autocomplete', 'tel');
  await phone.fill('+1 555 000 1001');
  await saveScreenshot(page, 'login-phone');
  await phone.press('Enter');

  // Code: where it went, how long it is; a wrong one says so next to the field.
  const codeForm = wizard(page, 'Enter the code');
  const code = codeForm.getByRole('textbox', { name: 'Login code' });
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeForm).toContainText('in the Telegram app on your other devices');
  await expect(codeForm).toContainText('+15550001001');
  await expect(codeForm).toContainText('Enter the 5-digit code');
  await saveScreenshot(page, 'login-code');
  await code.fill('11111');
  await code.press('Enter');
  await expect(codeForm.getByRole('alert')).toHaveText(/That code is not right/);
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toHaveAccessibleDescription(/That code is not right/);
  await saveScreenshot(page, 'login-error');

  await code.fill(TWO_FA.code);
  await codeForm.getByRole('button', { name: 'Sign in' }).click();

  // 2FA password: hidden by default, can be shown; a wrong one says so.
  const passwordForm = wizard(page, 'Enter your password');
  const password = passwordForm.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute('type', 'password');
  await password.fill('not-it');
  await passwordForm.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(passwordForm.getByRole('button', { name: 'Show password' })).toHaveAttribute('aria-pressed', 'true');
  await passwordForm.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'password');
  await password.press('Enter');
  await expect(passwordForm.getByRole('alert')).toHaveText(/That password is not right/);
  await saveScreenshot(page, 'login-password');
  await password.fill(TWO_FA.password);
  await password.press('Enter');

  // Done: a welcome, then back to the archive, which lists the account.
  await expect(page.getByRole('heading', { name: 'Welcome, Second!' })).toBeFocused();
  await expect(page.getByText(TWO_FA.name)).toBeVisible();
  await saveScreenshot(page, 'login-done');
  await page.getByRole('button', { name: 'Go to your archive' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
  const item = accountsSection(page).getByRole('listitem', { name: TWO_FA.name });
  await expect(item).toContainText('Active');
  await expect(item).toContainText('+15550001001');
  await expect(item).toContainText('Online');
  await saveScreenshot(page, 'login-account-listed');

  expect(pageProblems).toEqual([]);
});

test.describe('QR code', () => {
  // Fetch a new token about every 2 s (the sandbox's tokens live 30 s), to see the swap.
  test.use({ qrRefreshLeadMs: 28_000 });

  test('shows the QR code, swaps it when the token refreshes, and signs in once the phone approves', async ({ page, harness, sandbox, pageProblems }) => {
    await openChooser(page, harness);
    await page.getByRole('button', { name: /QR code/ }).click();

    const qrCard = wizard(page, 'Scan this code with Telegram');
    await expect(qrCard.getByRole('heading', { name: 'Scan this code with Telegram' })).toBeFocused();
    const qr = qrCard.getByRole('img', { name: 'QR code to scan with Telegram on your phone' });
    await expect(qr).toHaveAttribute('data-url', /^tg:\/\/login\?token=[\w-]+$/);
    await expect(qr.locator('img').last()).toHaveAttribute('src', /^data:image\/svg\+xml/);
    await expect(qrCard).toContainText('Settings → Devices → Link Desktop Device');
    await expect(qrCard).toContainText(/New code in 0:\d\d/);
    const first = await qr.getAttribute('data-url');
    await saveScreenshots(page, 'login-qr');

    // A refreshed token replaces the picture by itself.
    await expect(qr).not.toHaveAttribute('data-url', first!);

    // The phone scans it: the sandbox approves the newest token for the demo account.
    const url = (await qr.getAttribute('data-url'))!;
    sandbox.control.approveLoginToken(new URL(url).searchParams.get('token')!, DEMO.userId);
    await expect(page.getByRole('heading', { name: 'Welcome, Demo!' })).toBeVisible();
    await saveScreenshot(page, 'login-qr-done');
    await page.getByRole('button', { name: 'Go to your archive' }).click();
    await expect(accountsSection(page).getByRole('listitem', { name: DEMO.name })).toContainText('Active');

    expect(pageProblems).toEqual([]);
  });
});

test('QR code for an account with a password goes on to the password step', async ({ page, harness, sandbox, pageProblems }) => {
  await openChooser(page, harness);
  await page.getByRole('button', { name: /QR code/ }).click();
  const qr = page.getByRole('img', { name: 'QR code to scan with Telegram on your phone' });
  await expect(qr).toHaveAttribute('data-url', /^tg:\/\/login/);
  sandbox.control.approveLoginToken(undefined, TWO_FA.userId);
  const password = wizard(page, 'Enter your password').getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await password.fill(TWO_FA.password);
  await password.press('Enter');
  await expect(page.getByRole('heading', { name: 'Welcome, Second!' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('Cancel at each step returns to the start and ends the login in main', async ({ page, harness, pageProblems }) => {
  await openChooser(page, harness);
  const chooser = page.getByRole('heading', { name: 'How do you want to sign in?' });

  // From the phone step.
  await page.getByRole('button', { name: /Phone number/ }).click();
  await wizard(page, 'Your phone number').getByRole('button', { name: 'Cancel' }).click();
  await expect(chooser).toBeFocused();
  expect(await harness.host.dispatch('login.current', {})).toEqual({ ok: true, value: { step: 'idle' } });

  // From the code step.
  await page.getByRole('button', { name: /Phone number/ }).click();
  await page.getByRole('textbox', { name: 'Phone number' }).fill(DEMO.phone);
  await page.getByRole('textbox', { name: 'Phone number' }).press('Enter');
  await expect(page.getByRole('textbox', { name: 'Login code' })).toBeFocused();
  await wizard(page, 'Enter the code').getByRole('button', { name: 'Cancel' }).click();
  await expect(chooser).toBeVisible();
  expect(await harness.host.dispatch('login.current', {})).toEqual({ ok: true, value: { step: 'idle' } });

  // From the QR step.
  await page.getByRole('button', { name: /QR code/ }).click();
  await expect(page.getByRole('img', { name: 'QR code to scan with Telegram on your phone' })).toBeVisible();
  await wizard(page, 'Scan this code with Telegram').getByRole('button', { name: 'Cancel' }).click();
  await expect(chooser).toBeVisible();
  expect(await harness.host.dispatch('login.current', {})).toEqual({ ok: true, value: { step: 'idle' } });

  // And out to the archive.
  await page.getByRole('button', { name: 'Back to the archive' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('an invalid number, an expired code and too many attempts each show their message', async ({ page, harness, sandbox, pageProblems }) => {
  await openChooser(page, harness);
  await page.getByRole('button', { name: /Phone number/ }).click();
  const phoneForm = wizard(page, 'Your phone number');
  const phone = phoneForm.getByRole('textbox', { name: 'Phone number' });

  // A number Telegram does not know.
  await phone.fill('+1 555 999 99');
  await phone.press('Enter');
  await expect(phoneForm.getByRole('alert')).toHaveText(/That phone number is not valid/);

  // Too many attempts: a live countdown, and the button waits for it. Ten minutes, so the
  // countdown is still in its first minute whenever a loaded machine gets to look.
  sandbox.control.queueError('auth.SendCode', 'FLOOD_WAIT_600');
  await phone.fill(DEMO.phone);
  await phone.press('Enter');
  const alert = phoneForm.getByRole('alert');
  await expect(alert).toContainText('Too many attempts.');
  const retry = phoneForm.getByRole('button', { name: /^Try again in \d+:\d\d$/ });
  await expect(retry).toHaveText(/^Try again in (10:00|9:[0-5]\d)$/);
  await expect(retry).toBeDisabled();
  const before = await retry.textContent();
  await expect(retry).not.toHaveText(before!);
  await expect(retry).toBeDisabled();
  await saveScreenshot(page, 'login-error-flood');

  // Try again from the start, and let the code expire: back to the phone step, saying so.
  await phoneForm.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: /Phone number/ }).click();
  await page.getByRole('textbox', { name: 'Phone number' }).fill(DEMO.phone);
  await page.getByRole('textbox', { name: 'Phone number' }).press('Enter');
  await expect(page.getByRole('textbox', { name: 'Login code' })).toBeFocused();
  sandbox.control.expireLoginCodes(DEMO.phone);
  await page.getByRole('textbox', { name: 'Login code' }).fill(DEMO.code);
  await page.getByRole('textbox', { name: 'Login code' }).press('Enter');
  const again = wizard(page, 'Your phone number');
  await expect(again.getByRole('alert')).toHaveText(/That code has expired/);
  await expect(again.getByRole('textbox', { name: 'Phone number' })).toHaveValue(DEMO.phone);
  await saveScreenshot(page, 'login-error-expired');
  expect(pageProblems).toEqual([]);
});

test('accounts show their connection, log out after confirming, and log in again', async ({ page, harness, pageProblems }) => {
  await loginThroughContract(harness, DEMO);
  await openApp(page, harness);
  const item = accountsSection(page).getByRole('listitem', { name: DEMO.name });
  await expect(item).toContainText('Active');
  await expect(item).toContainText('Online');

  // A flood wait shows as a countdown.
  harness.host.events.emit('accounts.connection', { accountId: DEMO.userId, state: 'flood_wait', until: Date.now() + 300_000, method: 'photos.GetUserPhotos' });
  await expect(item).toContainText(/Rate-limited, resumes in [45]:\d\d/);
  await saveScreenshot(page, 'login-accounts-flood-wait');
  harness.host.events.emit('accounts.connection', { accountId: DEMO.userId, state: 'online', until: null, method: null });
  await expect(item).toContainText('Online');

  // Log out asks first; "Keep signed in" changes nothing.
  await item.getByRole('button', { name: `Log out ${DEMO.name}` }).click();
  const confirm = item.getByRole('group', { name: `Log out ${DEMO.name}?` });
  await expect(confirm.getByRole('button', { name: 'Log out' })).toBeFocused();
  await saveScreenshot(page, 'login-logout-confirm');
  await confirm.getByRole('button', { name: 'Keep signed in' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(item.getByRole('button', { name: `Log out ${DEMO.name}` })).toBeFocused();

  await item.getByRole('button', { name: `Log out ${DEMO.name}` }).click();
  await confirm.getByRole('button', { name: 'Log out' }).click();
  await expect(item).toContainText('Logged out');
  await expect(item.getByRole('button', { name: `Log in again as ${DEMO.name}` })).toBeVisible();
  expect(await harness.host.dispatch('accounts.list', {})).toMatchObject({ ok: true, value: [{ id: DEMO.userId, status: 'logged_out' }] });
  await saveScreenshot(page, 'login-logged-out');

  // Log in again: the wizard, with the number already filled in.
  await item.getByRole('button', { name: `Log in again as ${DEMO.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in again' })).toBeVisible();
  await page.getByRole('button', { name: /Phone number/ }).click();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue(DEMO.phone);
  await page.getByRole('textbox', { name: 'Phone number' }).press('Enter');
  await page.getByRole('textbox', { name: 'Login code' }).fill(DEMO.code);
  await page.getByRole('textbox', { name: 'Login code' }).press('Enter');
  await page.getByRole('button', { name: 'Go to your archive' }).click();
  await expect(accountsSection(page).getByRole('listitem', { name: DEMO.name })).toContainText('Active');
  expect(pageProblems).toEqual([]);
});

test('a session Telegram ended shows a banner that can be dismissed or acted on', async ({ page, harness, pageProblems }) => {
  await loginThroughContract(harness, DEMO);
  await openApp(page, harness);
  harness.host.repos.accounts.setStatus(DEMO.userId, 'needs_login', Date.now());
  harness.host.events.emit('accounts.sessionEnded', {
    accountId: DEMO.userId,
    message: 'This Telegram session was ended (logged out on another device or revoked). Log in again to continue.',
  });
  harness.host.events.emit('archive.changed', { scope: 'accounts' });
  const banner = page.getByRole('alert').filter({ hasText: 'was signed out by Telegram' });
  await expect(banner).toContainText(`${DEMO.name} was signed out by Telegram`);
  await expect(accountsSection(page).getByRole('listitem', { name: DEMO.name })).toContainText('Needs login');
  await saveScreenshot(page, 'login-session-ended');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);

  // The account's own action starts the wizard for it.
  await accountsSection(page).getByRole('button', { name: `Log in again as ${DEMO.name}` }).click();
  await expect(page.getByText(`Telegram ended the session of ${DEMO.name}`)).toBeVisible();
  expect(pageProblems).toEqual([]);
});
