import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, NO_BROWSER, playwrightChromiumPath } from '../../setup/browser.mjs';
import { gatherInputs, isDebianLike, planInstall, type InstallInputs } from '../../setup/install-browser.mjs';

const PLAYWRIGHT_CHROME = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';

/** A machine: Debian, root, nothing installed but apt-get and playwright-core. */
function machine(over: Partial<InstallInputs> & { files?: string[] } = {}): InstallInputs {
  const files = new Set(over.files ?? ['/usr/bin/apt-get']);
  return {
    env: {},
    exists: (path) => files.has(path),
    playwrightPath: PLAYWRIGHT_CHROME,
    platform: 'linux',
    uid: 0,
    osRelease: DEBIAN,
    sudoWorks: false,
    node: '/opt/node/bin/node',
    playwrightCli: '/p/node_modules/playwright-core/cli.js',
    ...over,
  };
}

const APT_INSTALL = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'];

describe('planInstall', () => {
  it('does nothing when TG_SKIP_BROWSER_INSTALL is set, even with no browser anywhere', () => {
    expect(planInstall(machine({ env: { TG_SKIP_BROWSER_INSTALL: '1' } }))).toEqual({ action: 'skip', reason: 'TG_SKIP_BROWSER_INSTALL is set' });
  });

  it('uses TG_CHROMIUM first, then Debian’s chromium, then Playwright’s download', () => {
    const all = ['/opt/chrome', DEBIAN_CHROMIUM, PLAYWRIGHT_CHROME];
    expect(planInstall(machine({ env: { TG_CHROMIUM: '/opt/chrome' }, files: all }))).toEqual({ action: 'found', browser: { found: true, path: '/opt/chrome', source: 'env' } });
    expect(planInstall(machine({ files: all }))).toEqual({ action: 'found', browser: { found: true, path: DEBIAN_CHROMIUM, source: 'debian' } });
    expect(planInstall(machine({ files: [PLAYWRIGHT_CHROME], platform: 'darwin' }))).toEqual({ action: 'found', browser: { found: true, path: PLAYWRIGHT_CHROME, source: 'playwright' } });
  });

  it('refuses a TG_CHROMIUM that does not exist instead of installing or falling back', () => {
    const plan = planInstall(machine({ env: { TG_CHROMIUM: '/nowhere/chrome' }, files: ['/usr/bin/apt-get', DEBIAN_CHROMIUM] }));
    expect(plan).toEqual({ action: 'fail', message: expect.stringContaining('TG_CHROMIUM=/nowhere/chrome does not exist') });
  });

  it('apt-installs chromium on Debian as root, without sudo and without prompts', () => {
    expect(planInstall(machine())).toEqual({
      action: 'apt',
      commands: [
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
        ['env', 'DEBIAN_FRONTEND=noninteractive', ...APT_INSTALL],
      ],
    });
  });

  it('apt-installs through sudo -n on Ubuntu when passwordless sudo works', () => {
    const plan = planInstall(machine({ uid: 1000, sudoWorks: true, osRelease: UBUNTU }));
    expect(plan).toMatchObject({ action: 'apt', commands: [['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'], ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...APT_INSTALL]] });
  });

  it('downloads Playwright’s Chromium where apt cannot be used', () => {
    const playwright = { action: 'playwright', commands: [['/opt/node/bin/node', '/p/node_modules/playwright-core/cli.js', 'install', 'chromium']] };
    expect(planInstall(machine({ uid: 1000, sudoWorks: false }))).toEqual(playwright); // Debian, no sudo
    expect(planInstall(machine({ files: [] }))).toEqual(playwright); // root, but no apt-get
    expect(planInstall(machine({ osRelease: 'ID=fedora\n' }))).toEqual(playwright);
    expect(planInstall(machine({ platform: 'darwin', uid: 501, osRelease: null }))).toEqual(playwright);
    expect(planInstall(machine({ platform: 'win32', uid: null, osRelease: null, files: [] }))).toEqual(playwright);
    // Playwright knows where its browser would go, but it was never downloaded.
    expect(planInstall(machine({ platform: 'darwin', files: [] }))).toEqual(playwright);
  });

  it('stops with the one line naming what to install where nothing can install a browser', () => {
    const plan = planInstall(machine({ uid: 1000, playwrightCli: null, playwrightPath: null }));
    expect(plan).toEqual({ action: 'fail', message: NO_BROWSER });
    expect(NO_BROWSER).not.toContain('\n');
    expect(NO_BROWSER).toMatch(/apt-get install chromium.*npx playwright install chromium.*TG_CHROMIUM/);
  });

  it('asks sudo only when a non-root Debian user has no browser', () => {
    let asked = 0;
    const probe = (over: Partial<InstallInputs> & { files?: string[] }): void => {
      const inputs = machine(over);
      Object.defineProperty(inputs, 'sudoWorks', { get: () => (asked++, true) });
      planInstall(inputs);
    };
    probe({ uid: 1000, files: ['/usr/bin/apt-get', DEBIAN_CHROMIUM] });
    probe({ uid: 0 });
    probe({ uid: 1000, platform: 'darwin' });
    expect(asked).toBe(0);
    probe({ uid: 1000 });
    expect(asked).toBe(1);
  });
});

describe('isDebianLike', () => {
  it('knows Debian and Ubuntu (and derivatives) from /etc/os-release', () => {
    expect([DEBIAN, UBUNTU, 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', 'ID=fedora\nID_LIKE="rhel centos"\n', 'ID=arch\n', null].map(isDebianLike)).toEqual([true, true, true, false, false, false]);
  });
});

describe('gatherInputs', () => {
  it('finds Playwright’s command line and the platform facts on this machine', () => {
    const inputs = gatherInputs();
    expect(inputs.playwrightCli).toMatch(/playwright-core[/\\]cli\.js$/);
    expect(existsSync(inputs.playwrightCli!)).toBe(true);
    expect([inputs.platform, inputs.node, inputs.uid]).toEqual([process.platform, process.execPath, process.getuid?.() ?? null]);
    expect(inputs.playwrightPath).toBe(playwrightChromiumPath());
  });
});

describe('the install script as npm runs it', () => {
  const script = 'test/setup/install-browser.mjs';
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('fails with exactly one line on stderr when TG_CHROMIUM names nothing', () => {
    const result = run({ TG_CHROMIUM: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('TG_CHROMIUM=/nonexistent/chromium does not exist')]);
  });

  it('exits 0 and says so when skipped', () => {
    const result = run({ TG_SKIP_BROWSER_INSTALL: '1' });
    expect([result.status, result.stdout.trim()]).toEqual([0, '[install-browser] skipped: TG_SKIP_BROWSER_INSTALL is set.']);
  });
});
