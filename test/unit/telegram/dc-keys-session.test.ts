import { randomBytes } from 'node:crypto';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession } from 'telegram/sessions/index.js';
import { describe, expect, it, vi } from 'vitest';
import { DcKeysSession, parseDcKeys, serializeDcKeys } from '../../../main/core/telegram/dc-keys-session.js';

const HOME = 2;

async function authKey(bytes: Buffer = randomBytes(256)): Promise<AuthKey> {
  const key = new AuthKey();
  await key.setKey(bytes);
  return key;
}

/** A plain GramJS session string on the home DC, as the app stored them before DC keys existed. */
async function plainSessionString(homeKey: Buffer): Promise<string> {
  const s = new StringSession('');
  s.setDC(HOME, '127.0.0.1', 443);
  s.setAuthKey(await authKey(homeKey));
  return s.save();
}

describe('DcKeysSession', () => {
  it('never hands out nor serializes a key GramJS just generated until a request confirms it', async () => {
    const session = await DcKeysSession.create(await plainSessionString(randomBytes(256)));
    const onChange = vi.fn();
    session.setChangeListener(onChange);
    const generated = await authKey();
    session.setAuthKey(generated, 4); // MTProtoSender's authKeyCallback after the key exchange

    expect(session.getAuthKey(4)).toBeUndefined();
    expect(session.hasPending(4)).toBe(true);
    expect(parseDcKeys(session.serializeDcKeys())).toEqual({ ok: true, keys: new Map() });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('confirm turns the pending key into a stored one, hands it out and reports the change', async () => {
    const session = await DcKeysSession.create(await plainSessionString(randomBytes(256)));
    const onChange = vi.fn();
    session.setChangeListener(onChange);
    const bytes = randomBytes(256);
    session.setAuthKey(await authKey(bytes), 4);

    expect(session.confirm(4)).toBe(true);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(session.getAuthKey(4)?.getKey()).toEqual(bytes);
    expect(parseDcKeys(session.serializeDcKeys())).toEqual({ ok: true, keys: new Map([[4, bytes]]) });
    expect(session.confirm(4), 'nothing pending any more').toBe(false);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('setAuthKey(undefined, dc) (GramJS found the key broken) and forget drop the key and report it', async () => {
    const session = await DcKeysSession.create(await plainSessionString(randomBytes(256)), new Map([[4, randomBytes(256)], [5, randomBytes(256)]]));
    const onChange = vi.fn();
    session.setChangeListener(onChange);

    session.setAuthKey(undefined, 4);
    expect(session.getAuthKey(4)).toBeUndefined();
    expect(onChange).toHaveBeenCalledTimes(1);
    session.forget(5);
    expect(session.storedDcs()).toEqual([]);
    expect(onChange).toHaveBeenCalledTimes(2);
    session.forget(5);
    expect(onChange, 'nothing left to drop: no change').toHaveBeenCalledTimes(2);

    session.setAuthKey(await authKey(), 3);
    session.forget(3);
    expect(session.confirm(3), 'a forgotten pending key cannot be confirmed').toBe(false);
  });

  it('restores stored keys from their serialization, ready synchronously for GramJS', async () => {
    const home = randomBytes(256);
    const keys = new Map([
      [1, randomBytes(256)],
      [4, randomBytes(256)],
    ]);
    const first = await DcKeysSession.create(await plainSessionString(home), keys);
    const text = first.serializeDcKeys();
    const parsed = parseDcKeys(text);
    expect(parsed.ok).toBe(true);

    const second = await DcKeysSession.create(first.save(), parsed.ok ? parsed.keys : new Map());
    expect(second.getAuthKey(1)?.getKey()).toEqual(keys.get(1));
    expect(second.getAuthKey(4)?.getKey()).toEqual(keys.get(4));
    // keyId is what goes on the wire: it must be computed, not just the bytes copied
    expect(second.getAuthKey(4)?.keyId?.equals((await authKey(keys.get(4))).keyId!)).toBe(true);
    expect(second.getAuthKey(3)).toBeUndefined();
    expect(second.serializeDcKeys()).toBe(text);
  });

  it('leaves the home DC as StringSession has it: its key in save(), never in the DC keys', async () => {
    const home = randomBytes(256);
    const plain = await plainSessionString(home);
    const session = await DcKeysSession.create(plain, new Map([[HOME, randomBytes(256)]]));
    await session.load(); // what TelegramClient.connect does
    expect(session.dcId).toBe(HOME);
    expect(session.getAuthKey()?.getKey()).toEqual(home);
    expect(session.getAuthKey(HOME)?.getKey()).toEqual(home);
    expect(session.storedDcs(), 'a "DC key" for the home DC is ignored').toEqual([]);

    const replaced = await authKey();
    session.setAuthKey(replaced, HOME);
    expect(session.getAuthKey(HOME)).toBe(replaced);
    expect(session.hasPending(HOME)).toBe(false);
    expect(session.save()).toBe(await plainSessionString(replaced.getKey()!));
  });

  it('loads old plain StringSession strings and saves them unchanged', async () => {
    const plain = await plainSessionString(randomBytes(256));
    const session = new DcKeysSession(plain);
    await session.load();
    expect(session.save()).toBe(plain);
    expect(session.storedDcs()).toEqual([]);
  });

  it('a DC that becomes the home DC (login DC switch) loses its stored key', async () => {
    const session = await DcKeysSession.create(await plainSessionString(randomBytes(256)), new Map([[4, randomBytes(256)]]));
    session.setDC(4, '127.0.0.1', 443);
    expect(session.storedDcs()).toEqual([]);
  });

  it('refuses malformed serializations as a whole', () => {
    const good = serializeDcKeys(new Map([[4, randomBytes(256)]]));
    expect(parseDcKeys(good).ok).toBe(true);
    expect(parseDcKeys('not json')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseDcKeys(JSON.stringify({ version: 2, keys: {} })).ok).toBe(false);
    expect(parseDcKeys(JSON.stringify({ version: 1, keys: { 4: randomBytes(255).toString('base64') } })).ok).toBe(false);
    expect(parseDcKeys(JSON.stringify({ version: 1, keys: { x: randomBytes(256).toString('base64') } })).ok).toBe(false);
  });
});
