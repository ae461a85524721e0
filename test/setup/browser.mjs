// @ts-check
/**
 * Where the browser tests find Chromium: one place, used by playwright.config.ts and by the
 * install step (install-browser.mjs). Plain JavaScript so `npm install` can run it on any
 * Node (20 or 24) before, or without, the dev tools. In order:
 *   1. TG_CHROMIUM: a Chromium or Chrome executable you choose (must exist);
 *   2. Debian's /usr/bin/chromium (apt package `chromium`);
 *   3. Playwright's own Chromium, if `npx playwright install chromium` has downloaded it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const BROWSER_ENV = 'TG_CHROMIUM';
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The one line printed where no browser can be found or installed. */
export const NO_BROWSER =
  `No Chromium for the browser tests: install the Debian/Ubuntu package \`chromium\` (sudo apt-get install chromium), ` +
  `or run \`npx playwright install chromium\` on a networked machine, or set ${BROWSER_ENV} to a Chromium or Chrome executable.`;

/**
 * @typedef {{ found: true, path: string, source: 'env' | 'debian' | 'playwright' }} BrowserFound
 * @typedef {{ found: false, problem: string }} BrowserMissing
 * @typedef {{ env: Record<string, string | undefined>, exists: (path: string) => boolean, playwrightPath: string | null }} BrowserCandidates
 */

/**
 * Pure: picks the browser from what exists.
 * @param {BrowserCandidates} candidates
 * @returns {BrowserFound | BrowserMissing}
 */
export function pickBrowser({ env, exists, playwrightPath }) {
  const chosen = env[BROWSER_ENV];
  if (chosen) {
    // A path set on purpose that is wrong must not silently fall back to another browser.
    return exists(chosen) ? { found: true, path: chosen, source: 'env' } : { found: false, problem: `${BROWSER_ENV}=${chosen} does not exist: point it at a Chromium or Chrome executable, or unset it.` };
  }
  if (exists(DEBIAN_CHROMIUM)) return { found: true, path: DEBIAN_CHROMIUM, source: 'debian' };
  if (playwrightPath && exists(playwrightPath)) return { found: true, path: playwrightPath, source: 'playwright' };
  return { found: false, problem: NO_BROWSER };
}

/**
 * Where Playwright keeps its own Chromium (downloaded or not), or null without playwright-core
 * (a production-only install).
 * @returns {string | null}
 */
export function playwrightChromiumPath() {
  try {
    /** @type {{ chromium: { executablePath(): string } }} */
    const playwright = createRequire(import.meta.url)('playwright-core');
    return playwright.chromium.executablePath();
  } catch {
    return null;
  }
}

/** @returns {BrowserFound | BrowserMissing} */
export function findBrowser() {
  return pickBrowser({ env: process.env, exists: existsSync, playwrightPath: playwrightChromiumPath() });
}
