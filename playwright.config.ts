import { defineConfig } from '@playwright/test';
import './test/setup/loopback-guard.js'; // the runner and its workers (which run the browser harness) stay on loopback too
import { findBrowser } from './test/setup/browser.mjs';

// TG_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's downloaded Chromium
// (test/setup/browser.mjs; `npm install` gets one where it can). None: stop now, in one line.
const browser = findBrowser();
if (!browser.found) {
  console.error(browser.problem);
  process.exit(1);
}

/**
 * Two projects: the built renderer in Chromium against the browser harness (real
 * core, HTTP transport), and the real Electron app, which skips itself (saying why)
 * where the Electron binary is absent. `npm run test:e2e` builds first (`electron-vite build`).
 */
export default defineConfig({
  outputDir: 'test/output/playwright',
  reporter: [
    ['list'],
    ['./test/harness/skip-reasons-reporter.ts'],
    ...(process.env['CI'] ? ([['html', { outputFolder: 'test/output/playwright-report', open: 'never' }]] as const) : []),
  ],
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e-web',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1100, height: 720 },
        locale: 'en-US',
        timezoneId: 'UTC',
        launchOptions: {
          executablePath: browser.path,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/e2e-electron',
      timeout: 60_000,
    },
  ],
});
