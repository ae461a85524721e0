import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/file-secret-store.js';

export class InsecureBackendError extends Error {
  readonly code = 'SECRETS_PLAINTEXT_BACKEND';
  constructor() {
    super(
      'No system keychain is available (Linux "basic_text" backend), so sessions could only be stored unencrypted. ' +
        'Install and unlock a keyring (GNOME Keyring or KWallet), or allow plaintext storage in Settings.',
    );
  }
}

/** Electron's safeStorage (async API) as the cipher for session files. */
export function safeStorageCipher(options: { allowPlaintextBackend: boolean }): SecretCipher {
  return {
    description: 'the system keychain',
    async encrypt(plain) {
      await assertUsable(options.allowPlaintextBackend);
      return safeStorage.encryptStringAsync(plain);
    },
    async decrypt(data) {
      await assertUsable(options.allowPlaintextBackend);
      return (await safeStorage.decryptStringAsync(data)).result;
    },
  };
}

async function assertUsable(allowPlaintext: boolean): Promise<void> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('System encryption is not available yet.');
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !allowPlaintext) {
    throw new InsecureBackendError();
  }
}
