import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../main/core/archive/archive.js';
import { configureLogging, createLogger } from '../../main/core/log.js';

const mode = (file: string): number => fs.statSync(file).mode & 0o777;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'at-rest-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  configureLogging({ dir: null, console: false });
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('files at rest are the user’s alone', () => {
  it('a new archive: folders 0700, archive.db and its WAL 0600', () => {
    const root = path.join(tempDir(), 'Telegram Photo Archive');
    const archive = openArchive(root);
    archive.db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run(); // makes SQLite write the WAL
    for (const folder of [root, archive.mediaDir, archive.thumbsDir]) expect(mode(folder), folder).toBe(0o700);
    for (const file of ['archive.db', 'archive.db-wal', 'archive.db-shm']) expect(mode(path.join(root, file)), file).toBe(0o600);
    archive.close();
  });

  it('an archive an older version left readable by others is tightened; a folder the person chose keeps its mode', () => {
    const root = tempDir();
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(path.join(root, 'media'), { mode: 0o755 });
    fs.chmodSync(path.join(root, 'media'), 0o755);
    fs.writeFileSync(path.join(root, 'archive.db'), '');
    fs.chmodSync(path.join(root, 'archive.db'), 0o644);
    openArchive(root).close();
    expect(mode(path.join(root, 'archive.db'))).toBe(0o600);
    expect(mode(path.join(root, 'media'))).toBe(0o700);
    expect(mode(root)).toBe(0o755);
  });

  it('logs: folder 0700, main.log 0600, also when an older main.log was 0644', () => {
    const logs = path.join(tempDir(), 'user-data', 'logs');
    fs.mkdirSync(logs, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(logs, 'main.log'), 'old\n', { mode: 0o644 });
    fs.chmodSync(path.join(logs, 'main.log'), 0o644);
    configureLogging({ dir: logs, console: false });
    createLogger('test').warn('a line');
    expect(mode(logs)).toBe(0o700);
    expect(mode(path.join(logs, 'main.log'))).toBe(0o600);

    const fresh = path.join(tempDir(), 'fresh-logs');
    configureLogging({ dir: fresh, console: false });
    createLogger('test').warn('first line');
    expect(mode(fresh)).toBe(0o700);
    expect(mode(path.join(fresh, 'main.log'))).toBe(0o600);
  });
});
