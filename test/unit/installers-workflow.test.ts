import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The installers workflow cannot run here (it needs GitHub's runners and the
// Electron download); this checks that it has the jobs it must have, that every
// action is pinned, and that secrets only reach steps through env.

const ROOT = process.cwd();
const FILE = '.github/workflows/installers.yml';
const text = fs.readFileSync(path.join(ROOT, FILE), 'utf8');

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown>; shell?: string };
type Job = {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  steps: Step[];
  strategy?: { matrix: { include: Array<{ platform: string; os: string }> } };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
};
const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const job = (name: string): Job => {
  const found = workflow.jobs[name];
  expect(found, `job ${name}`).toBeDefined();
  return found!;
};
const runs = (j: Job): string => j.steps.map((s) => s.run ?? '').join('\n');

describe(FILE, () => {
  it('runs on pushes, tags, pull requests and by hand, with a read-only token by default', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']));
    expect((workflow.on['push'] as { tags: string[] }).tags).toContain('v*');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('tests on Linux: the README install command, then the whole npm test', () => {
    const test = job('test');
    expect(test['runs-on']).toMatch(/^ubuntu-/);
    expect(runs(test)).toMatch(/^npm install$/m);
    expect(runs(test)).toMatch(/^npm test$/m);
  });

  it('builds installers on Linux, Windows and macOS after the tests, with npm ci and npm run dist', () => {
    const build = job('build');
    expect([build.needs].flat()).toContain('test');
    const matrix = build.strategy!.matrix.include;
    expect(matrix.map((m) => m.platform).sort()).toEqual(['linux', 'mac', 'win']);
    expect(matrix.find((m) => m.platform === 'linux')!.os).toMatch(/^ubuntu-/);
    expect(matrix.find((m) => m.platform === 'win')!.os).toMatch(/^windows-/);
    // macos-15 is an arm64 image: the x64 app needs sharp's x64 binaries added.
    expect(matrix.find((m) => m.platform === 'mac')!.os).toBe('macos-15');
    expect(runs(build)).toContain('add-sharp-binaries.mjs darwin x64');
    expect(runs(build)).toMatch(/^npm ci$/m);
    expect(runs(build)).toContain('npm run dist');
    // The packaged app is smoke-tested, and a missing one fails rather than skips.
    const smoke = build.steps.filter((s) => s.run?.includes('test/e2e-electron/packaged.spec.ts'));
    expect(smoke.length).toBeGreaterThan(0);
    for (const step of smoke) {
      expect(step.env?.['TG_EXPECT_PACKAGED_APP']).toBe('1');
      // `--project electron <file>` would read the file as a second project name.
      expect(step.run).toMatch(/npx playwright test --project=electron test\/e2e-electron\/packaged\.spec\.ts/);
    }
  });

  it('uploads the installers and the update metadata, failing when there are none', () => {
    const upload = job('build').steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.['name']).startsWith('installers-'));
    expect(upload, 'upload step').toBeDefined();
    expect(upload!.with?.['if-no-files-found']).toBe('error');
    const paths = String(upload!.with?.['path']);
    for (const kind of ['exe', 'dmg', 'zip', 'AppImage', 'deb', 'blockmap']) expect(paths).toContain(`release/*.${kind}`);
    expect(paths).toContain('release/latest*.yml');
  });

  it('publishes through electron-builder only for v* tags, into a draft release made first', () => {
    const build = job('build');
    expect(runs(build)).toMatch(/IS_RELEASE.*npm run dist:publish; else npm run dist;/);
    expect(build.env?.['IS_RELEASE']).toContain("startsWith(github.ref, 'refs/tags/v')");
    const draft = job('draft-release');
    expect(draft.if).toContain("startsWith(github.ref, 'refs/tags/v')");
    expect([build.needs].flat()).toContain('draft-release');
    expect(draft.permissions).toEqual({ contents: 'write' });
  });

  it('calls only npm scripts and files that exist', () => {
    for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, `npm run ${script}`).toHaveProperty(script!);
    for (const [file] of text.matchAll(/(?:\.github\/scripts|test\/e2e-electron)\/[\w.-]+/g)) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
  });

  it('pins every action to a full commit SHA with its version in a comment', () => {
    expect(text).toMatch(/uses:/);
    expect(unpinnedActions(text)).toEqual([]);
  });

  it('hands secrets to steps only through env, never echoes them and never traces a step that has them', () => {
    expect(text).toMatch(/secrets\./);
    expect(secretLeaks(text)).toEqual([]);
  });

  it('would catch an unpinned action, an echoed secret, a secret inline or passed to an action, and set -x (the checks have teeth)', () => {
    const pinned = text.match(/actions\/checkout@[0-9a-f]{40} # v[\d.]+/)![0];
    expect(unpinnedActions(text.replace(pinned, 'actions/checkout@v7'))).toHaveLength(1);
    const step = (yaml: string): string => text.replace('      - name: Build installers\n', `${yaml}\n      - name: Build installers\n`);
    expect(secretLeaks(step('      - run: echo ${{ secrets.WIN_CSC_LINK }}')).join()).toMatch(/echo|inline/);
    expect(secretLeaks(step('      - uses: some/action@0123456789012345678901234567890123456789 # v1.0.0\n        with:\n          token: ${{ secrets.X }}'))).toHaveLength(1);
    expect(secretLeaks(step('      - env:\n          KEY: ${{ secrets.X }}\n        run: |\n          set -x\n          sign "$KEY"'))).toHaveLength(1);
    expect(secretLeaks(step('      - env:\n          KEY: ${{ secrets.X }}\n        run: echo "key is $KEY"'))).toHaveLength(1);
  });
});

/** Each `uses:` that is not owner/repo@<40-hex SHA> followed by `# vX.Y.Z`. */
function unpinnedActions(source: string): string[] {
  return [...source.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)]
    .filter(([, ref, rest]) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(ref!) || !/^\s+#\s+v\d+\.\d+\.\d+$/.test(rest!))
    .map(([line]) => line.trim());
}

/** Ways a secret could reach the log: echoed, inline in a script, passed to an action, or traced by set -x. */
function secretLeaks(source: string): string[] {
  const leaks: string[] = [];
  if (/echo[^\n]*\$\{\{\s*secrets\./.test(source)) leaks.push('echo of ${{ secrets.* }}');
  const steps = Object.values((parse(source) as { jobs: Record<string, Job> }).jobs).flatMap((j) => j.steps);
  for (const step of steps) {
    const label = step.name ?? step.uses ?? step.run ?? '';
    const run = step.run ?? '';
    if (/\$\{\{\s*secrets\./.test(run)) leaks.push(`${label}: secret inline in a script`);
    if (/secrets\./.test(JSON.stringify(step.with ?? {}))) leaks.push(`${label}: secret passed to an action`);
    const secretEnv = Object.entries(step.env ?? {}).filter(([, v]) => /secrets\./.test(v)).map(([k]) => k);
    if (secretEnv.length && /set\s+-[a-z]*x|set -o xtrace|bash -x/.test(run)) leaks.push(`${label}: set -x with secrets`);
    // A secret-bearing step may echo a file path, never the value.
    for (const [, echoed] of run.matchAll(/echo\s+"?([^"\n]*)/g)) {
      for (const name of secretEnv) if (new RegExp(`\\$\\{?${name}\\b`).test(echoed!)) leaks.push(`${label}: echoes $${name}`);
    }
  }
  return leaks;
}
