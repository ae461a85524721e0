import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside } from '../../main/core/media/resolve-inside.js';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-'));
  root = path.join(base, 'archive');
  fs.mkdirSync(path.join(root, 'media', 'ab'), { recursive: true });
  fs.writeFileSync(path.join(root, 'media', 'ab', 'abc.jpg'), 'jpeg');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'media', 'link.jpg'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('resolveInside', () => {
  it('finds a file inside the root', async () => {
    expect(await resolveInside(root, '/media/ab/abc.jpg')).toBe(fs.realpathSync(path.join(root, 'media', 'ab', 'abc.jpg')));
  });

  it.each([
    ['parent segments', '/../secret.txt'],
    ['nested parent segments', '/media/../../secret.txt'],
    ['encoded parent segments', '/%2e%2e/secret.txt'],
    ['encoded slashes', '/..%2fsecret.txt'],
    ['backslashes', '/..\\secret.txt'],
    ['an absolute path', '//etc/passwd'],
    ['a NUL byte', '/media/ab/abc.jpg%00.png'],
    ['malformed encoding', '/media/%E0%A4%A'],
    ['a symlink out of the root', '/media/link.jpg'],
    ['a folder', '/media/ab'],
    ['the root itself', '/'],
    ['a missing file', '/media/ab/none.jpg'],
  ])('refuses %s', async (_what, urlPath) => {
    expect(await resolveInside(root, urlPath)).toBeNull();
  });
});
