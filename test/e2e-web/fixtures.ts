import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect as baseExpect, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../harness/harness.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../output/screenshots/', import.meta.url));

/**
 * Waits are for states, and their timeouts are safety nets for a loaded machine, not
 * measures: a passing check returns as soon as it holds.
 */
export const expect = baseExpect.configure({ timeout: 20_000 });

/** Saves a full-page screenshot under test/output/screenshots/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Both colour schemes of the screen as it is now: NAME-light.png and NAME-dark.png; leaves it light. */
export async function saveScreenshots(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A request to the real core as the window would make it; its value, or a thrown error with the core's message. */
export async function call<T>(harness: Harness, name: string, input: unknown): Promise<T> {
  const result = await harness.host.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

/** Opens the app and waits until it listens for events (an event emitted earlier would be missed). */
export async function openApp(page: Page, harness: Harness): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Your archive' })).toBeVisible();
  await harness.waitForEventClients(1, 60_000);
}

interface Fixtures {
  /** Three times the configured test timeout (a safety net, as above); a test's own setTimeout still wins. */
  slack: void;
  /** A fresh harness (real core, empty temp archive) per test. */
  harness: Harness;
  /** Console errors and CSP violations the page reported; checked empty after each test. */
  pageProblems: string[];
}

export const test = base.extend<Fixtures>({
  slack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use, testInfo) => {
      testInfo.setTimeout(testInfo.timeout * 3);
      await use();
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  harness: async ({}, use) => {
    const harness = await startHarness();
    await use(harness);
    await harness.stop();
  },
  pageProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await use(problems);
  },
});

