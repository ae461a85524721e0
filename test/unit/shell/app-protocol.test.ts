import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../../main/electron/app-protocol.js';

describe('app:// serves the built UI', () => {
  let dir: string;
  let serve: (request: Request) => Promise<Response>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
    fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
    fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'index.js'), 'export {}');
    fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'index.css'), 'body{}');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'assets', 'link.js'));
    serve = createAppRequestHandler(path.join(dir, 'renderer'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers index.html with its type, the CSP and nosniff', async () => {
    for (const url of ['app://renderer/index.html', 'app://renderer/']) {
      const response = await serve(new Request(url));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('<!doctype html><title>ui</title>');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('gives scripts and styles their types', async () => {
    expect((await serve(new Request('app://renderer/assets/index.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await serve(new Request('app://renderer/assets/index.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside the UI folder, nor another host, nor through a symlink leaving it', async () => {
    for (const url of ['app://renderer/../secret.txt', 'app://renderer/%2e%2e/secret.txt', 'app://renderer/assets/link.js', 'app://other/index.html', 'app://renderer/missing.js']) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
  });

  it('answers only reads', async () => {
    expect((await serve(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
