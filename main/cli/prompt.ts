/** Questions on a terminal; a hidden answer for passwords. */
import readline from 'node:readline';
import { CliError, EXIT } from './exit-codes.js';

export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export async function ask(question: string, options: { hidden?: boolean; flag: string }): Promise<string> {
  if (!canPrompt()) throw new CliError(EXIT.USAGE, `Not on a terminal: pass ${options.flag}.`, 'USAGE');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (options.hidden) {
    // Echo nothing of what is typed (the question itself is written before muting).
    const output = rl as unknown as { _writeToOutput?: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stderr.write(s);
        asked = true;
      }
    };
  }
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, resolve);
      rl.once('SIGINT', () => reject(new CliError(EXIT.INTERRUPTED, 'Interrupted.', 'INTERRUPTED')));
    });
  } finally {
    if (options.hidden) process.stderr.write('\n');
    rl.close();
  }
}
