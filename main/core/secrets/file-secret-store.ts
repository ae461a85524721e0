import fs from 'node:fs/promises';
import path from 'node:path';
import { registerSecret } from '../log.js';
import { withFileLock } from './file-lock.js';
import type { SecretStore } from './secret-store.js';

/** Turns a secret into bytes at rest and back. safeStorage in the app; none for the CLI's file. */
export interface SecretCipher {
  readonly description: string;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

/** No encryption: the file's 0600 permissions are the only protection (headless CLI; the CLI warns). */
export const plainCipher: SecretCipher = {
  description: 'a file readable only by you (not encrypted)',
  async encrypt(plain) {
    return Buffer.from(plain, 'utf8');
  },
  async decrypt(data) {
    return data.toString('utf8');
  },
};

/**
 * Secrets in one JSON file (name → base64 of the cipher's bytes), written
 * atomically with mode 0600 in a folder of the user's own (0700, never the
 * archive). Writers are serialized in this process and locked against other
 * processes; every secret read or written is known to the log's redaction.
 */
export class FileSecretStore implements SecretStore {
  readonly description: string;
  readonly #file: string;
  readonly #cipher: SecretCipher;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, cipher: SecretCipher) {
    this.#file = file;
    this.#cipher = cipher;
    this.description = cipher.description;
  }

  async get(name: string): Promise<string | undefined> {
    const stored = (await this.#read())[name];
    if (stored === undefined) return undefined;
    const secret = await this.#cipher.decrypt(Buffer.from(stored, 'base64'));
    registerSecret(secret);
    return secret;
  }

  set(name: string, secret: string): Promise<void> {
    registerSecret(secret);
    return this.#serialize(async () => {
      const all = await this.#read();
      all[name] = (await this.#cipher.encrypt(secret)).toString('base64');
      await this.#write(all);
    });
  }

  delete(name: string): Promise<void> {
    return this.#serialize(async () => {
      const all = await this.#read();
      if (!(name in all)) return;
      delete all[name];
      await this.#write(all);
    });
  }

  // Writes are read-modify-write of one file; one at a time, here and across processes, keeps them from losing each other.
  #serialize(work: () => Promise<void>): Promise<void> {
    const locked = async (): Promise<void> => {
      await fs.mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
      await withFileLock(`${this.#file}.lock`, work);
    };
    const next = this.#queue.then(locked, locked);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await fs.readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${this.#file} is not a secrets file`);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  async #write(all: Record<string, string>): Promise<void> {
    const temp = `${this.#file}.${process.pid}.tmp`;
    try {
      const handle = await fs.open(temp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(all, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.#file);
    } catch (error) {
      await fs.rm(temp, { force: true }); // a full disk must not leave secrets in a stray file
      throw error;
    }
    await fs.chmod(this.#file, 0o600);
  }
}
