import { describe, expect, it } from 'vitest';
import { redact } from '../../main/core/log.js';

describe('log redaction', () => {
  it('removes session strings wherever they appear', () => {
    const session = '1' + 'AbCd+/'.repeat(60) + '==';
    expect(redact(`connected with ${session} ok`)).toBe('connected with [redacted] ok');
  });

  it('removes values of secret fields in text and JSON', () => {
    expect(redact('password=hunter2 code: 12345')).toBe('password=[redacted] code: [redacted]');
    expect(JSON.parse(redact(JSON.stringify({ session: 'x', apiHash: 'y', name: 'Alice' })))).toEqual({
      session: '[redacted]',
      apiHash: '[redacted]',
      name: 'Alice',
    });
  });
});
