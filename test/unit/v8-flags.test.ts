import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS } from '../../main/core/v8-flags.js';

describe('the engine V8 flags', () => {
  it('are the ones the CLI script runs with (package.json cannot import the constant)', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['cli']).toBe(`node ${ENGINE_V8_FLAGS} --import tsx main/cli.ts`);
  });

  it('are the ones the packaged Linux app launches with', () => {
    const config = fs.readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    expect(config).toContain(`executableArgs: ['--js-flags=${ENGINE_V8_FLAGS}']`);
  });
});
