import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Linker, type LinkJob } from '../../../main/core/export/linker.js';

describe('link worker', () => {
  let base: string;
  let root: string;
  let archive: string;
  let linker: Linker | null = null;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'linker-')));
    root = path.join(base, 'export');
    fs.mkdirSync(root);
    archive = path.join(base, 'archive');
    fs.mkdirSync(archive);
  });
  afterEach(async () => {
    await linker?.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  /** An archived file; its name relative to the archive. */
  const source = (name: string): string => {
    fs.writeFileSync(path.join(archive, name), name);
    return name;
  };

  it('links each file into its folders, dated, and reports the positions that failed', async () => {
    linker = new Linker();
    const jobs: LinkJob[] = [];
    for (let i = 0; i < 40; i++) jobs.push([source(`${i}.jpg`), `person_${i % 7}/${2000 + (i % 3)}/${i}.jpg`, 1_500_000_000 + i]);
    fs.mkdirSync(path.join(root, 'person_3', '2002'), { recursive: true });
    fs.writeFileSync(path.join(root, 'person_3', '2002', '17.jpg'), 'the person\'s own file'); // i = 17: 17 % 7 = 3, 17 % 3 = 2
    jobs.push(['gone.jpg', 'gone.jpg', 1_500_000_000]);

    expect(await linker.link(archive, root, jobs)).toEqual([17, 40]);
    expect((await linker.link(archive, root, jobs.slice(0, 3))).length).toBe(3); // names now taken: every one fails, nothing replaced
    for (const [i, [from, to, time]] of jobs.entries()) {
      if (i === 17 || i === 40) continue;
      const stat = fs.statSync(path.join(root, to));
      expect(stat.ino).toBe(fs.statSync(path.join(archive, from)).ino);
      expect(stat.mtimeMs).toBe(time * 1000);
    }
    expect(fs.readFileSync(path.join(root, 'person_3', '2002', '17.jpg'), 'utf8')).toBe('the person\'s own file');
    expect(fs.existsSync(path.join(root, 'gone.jpg'))).toBe(false);
  });

  it('refuses a folder that a symbolic link leads out of the export, and writes nothing there', async () => {
    linker = new Linker();
    fs.mkdirSync(path.join(base, 'elsewhere'));
    fs.symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'person_0'));
    const failed = await linker.link(archive, root, [
      [source('a.jpg'), 'person_0/a.jpg', 1_500_000_000],
      [source('b.jpg'), 'person_1/b.jpg', 1_500_000_000],
    ]);
    expect(failed).toEqual([0]);
    expect(fs.readdirSync(path.join(base, 'elsewhere'))).toEqual([]);
    expect(fs.existsSync(path.join(root, 'person_1', 'b.jpg'))).toBe(true);
  });

  it('refuses a name that climbs out of the export, however it is spelled', async () => {
    linker = new Linker();
    const failed = await linker.link(archive, root, [
      [source('a.jpg'), '../a.jpg', 1_500_000_000],
      [source('b.jpg'), 'x/../../b.jpg', 1_500_000_000],
      [source('c.jpg'), 'x/c.jpg', 1_500_000_000],
    ]);
    expect(failed).toEqual([0, 1]);
    expect(fs.existsSync(path.join(base, 'a.jpg')) || fs.existsSync(path.join(base, 'b.jpg'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'x', 'c.jpg'))).toBe(true);
  });

  it('reports every job as failed once its worker is gone, so they go the careful way', async () => {
    linker = new Linker();
    await linker.close();
    expect(await linker.link(archive, root, [[source('a.jpg'), 'a.jpg', 1_500_000_000]])).toEqual([0]);
    expect(fs.existsSync(path.join(root, 'a.jpg'))).toBe(false);
  });
});
