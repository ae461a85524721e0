import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../main/core/log.js';

/** A GramJS StringSession as it really looks: '1' + base64 of dc id, address, port and a 256-byte auth key. */
function realLookingSession(): string {
  const body = Buffer.concat([Buffer.from([2]), Buffer.from([127, 0, 0, 1]), Buffer.from([0x1f, 0x90]), crypto.randomBytes(256)]);
  return `1${body.toString('base64')}`;
}

describe('log redaction', () => {
  it('removes session strings wherever they appear', () => {
    const session = '1' + 'AbCd+/'.repeat(60) + '==';
    expect(redact(`connected with ${session} ok`)).toBe('connected with [redacted] ok');
  });

  it('removes values of secret fields in text and JSON, but keeps error codes', () => {
    expect(redact('password=hunter2 phoneCode: 12345 code: FLOOD_WAIT')).toBe('password=[redacted] phoneCode: [redacted] code: FLOOD_WAIT');
    expect(JSON.parse(redact(JSON.stringify({ session: 'x', apiHash: 'y', name: 'Alice', code: 'SYNC_BUSY' })))).toEqual({
      session: '[redacted]',
      apiHash: '[redacted]',
      name: 'Alice',
      code: 'SYNC_BUSY',
    });
  });

  describe('of the secrets it was told about', () => {
    const session = realLookingSession();
    const apiHash = crypto.randomBytes(16).toString('hex');
    registerSecret(session);
    registerSecret(apiHash);

    const url = (s: string): string => encodeURIComponent(s);
    const lowerUrl = (s: string): string => url(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    const ownBase64url = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const textBase64 = (s: string): string => Buffer.from(s).toString('base64');
    const textBase64url = (s: string): string => Buffer.from(s).toString('base64url');
    const same = (s: string): string => s;
    it.each([
      ['plain', same, (e: string) => `saved ${e} to disk`],
      ['URL-encoded', url, (e: string) => `GET /x?session=${e}&y=1`],
      ['URL-encoded, lower-case escapes', lowerUrl, (e: string) => `url ${e}`],
      ['base64url of its own base64', ownBase64url, (e: string) => `token ${e}.`],
      ['base64 of its text', textBase64, (e: string) => `blob ${e}`],
      ['base64url of its text', textBase64url, (e: string) => `blob ${e}`],
      ['split across lines', same, (e: string) => `dump:\n${e.match(/.{1,64}/g)!.join('\n')}\nend`],
      ['split across CRLF lines with indent', same, (e: string) => `dump:\r\n    ${e.match(/.{1,76}/g)!.join('\r\n    ')}`],
      ['inside JSON, split by escaped line breaks', same, (e: string) => JSON.stringify({ note: e.match(/.{1,50}/g)!.join('\n') })],
    ])('removes the session %s', (_name, encode, write) => {
      const encoded = encode(session);
      const piece = encoded.slice(10, 40);
      const line = write(encoded);
      expect(line).toContain(piece); // the test really writes it
      const out = redact(line);
      expect(out, out).not.toContain(piece);
      expect(out).toContain('[redacted]');
    });

    it('removes the API hash wherever it appears, whatever the field is called', () => {
      const out = redact(`init {"id":12345,"hash":"${apiHash}"} url=https://x/?h=${apiHash}`);
      expect(out).toBe('init {"id":12345,"hash":"[redacted]"} url=https://x/?h=[redacted]');
    });

    it('leaves short, ordinary values alone', () => {
      registerSecret('12345');
      expect(redact('user 12345 has 12345 photos')).toBe('user 12345 has 12345 photos');
    });
  });
});
