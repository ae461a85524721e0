import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint boundaries', () => {
  it("rejects an 'electron' import in core code", async () => {
    expect(await ruleIdsFor('main/core/sync/example.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it("allows 'electron' in the Electron shell and the preload", async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await ruleIdsFor('main/electron/example.ts', code)).not.toContain('no-restricted-imports');
    expect(await ruleIdsFor('preload/index.ts', code)).not.toContain('no-restricted-imports');
  });

  it('rejects node: modules and main/ imports in the renderer', async () => {
    expect(await ruleIdsFor('renderer/src/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/src/example.ts', "import { createHost } from '../../main/host.js';\nexport const h = createHost;\n")).toContain(
      'no-restricted-imports',
    );
  });
});
