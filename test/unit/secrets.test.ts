import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore, plainCipher, type SecretCipher } from '../../main/core/secrets/file-secret-store.js';

const xorCipher: SecretCipher = {
  description: 'test cipher',
  encrypt: async (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: async (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('FileSecretStore', () => {
  it('keeps secrets encrypted at rest in a 0600 file and reads them back', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-')), 'nested', 'sessions.json');
    const store = new FileSecretStore(file, xorCipher);
    await Promise.all([store.set('account:1', 'session-one'), store.set('account:2', 'session-two')]);
    expect(await store.get('account:1')).toBe('session-one');
    expect(await new FileSecretStore(file, xorCipher).get('account:2')).toBe('session-two');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('session-');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await store.delete('account:1');
    expect(await store.get('account:1')).toBeUndefined();
    expect(await store.get('account:2')).toBe('session-two');
  });

  it('returns nothing for a store that does not exist yet', async () => {
    const store = new FileSecretStore(path.join(os.tmpdir(), `missing-${process.pid}`, 'x.json'), plainCipher);
    expect(await store.get('anything')).toBeUndefined();
  });

  it('refuses a file that is not a secrets file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-')), 's.json');
    fs.writeFileSync(file, '[1,2]');
    await expect(new FileSecretStore(file, plainCipher).get('x')).rejects.toThrow(/not a secrets file/);
  });
});

describe('FileSecretStore writes', () => {
  it('creates its folder 0700', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-')), 'config', 'sessions.json');
    await new FileSecretStore(file, plainCipher).set('a', 'b');
    if (process.platform !== 'win32') expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('leave no temporary file behind when a write fails, and keep the old contents', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
    const file = path.join(dir, 'sessions.json');
    const store = new FileSecretStore(file, plainCipher);
    await store.set('account:1', 'kept');
    // The rename onto a folder fails after the temp file was written.
    fs.rmSync(file);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'x'), '');
    await expect(store.set('account:2', 'lost')).rejects.toThrow();
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('wait for a writer in another process, and take over a lock whose holder died', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
    const file = path.join(dir, 'sessions.json');
    // A live holder (this test's parent process stands in for another CLI run).
    fs.writeFileSync(`${file}.lock`, String(process.ppid));
    const store = new FileSecretStore(file, plainCipher);
    const waiting = store.set('account:1', 'after the other writer');
    let settled = false;
    void waiting.finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(`${file}.lock`); // the other writer is done
    await waiting;
    expect(await store.get('account:1')).toBe('after the other writer');

    // A holder that no longer exists does not block anyone.
    fs.writeFileSync(`${file}.lock`, '2147483646');
    await store.set('account:2', 'two');
    expect(await store.get('account:2')).toBe('two');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
