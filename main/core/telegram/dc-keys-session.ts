/**
 * A GramJS StringSession that also keeps one permanent auth key per media DC,
 * as TDLib and Telegram Desktop do. GramJS's own sessions keep only the home
 * DC's key, so every process would run a key exchange (DH, RSA) plus
 * auth.exportAuthorization / importAuthorization on every DC it downloads
 * from: slow, and Telegram limits key creation.
 *
 * A key GramJS just generated for another DC is only *pending*: it becomes
 * usable there once auth.importAuthorization succeeded, and the process may die
 * or the import fail before that. So a pending key is never handed out by
 * getAuthKey nor serialized; the first successful request on that DC
 * (confirm(), called by the gateway) makes it *stored*. Stored keys are what
 * serialize() writes and what a later process restores: GramJS then finds a
 * key for the DC, marks the sender authenticated and skips the export/import
 * (MTProtoSender._connect).
 *
 * The home DC's key behaves exactly as in StringSession (save() is unchanged,
 * so old session strings load as before and stay valid).
 */
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession } from 'telegram/sessions/index.js';

/** Auth keys are 2048-bit. */
export const AUTH_KEY_BYTES = 256;

const FORMAT_VERSION = 1;

export type DcKeysParse = { readonly ok: true; readonly keys: ReadonlyMap<number, Buffer> } | { readonly ok: false; readonly reason: string };

const isDcId = (n: number): boolean => Number.isInteger(n) && n > 0 && n < 256;

/** Stored keys as text for the secret store: `{"version":1,"keys":{"<dcId>":"<base64 of 256 bytes>"}}`. */
export function serializeDcKeys(keys: ReadonlyMap<number, Buffer>): string {
  const out: Record<string, string> = {};
  for (const [dcId, key] of [...keys].sort(([a], [b]) => a - b)) out[String(dcId)] = key.toString('base64');
  return JSON.stringify({ version: FORMAT_VERSION, keys: out });
}

/** The inverse of serializeDcKeys; anything malformed is refused as a whole (the keys are only a cache). */
export function parseDcKeys(text: string): DcKeysParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!parsed || typeof parsed !== 'object') return { ok: false, reason: 'not an object' };
  const { version, keys } = parsed as { version?: unknown; keys?: unknown };
  if (version !== FORMAT_VERSION) return { ok: false, reason: `unknown version ${String(version)}` };
  if (!keys || typeof keys !== 'object' || Array.isArray(keys)) return { ok: false, reason: 'no keys object' };
  const out = new Map<number, Buffer>();
  for (const [dc, value] of Object.entries(keys)) {
    const dcId = Number(dc);
    if (!isDcId(dcId)) return { ok: false, reason: `bad DC id ${dc}` };
    const key = typeof value === 'string' ? Buffer.from(value, 'base64') : null;
    if (!key || key.length !== AUTH_KEY_BYTES) return { ok: false, reason: `bad key for DC ${dc}` };
    out.set(dcId, key);
  }
  return { ok: true, keys: out };
}

export class DcKeysSession extends StringSession {
  /** Confirmed keys: authorized on their DC, handed to GramJS and persisted. */
  readonly #stored = new Map<number, AuthKey>();
  /** Generated this process, import not yet proven: in memory only. */
  readonly #pending = new Map<number, AuthKey>();
  #onChange: (() => void) | null = null;

  /**
   * A session from its string plus the stored keys of other DCs. Async because
   * GramJS's AuthKey.setKey is: getAuthKey must then answer synchronously.
   * Keys for the home DC are ignored (the session string holds that one).
   */
  static async create(session: string, dcKeys: ReadonlyMap<number, Buffer> = new Map()): Promise<DcKeysSession> {
    const out = new DcKeysSession(session);
    for (const [dcId, bytes] of dcKeys) {
      if (!isDcId(dcId) || dcId === out.dcId || bytes.length !== AUTH_KEY_BYTES) continue;
      const key = new AuthKey();
      await key.setKey(Buffer.from(bytes));
      out.#stored.set(dcId, key);
    }
    return out;
  }

  /** Called after every change of the stored keys (the gateway persists them). */
  setChangeListener(listener: (() => void) | null): void {
    this.#onChange = listener;
  }

  /** Other DCs whose key is stored (confirmed), ascending. */
  storedDcs(): number[] {
    return [...this.#stored.keys()].sort((a, b) => a - b);
  }

  hasPending(dcId: number): boolean {
    return this.#pending.has(dcId);
  }

  override getAuthKey(dcId?: number): AuthKey | undefined {
    if (this.#isOther(dcId)) return this.#stored.get(dcId);
    return super.getAuthKey(dcId);
  }

  /**
   * GramJS calls this with a key it just generated for `dcId`
   * (MTProtoSender's authKeyCallback), and with undefined when it found the
   * key broken (_cleanupExportedSender).
   */
  override setAuthKey(authKey?: AuthKey, dcId?: number): undefined {
    if (!this.#isOther(dcId)) return super.setAuthKey(authKey, dcId);
    const bytes = authKey?.getKey();
    if (!authKey || !bytes) {
      this.forget(dcId);
      return undefined;
    }
    const stored = this.#stored.get(dcId)?.getKey();
    if (!stored?.equals(bytes)) this.#pending.set(dcId, authKey);
    return undefined;
  }

  /** A request on `dcId` succeeded: its pending key is authorized there. True when that stored a new key. */
  confirm(dcId: number): boolean {
    const key = this.#pending.get(dcId);
    if (!key?.getKey()) return false;
    this.#pending.delete(dcId);
    this.#stored.set(dcId, key);
    this.#changed();
    return true;
  }

  /** Drops `dcId`'s key (stored and pending): the next sender there makes a new one. */
  forget(dcId: number): void {
    this.#pending.delete(dcId);
    if (this.#stored.delete(dcId)) this.#changed();
  }

  /** The stored keys as text (see serializeDcKeys); never the pending ones. */
  serializeDcKeys(): string {
    const keys = new Map<number, Buffer>();
    for (const [dcId, key] of this.#stored) {
      const bytes = key.getKey();
      if (bytes) keys.set(dcId, Buffer.from(bytes));
    }
    return serializeDcKeys(keys);
  }

  /** A DC switch (login's PHONE_MIGRATE) makes `dcId` the home DC: its key is then the session's own. */
  override setDC(dcId: number, serverAddress: string, port: number): void {
    super.setDC(dcId, serverAddress, port);
    this.forget(dcId);
  }

  #isOther(dcId: number | undefined): dcId is number {
    return dcId !== undefined && dcId !== 0 && dcId !== this.dcId;
  }

  #changed(): void {
    this.#onChange?.();
  }
}
