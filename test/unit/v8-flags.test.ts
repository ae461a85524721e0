import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS, engineFlagsRelaunchArgs, RELAUNCHED_ENV } from '../../main/core/v8-flags.js';

describe('the engine V8 flags', () => {
  it('are the ones the CLI script runs with (package.json cannot import the constant)', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['cli']).toBe(`node ${ENGINE_V8_FLAGS} --import tsx main/cli.ts`);
  });

  it('are the ones the packaged Linux app launches with', () => {
    const config = fs.readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    // quoted whole: electron-builder writes it verbatim into the .desktop Exec line, which splits on spaces
    expect(config).toContain(`executableArgs: ['"--js-flags=${ENGINE_V8_FLAGS}"']`);
  });
});

/**
 * The largest the young generation (V8's new space) gets in a fresh Node
 * process started with `flags`, under an allocation load that keeps many young
 * objects alive (as a sync's message parsing does), after running `before`.
 */
function peakNewSpaceMb(flags: readonly string[], before = ''): number {
  const load = `
    const v8 = require('v8');
    let peak = 0;
    for (let round = 0; round < 20; round++) {
      let keep = [];
      for (let i = 0; i < 4e5; i++) keep.push({ a: i, b: 'x' + i, c: [i] });
      keep = null;
      peak = Math.max(peak, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
    }
    process.stdout.write(String(peak / 1048576));`;
  return Number(execFileSync(process.execPath, [...flags, '-e', `${before};${load}`], { encoding: 'utf8' }));
}

describe('how the engine flags reach a main process', () => {
  const engineFlags = ENGINE_V8_FLAGS.split(' ');
  const semiSpaceMb = Number(/--max-semi-space-size=(\d+)/.exec(ENGINE_V8_FLAGS)![1]);
  // Two semi-spaces, plus at most a few pages V8 may round up by (seen: 32 for 16 MB, once 33.75).
  const capped = 2 * semiSpaceMb + 8;

  it('cap the young generation when given at startup, where the same load grows it past the cap without them', () => {
    // the same load without the cap reaches 128 MB
    expect(peakNewSpaceMb(engineFlags)).toBeLessThanOrEqual(capped);
    expect(peakNewSpaceMb(['--max-semi-space-size=64'])).toBeGreaterThan(capped);
  }, 60_000);

  it('change nothing when set at run time with v8.setFlagsFromString (V8 sized the heap at startup), which is why the app relaunches instead', () => {
    expect(peakNewSpaceMb(['--max-semi-space-size=64'], `require('v8').setFlagsFromString('${ENGINE_V8_FLAGS}')`)).toBeGreaterThan(capped);
  }, 60_000);

  it('are added to Electron’s --js-flags for the one relaunch of a packaged app that lacks them', () => {
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver', '--hidden'], {})).toEqual(['--hidden', `--js-flags=${ENGINE_V8_FLAGS}`]);
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver', '--js-flags=--expose-gc', '--hidden'], {})).toEqual([
      '--hidden',
      `--js-flags=--expose-gc ${ENGINE_V8_FLAGS}`,
    ]);
    // Already there (Linux executableArgs, or after the relaunch): nothing to do.
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver', `--js-flags=${ENGINE_V8_FLAGS}`], {})).toBeNull();
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver', '--js-flags=--max-semi-space-size=4 --heap-growing-percent=50'], {})).toBeNull();
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver', '--js-flags=--max-semi-space-size=4'], {})).toEqual([`--js-flags=--max-semi-space-size=4 --heap-growing-percent=20`]);
    // Never twice, whatever the command line says.
    expect(engineFlagsRelaunchArgs(['/app/photo-archiver'], { [RELAUNCHED_ENV]: '1' })).toBeNull();
  });
});
