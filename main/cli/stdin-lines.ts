/**
 * Secrets for the CLI without putting them in flags (which any user sees in
 * `ps`): `--code -`, `--password -` and `--api-hash -` each read the next line
 * of standard input, in the order they are needed.
 */
import type { Readable } from 'node:stream';
import { CliError, EXIT } from './exit-codes.js';

export const FROM_STDIN = '-';

export class LineReader {
  readonly #input: Readable;
  #buffered = '';
  #ended = false;
  #waiting: (() => void) | null = null;
  #started = false;

  constructor(input: Readable) {
    this.#input = input;
  }

  /** The next line without its line break, or null at the end of the input. */
  async next(): Promise<string | null> {
    this.#start();
    for (;;) {
      const newline = this.#buffered.indexOf('\n');
      if (newline >= 0) {
        const line = this.#buffered.slice(0, newline).replace(/\r$/, '');
        this.#buffered = this.#buffered.slice(newline + 1);
        return line;
      }
      if (this.#ended) {
        const rest = this.#buffered;
        this.#buffered = '';
        return rest.length ? rest : null;
      }
      this.#input.resume();
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#input.setEncoding('utf8');
    const wake = (): void => {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.();
    };
    this.#input.on('data', (chunk: string) => {
      this.#buffered += chunk;
      // Hold the rest of the input until the next value is asked for; an idle stdin keeps no process alive.
      if (this.#buffered.includes('\n')) this.#input.pause();
      wake();
    });
    this.#input.on('end', () => {
      this.#ended = true;
      wake();
    });
    this.#input.on('error', () => {
      this.#ended = true;
      wake();
    });
  }
}

let stdin: LineReader | null = null;

/** `value`, or for "-" the next line of standard input (a usage error when it has ended). */
export async function valueOrStdin(value: string, flag: string, reader: LineReader = (stdin ??= new LineReader(process.stdin))): Promise<string> {
  if (value !== FROM_STDIN) return value;
  const line = await reader.next();
  if (line === null) throw new CliError(EXIT.USAGE, `${flag} - reads a line of standard input, but the input ended before it.`, 'USAGE');
  return line;
}
