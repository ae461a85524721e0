/**
 * The API id and hash the person registers at my.telegram.org. Kept in the
 * archive's settings (Telegram treats them as app identifiers, not account
 * secrets), validated on the way in, and shown back only masked.
 */
import { z } from 'zod';
import type { SettingsRepo } from '../archive/settings-repo.js';
import { registerSecret } from '../log.js';
import type { ApiCredentials } from './client-factory.js';

const KEY = 'telegram.apiCredentials';

export const ApiIdSchema = z.number().int().positive().max(2_147_483_647);
export const ApiHashSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{32}$/, 'must be the 32 hexadecimal characters shown on my.telegram.org')
  .transform((s) => s.toLowerCase());

const Stored = z.strictObject({ apiId: ApiIdSchema, apiHash: ApiHashSchema });

export interface CredentialsInfo {
  readonly configured: boolean;
  readonly apiId: number | null;
  /** e.g. "0123••••••••••••••••••••••••cdef": enough to recognise, not enough to use. */
  readonly apiHashMasked: string | null;
}

export class CredentialsError extends Error {
  constructor(
    readonly code: 'API_CREDENTIALS_INVALID' | 'API_CREDENTIALS_MISSING',
    message: string,
  ) {
    super(message);
  }
}

export function maskApiHash(hash: string): string {
  return `${hash.slice(0, 4)}${'•'.repeat(Math.max(0, hash.length - 8))}${hash.slice(-4)}`;
}

/** Checks raw input; the message says what to fix. */
export function parseApiCredentials(input: { apiId: unknown; apiHash: unknown }): ApiCredentials {
  const apiId = ApiIdSchema.safeParse(typeof input.apiId === 'string' && /^\d+$/.test(input.apiId.trim()) ? Number(input.apiId) : input.apiId);
  if (!apiId.success) throw new CredentialsError('API_CREDENTIALS_INVALID', 'The API ID must be a positive whole number (e.g. 1234567).');
  const apiHash = ApiHashSchema.safeParse(input.apiHash);
  if (!apiHash.success) {
    throw new CredentialsError('API_CREDENTIALS_INVALID', 'The API hash must be the 32 hexadecimal characters shown on my.telegram.org.');
  }
  return { apiId: apiId.data, apiHash: apiHash.data };
}

export class CredentialsStore {
  readonly #settings: SettingsRepo;
  constructor(settings: SettingsRepo) {
    this.#settings = settings;
  }

  get(): ApiCredentials | null {
    const credentials = this.#settings.get(KEY, Stored.nullable(), null);
    if (credentials) registerSecret(credentials.apiHash);
    return credentials;
  }

  /** The credentials, or a CredentialsError telling the person to enter them first. */
  require(): ApiCredentials {
    const credentials = this.get();
    if (!credentials) {
      throw new CredentialsError('API_CREDENTIALS_MISSING', 'Enter your Telegram API ID and hash (from my.telegram.org) first.');
    }
    return credentials;
  }

  set(input: { apiId: unknown; apiHash: unknown }): CredentialsInfo {
    const credentials = parseApiCredentials(input);
    registerSecret(credentials.apiHash);
    this.#settings.set(KEY, credentials);
    return this.info();
  }

  info(): CredentialsInfo {
    const c = this.get();
    return c ? { configured: true, apiId: c.apiId, apiHashMasked: maskApiHash(c.apiHash) } : { configured: false, apiId: null, apiHashMasked: null };
  }
}
