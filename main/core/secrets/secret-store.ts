/**
 * Where session strings are kept, encrypted at rest. The Electron app backs it
 * with safeStorage; the headless CLI with a 0600 file; tests with memory.
 * Secrets never go into the archive folder, over IPC, or into a log.
 */
export interface SecretStore {
  /** A short description for messages, e.g. "the system keychain". */
  readonly description: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, secret: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly description = 'memory (tests only)';
  readonly #secrets = new Map<string, string>();
  async get(name: string): Promise<string | undefined> {
    return this.#secrets.get(name);
  }
  async set(name: string, secret: string): Promise<void> {
    this.#secrets.set(name, secret);
  }
  async delete(name: string): Promise<void> {
    this.#secrets.delete(name);
  }
}
