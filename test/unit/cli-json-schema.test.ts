/**
 * docs/cli-json.schema.json is the documented shape of every `--json` output: it must be what
 * main/cli/json-envelope.ts says. After changing an output, regenerate it with `npm run cli:schema`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliJsonOutput, cliJsonSchema } from '../../main/cli/json-envelope.js';

const FILE = fileURLToPath(new URL('../../docs/cli-json.schema.json', import.meta.url));
const text = `${JSON.stringify(cliJsonSchema(), null, 2)}\n`;
if (process.env['UPDATE_CLI_SCHEMA'] === '1') fs.writeFileSync(FILE, text);

describe('the CLI JSON envelope', () => {
  it('is documented in docs/cli-json.schema.json exactly as the code defines it', () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(text);
  });

  it('always carries ok, and an error with a code and a message on failure', () => {
    expect(CliJsonOutput.safeParse({ ok: false, error: { code: 'USAGE', message: 'x' } }).success).toBe(true);
    expect(CliJsonOutput.safeParse({ error: { code: 'USAGE', message: 'x' } }).success).toBe(false);
    expect(CliJsonOutput.safeParse({ ok: false }).success).toBe(false);
    expect(CliJsonOutput.safeParse({ ok: true, changed: [5001] }).success).toBe(true);
  });
});
