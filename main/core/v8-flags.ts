/**
 * The V8 flags the sync engine runs with: the CLI (package.json "cli"), the
 * packaged Linux app (electron-builder executableArgs; Electron's main process
 * reads V8 flags only from its command line) and the benchmark. Unit tests keep
 * the literals equal to this constant.
 *
 * --max-semi-space-size=16: a sync allocates fast (every downloaded MiB passes
 * through GramJS's message parsing), and V8 then grows the young generation to
 * its maximum (64 MB per semi-space here), which is most of the process's RSS
 * and buys no speed: with 16 MB the engine peaks ~60 MB lower at the same
 * speed (npm run bench, README "Performance").
 */
export const ENGINE_V8_FLAGS = '--max-semi-space-size=16';
