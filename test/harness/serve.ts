/**
 * Runs the browser harness by hand: `npx tsx test/harness/serve.ts [--archive DIR] [--port N] [--seed]`
 * (build the renderer first with `npx electron-vite build`). Prints the URL; Ctrl+C stops it.
 * --seed adds a demo account and a few people through the core, as a sync would.
 */
import { parseArgs } from 'node:util';
import { startHarness } from './harness.js';
import { seedDemo } from './seed.js';

const { values } = parseArgs({
  options: {
    archive: { type: 'string' },
    port: { type: 'string', default: '0' },
    seed: { type: 'boolean', default: false },
  },
});

const harness = await startHarness({ archiveDir: values.archive, port: Number(values.port) });
if (values.seed) seedDemo(harness.host);
console.log(`Harness serving the renderer at ${harness.url}`);
console.log(`Archive: ${harness.archiveDir}${values.archive ? '' : ' (temporary, removed on exit)'}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void harness.stop().then(() => process.exit(0));
  });
}
