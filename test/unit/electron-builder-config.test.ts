import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// Packaging needs the Electron download, so it runs only on networked CI. Here
// we check electron-builder.yml with electron-builder's own loader and schema.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, options: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and never rebuilds native modules', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config['npmRebuild']).toBe(false);
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**/*', '**/node_modules/sharp/**/*']));
  });

  it('would reject a misspelt option (the check has teeth)', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration({ ...config, npmRebuid: false }, new DebugLogger(false))).rejects.toThrow(/npmRebuid/);
  });
});
