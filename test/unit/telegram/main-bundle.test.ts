/**
 * The built main process (electron-vite's bundle, as `npm start` and the
 * packaged app load it) shares GramJS's big-integer: GramJS tells its own
 * numbers apart with `bigInt.isInstance`, so a second, inlined copy would make
 * the ids our code builds (fast-longs, RSA keys, offsets) foreign to it. Every
 * package the bundle requires must also be a runtime dependency, or the
 * packaged app would not ship it.
 */
import fs from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Inside the repository, so the bundle resolves packages from node_modules exactly as out/main does.
const OUT = path.join(ROOT, 'test', 'output', `main-bundle-${process.pid}`);
const BUNDLE = path.join(OUT, 'main', 'index.cjs');

let source = '';

beforeAll(async () => {
  await build({ root: ROOT, configFile: path.join(ROOT, 'electron.vite.config.ts'), logLevel: 'silent', build: { outDir: OUT } });
  source = await fs.readFile(BUNDLE, 'utf8');
}, 120_000);

afterAll(async () => {
  await fs.rm(OUT, { recursive: true, force: true });
});

/** The bare package names the bundle require()s. */
function requiredPackages(code: string): string[] {
  const names = new Set<string>();
  for (const [, specifier] of code.matchAll(/\brequire\(["']([^"'./][^"']*)["']\)/g)) {
    const parts = specifier!.split('/');
    names.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return [...names].sort();
}

describe('the built main-process bundle', () => {
  it('requires big-integer instead of inlining a copy of it', () => {
    expect(requiredPackages(source)).toContain('big-integer');
    // big-integer's own source, were it bundled in
    expect(source).not.toMatch(/BigInteger\.prototype\.add\s*=/);
    expect(source).not.toMatch(/\.isInstance\s*=\s*function/);
  });

  it("gets the very big-integer GramJS gets, so GramJS's isInstance accepts the numbers it makes", async () => {
    const fromBundle = createRequire(BUNDLE);
    const fromGramJs = createRequire(fromBundle.resolve('telegram/Helpers.js'));
    expect(fromBundle.resolve('big-integer')).toBe(fromGramJs.resolve('big-integer'));

    const bundleBigInt = fromBundle('big-integer') as { (value: string): unknown; isInstance(x: unknown): boolean };
    const gramJs = fromGramJs('./Helpers.js') as { readBigIntFromBuffer(b: Buffer, little?: boolean, signed?: boolean): unknown };
    const gramJsBigInt = fromGramJs('big-integer') as { isInstance(x: unknown): boolean };
    expect(bundleBigInt.isInstance(gramJs.readBigIntFromBuffer(Buffer.from('0102030405060708', 'hex'), true, true))).toBe(true);
    expect(gramJsBigInt.isInstance(bundleBigInt('-9223372036854775808'))).toBe(true);
  });

  it('requires only Node built-ins, electron and runtime dependencies', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron', ...builtinModules]);
    const external = requiredPackages(source).filter((name) => !name.startsWith('node:'));
    expect(external.filter((name) => !allowed.has(name))).toEqual([]);
  });
});
