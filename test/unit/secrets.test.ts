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
