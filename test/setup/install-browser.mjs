// @ts-check
/**
 * The `postinstall` of `npm install`: makes sure the browser tests will find a Chromium
 * (see browser.mjs for where they look). If none is there:
 *   - on Debian/Ubuntu, as root or with passwordless sudo: apt-get install chromium;
 *   - elsewhere: Playwright's own download (`npx playwright install chromium`), which needs
 *     a network that reaches Playwright's CDN;
 *   - otherwise it stops with one line naming what to install.
 * TG_SKIP_BROWSER_INSTALL=1 skips it (packaging CI, machines that never run the browser tests).
 * `node test/setup/install-browser.mjs --dry-run` prints the decision and changes nothing.
 * Plain JavaScript, no dependencies: it runs on Node 20 and 24, on Linux, macOS and Windows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER_ENV, NO_BROWSER, findBrowser, pickBrowser, playwrightChromiumPath } from './browser.mjs';

export const SKIP_ENV = 'TG_SKIP_BROWSER_INSTALL';
const APT_GET = '/usr/bin/apt-get';
const PREFIX = '[install-browser]';

/**
 * @typedef {import('./browser.mjs').BrowserFound} BrowserFound
 * @typedef {import('./browser.mjs').BrowserCandidates & {
 *   platform: string,
 *   uid: number | null,
 *   osRelease: string | null,
 *   sudoWorks: boolean,
 *   node: string,
 *   playwrightCli: string | null,
 * }} InstallInputs
 * @typedef {{ action: 'skip', reason: string }
 *   | { action: 'found', browser: BrowserFound }
 *   | { action: 'fail', message: string }
 *   | { action: 'apt' | 'playwright', commands: string[][] }} InstallPlan
 */

/**
 * Pure: what the install step does, given the machine.
 * @param {InstallInputs} inputs
 * @returns {InstallPlan}
 */
export function planInstall(inputs) {
  if (inputs.env[SKIP_ENV]) return { action: 'skip', reason: `${SKIP_ENV} is set` };
  const browser = pickBrowser(inputs);
  if (browser.found) return { action: 'found', browser };
  // A wrong path set on purpose is the user's to fix; installing another browser would hide it.
  if (inputs.env[BROWSER_ENV]) return { action: 'fail', message: browser.problem };
  const root = inputs.uid === 0;
  if (inputs.platform === 'linux' && isDebianLike(inputs.osRelease) && inputs.exists(APT_GET) && (root || inputs.sudoWorks)) {
    // env carries DEBIAN_FRONTEND through sudo, which resets the environment.
    const as = [...(root ? [] : ['sudo', '-n']), 'env', 'DEBIAN_FRONTEND=noninteractive'];
    return {
      action: 'apt',
      commands: [
        [...as, 'apt-get', 'update', '-qq'],
        [...as, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
      ],
    };
  }
  if (inputs.playwrightCli) return { action: 'playwright', commands: [[inputs.node, inputs.playwrightCli, 'install', 'chromium']] };
  return { action: 'fail', message: NO_BROWSER };
}

/** @param {string | null} osRelease the text of /etc/os-release */
export function isDebianLike(osRelease) {
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease ?? '');
}

/**
 * Playwright's command line (what `npx playwright` runs), or null without playwright-core.
 * @returns {string | null}
 */
export function playwrightCliPath() {
  try {
    // Its package exports no ./cli.js, so go through package.json and its `bin`.
    const manifest = createRequire(import.meta.url).resolve('playwright-core/package.json');
    /** @type {{ bin: Record<string, string> }} */
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
    const cli = join(dirname(manifest), bin['playwright-core'] ?? 'cli.js');
    return existsSync(cli) ? cli : null;
  } catch {
    return null; // a production-only install: no Playwright
  }
}

/** What planInstall needs to know about this machine. @returns {InstallInputs} */
export function gatherInputs() {
  const uid = process.getuid?.() ?? null;
  /** @type {boolean | undefined} */
  let sudo;
  return {
    env: process.env,
    exists: existsSync,
    playwrightPath: playwrightChromiumPath(),
    platform: process.platform,
    uid,
    osRelease: process.platform === 'linux' ? readOr('/etc/os-release') : null,
    // A getter, so sudo is only asked when planInstall needs to know; `-n` never prompts.
    get sudoWorks() {
      sudo ??= spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
      return sudo;
    },
    node: process.execPath,
    playwrightCli: playwrightCliPath(),
  };
}

/** @param {string} file */
function readOr(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** @param {string[]} argv @returns {number} the exit code */
function main(argv) {
  const plan = planInstall(gatherInputs());
  if (argv.includes('--dry-run')) {
    console.log(`${PREFIX} dry run: ${JSON.stringify(plan)}`);
    return 0;
  }
  switch (plan.action) {
    case 'skip':
      console.log(`${PREFIX} skipped: ${plan.reason}.`);
      return 0;
    case 'found':
      console.log(`${PREFIX} the browser tests will use ${plan.browser.path} (${plan.browser.source}).`);
      return 0;
    case 'fail':
      console.error(`${PREFIX} ${plan.message}`);
      return 1;
  }
  for (const [command, ...args] of plan.commands) {
    console.log(`${PREFIX} no Chromium found; running: ${[command, ...args].join(' ')}`);
    const run = spawnSync(/** @type {string} */ (command), args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) {
      const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
      console.error(`${PREFIX} \`${[command, ...args].join(' ')}\` failed (${why}). ${NO_BROWSER}`);
      return 1;
    }
  }
  const after = findBrowser();
  if (!after.found) {
    console.error(`${PREFIX} the ${plan.action} install finished but left no Chromium where the tests look. ${NO_BROWSER}`);
    return 1;
  }
  console.log(`${PREFIX} installed; the browser tests will use ${after.path} (${after.source}).`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
