import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Packaging needs the Electron download, so it runs only on networked CI. Here
// we check electron-builder.yml with electron-builder's own loader and schema,
// and that what it names is there.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, options: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const ROOT = process.cwd();
type Config = Record<string, unknown>;
const loadConfig = (): Promise<Config> => getConfig(ROOT, 'electron-builder.yml', null);
const section = (config: Config, key: string): Config => (config[key] ?? {}) as Config;

/** Every value under a key that names a file or folder, wherever it sits in the config. */
const PATH_KEYS = new Set(['buildResources', 'icon', 'entitlements', 'entitlementsInherit', 'installerIcon', 'uninstallerIcon', 'installerHeader', 'installerSidebar', 'license', 'background', 'include']);
function namedPaths(value: unknown, trail: string[] = []): Array<{ key: string; file: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => namedPaths(v, [...trail, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    PATH_KEYS.has(key) && typeof v === 'string' ? [{ key: [...trail, key].join('.'), file: v }] : namedPaths(v, [...trail, key]),
  );
}

/** The native binaries of the modules that must load inside Electron, as packed paths. */
function nativeBinaries(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(node|so(\.\d+)*|dylib|dll)$/.test(entry.name)) found.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  for (const dir of ['node_modules/better-sqlite3', 'node_modules/sharp', 'node_modules/@img']) {
    if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  }
  return found;
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(await loadConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would reject a misspelt option (the check has teeth)', async () => {
    await expect(validateConfiguration({ ...(await loadConfig()), npmRebuid: false }, new DebugLogger(false))).rejects.toThrow(/npmRebuid/);
  });

  it('names only files and folders that exist', async () => {
    const config = await loadConfig();
    const named = namedPaths(config);
    expect(named.map((n) => n.key)).toEqual(expect.arrayContaining(['directories.buildResources', 'win.icon', 'mac.icon', 'mac.entitlements', 'linux.icon']));
    for (const { key, file } of named) expect(fs.existsSync(path.join(ROOT, file)), `${key}: ${file}`).toBe(true);
    // Each packed pattern outside the build output matches something (the loader
    // normalises `files` to [{ filter: [...] }]).
    const files = (config['files'] as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    for (const pattern of files) {
      if (pattern.startsWith('!') || pattern.startsWith('out/')) continue;
      expect(fs.globSync(pattern, { cwd: ROOT }).length, `files: ${pattern}`).toBeGreaterThan(0);
    }
    // The app's entry point is inside what is packed.
    const main = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(files.some((p) => !p.startsWith('!') && path.matchesGlob(main, p)), `package.json main ${main} is packed`).toBe(true);
  });

  it('unpacks every native binary of better-sqlite3 and sharp from the asar', async () => {
    const unpack = (await loadConfig())['asarUnpack'] as string[];
    const binaries = nativeBinaries();
    expect(binaries.some((b) => b.startsWith('node_modules/better-sqlite3/')), 'better-sqlite3 binary found').toBe(true);
    expect(binaries.some((b) => b.startsWith('node_modules/@img/')), 'sharp binary found').toBe(true);
    for (const binary of binaries) expect(unpack.some((pattern) => path.matchesGlob(binary, pattern)), `${binary} unpacked`).toBe(true);
  });

  it('never rebuilds native modules, at packaging or at install', async () => {
    const config = await loadConfig();
    expect(config['npmRebuild']).toBe(false);
    expect(config['nodeGypRebuild'] ?? false).toBe(false);
    expect(config['buildDependenciesFromSource'] ?? false).toBe(false);
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [name, script] of Object.entries(scripts)) expect(script, `script ${name}`).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild/);
  });

  it('sets the security fuses', async () => {
    expect((await loadConfig())['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('builds NSIS, DMG and zip for x64 and arm64 with a hardened runtime, AppImage and deb; publishes to GitHub Releases', async () => {
    const config = await loadConfig();
    expect(section(config, 'win')['target']).toEqual(['nsis']);
    const mac = section(config, 'mac');
    expect(mac['target']).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] }, // Squirrel.Mac updates from the zip
    ]);
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'assets/entitlements.mac.plist', entitlementsInherit: 'assets/entitlements.mac.plist' });
    expect(fs.readFileSync(path.join(ROOT, 'assets/entitlements.mac.plist'), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    expect(section(config, 'linux')['target']).toEqual(['AppImage', 'deb']);
    expect(config['publish']).toMatchObject({ provider: 'github' });
  });
});
