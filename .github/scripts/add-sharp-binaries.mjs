// @ts-check
/**
 * Adds sharp's prebuilt binaries for another CPU next to the installed ones:
 *
 *   node .github/scripts/add-sharp-binaries.mjs darwin x64
 *
 * The macOS job packages x64 and arm64 on one (arm64) runner, so that a single
 * latest-mac.yml lists both, but `npm ci` installs only the runner's own
 * @img/sharp-<os>-<cpu> packages. This fetches the two for the other CPU, at the
 * exact versions sharp pins in its optionalDependencies, from the npm registry
 * with `npm pack` and unpacks them under node_modules/@img, changing nothing else
 * (npm's own --cpu/--os installs may rewrite the tree: sharp's install docs,
 * "Cross-platform", npm bug #4828). sharp picks the binary for process.arch at run time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [platform, cpu] = process.argv.slice(2);
if (!platform || !cpu) {
  console.error('usage: node .github/scripts/add-sharp-binaries.mjs <os> <cpu>   e.g. darwin x64');
  process.exit(2);
}

/** @type {{ optionalDependencies: Record<string, string> }} */
const sharp = JSON.parse(fs.readFileSync('node_modules/sharp/package.json', 'utf8'));
const wanted = [`@img/sharp-${platform}-${cpu}`, `@img/sharp-libvips-${platform}-${cpu}`];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sharp-binaries-'));

for (const name of wanted) {
  const version = sharp.optionalDependencies[name];
  if (!version) throw new Error(`sharp does not list ${name} in its optionalDependencies`);
  const pack = spawnSync('npm', ['pack', `${name}@${version}`, '--pack-destination', work, '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (pack.status !== 0) throw new Error(`npm pack ${name}@${version} failed:\n${pack.stderr}`);
  const [{ filename }] = /** @type {Array<{ filename: string }>} */ (JSON.parse(pack.stdout));
  const target = path.join('node_modules', name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', target, '--strip-components=1'], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`unpacking ${filename} failed:\n${untar.stderr}`);
  console.log(`added ${name}@${version}`);
}
fs.rmSync(work, { recursive: true, force: true });
