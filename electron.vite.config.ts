import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// The dev server injects an inline React refresh preamble, which the built
// app's CSP (script-src 'self') forbids: drop the CSP meta in dev only.
const cspOnlyInBuild = (): Plugin => ({
  name: 'csp-only-in-build',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
});

export default defineConfig({
  main: {
    // DEVELOPER_BUILD=1 at build time lets a packaged build take --server-profile and --user-data-dir (main/electron/build-flags.ts).
    define: { __DEVELOPER_BUILD__: JSON.stringify(process.env['DEVELOPER_BUILD'] === '1') },
    build: {
      // Runtime `dependencies` stay require()s: GramJS and our code must share one
      // big-integer (GramJS checks bigInt.isInstance). test/unit/telegram/main-bundle.test.ts checks the build.
      externalizeDeps: true,
      outDir: 'out/main',
      lib: { entry: resolve('main/electron/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: 'index.cjs' } },
    },
  },
  preload: {
    // Sandboxed preloads must be CommonJS and self-contained (zod is bundled in).
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), cspOnlyInBuild()],
    build: { outDir: resolve('out/renderer'), minify: true, rollupOptions: { input: resolve('renderer/index.html') } },
  },
});
