import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// 'electron' must never load in tests: importing the real package would try to
// download its binary. The alias makes any stray import fail loudly instead.
const electronFake = fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { electron: electronFake } },
  test: {
    setupFiles: ['test/setup/no-remote-network.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/sandbox/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
