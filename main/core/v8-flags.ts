/**
 * The V8 flags the sync engine runs with: the CLI (package.json "cli"), the
 * app's main process (below) and the benchmark. Unit tests keep the literals
 * equal to this constant. Both are about memory (npm run bench, README
 * "Performance"); neither costs speed or event-loop delay there:
 *
 * --max-semi-space-size=8: a sync allocates fast (every request and answer
 * passes through GramJS's serialisation), and V8 then grows the young
 * generation to its maximum (64 MB per semi-space by default) although what
 * survives a scavenge is small.
 *
 * --heap-growing-percent=20: V8 lets the old generation grow to a multiple of
 * what was live after the last full collection, and the objects a sync keeps
 * for a second or two (queued photos, answers waiting for the disk) are
 * promoted and die there: the heap grew to ~115 MB over ~45 MB live. With the
 * next limit at live + 20% the full collections come sooner, concurrent
 * marking does their work on another thread, and the peak is ~40 MB lower.
 */
export const ENGINE_V8_FLAGS = '--max-semi-space-size=8 --heap-growing-percent=20';

/**
 * How the flags reach Electron's main process. V8 sizes its heap when the
 * isolate is created, so the flag must be there at startup:
 * v8.setFlagsFromString at run time is accepted but changes nothing (the unit
 * test shows heap_size_limit unmoved), and app.commandLine.appendSwitch
 * ('js-flags') reaches only processes started later (renderers). Electron
 * hands `--js-flags=` from its own command line to V8 before the main isolate
 * exists (docs/api/command-line-switches.md). The packaged Linux app gets it
 * from electron-builder's executableArgs; elsewhere (a Windows shortcut, a
 * macOS bundle) the app relaunches itself once with it.
 */
export const JS_FLAGS_SWITCH = '--js-flags=';

/** The relaunched process carries this, so a relaunch can never repeat. */
export const RELAUNCHED_ENV = 'TG_ARCHIVER_V8_RELAUNCHED';

function jsFlagsOf(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg.startsWith(JS_FLAGS_SWITCH)).flatMap((arg) => arg.slice(JS_FLAGS_SWITCH.length).split(/\s+/).filter(Boolean));
}

/**
 * The arguments (after the executable) to relaunch Electron with so its main
 * process gets the engine's flags, or null when it already has them. Other
 * --js-flags are kept; a flag given with another value is left as given.
 */
export function engineFlagsRelaunchArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] | null {
  if (env[RELAUNCHED_ENV]) return null;
  const present = jsFlagsOf(argv);
  const names = new Set(present.map((flag) => flag.split('=')[0]));
  const missing = ENGINE_V8_FLAGS.split(' ').filter((flag) => !names.has(flag.split('=')[0]));
  if (missing.length === 0) return null;
  const rest = argv.slice(1).filter((arg) => !arg.startsWith(JS_FLAGS_SWITCH));
  return [...rest, `${JS_FLAGS_SWITCH}${[...present, ...missing].join(' ')}`];
}
