import type { z } from 'zod';
import { requests, type AppError, type Handlers, type RequestName, type Result } from '../../../preload/contract.js';
import type { Logger } from '../log.js';
import { UserFacingError } from './app-error.js';

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

/** The contract's limits on an error (AppError in preload/contract.ts). */
const MAX_MESSAGE = 2000;
const MAX_CODE = 64;

function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map(describeIssue).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'input';
  // A union says only "Invalid input"; the branch that came closest says what to fix.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    const first = closest[0];
    if (first) return describeIssue({ ...first, path: [...issue.path, ...first.path] });
  }
  return `${where}: ${issue.message}`;
}

/**
 * The one entry point to the handlers, shared by the Electron IPC wiring and the
 * browser test harness: checks the method, validates the input against the
 * contract, runs the handler, checks its output, and turns every failure into
 * a `{code, message}` value. Nothing thrown here reaches the transport.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, rawInput) => {
    if (!isRequestName(method)) return failure({ code: 'UNKNOWN_REQUEST', message: `Unknown request "${String(method).slice(0, 64)}".` });
    const spec = requests[method];
    const input = spec.input.safeParse(rawInput);
    if (!input.success) return failure({ code: 'INVALID_INPUT', message: `Invalid input for ${method}: ${describeIssues(input.error)}` });

    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      const output = spec.output.safeParse(await handler(input.data));
      if (!output.success) {
        log.error(`${method} returned output outside the contract`, describeIssues(output.error));
        return failure({ code: 'INTERNAL', message: 'The app produced an unexpected answer. Details are in the log.' });
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (error instanceof UserFacingError) return failure({ code: error.code, message: error.message });
      log.error(`${method} failed`, error);
      return failure({ code: 'INTERNAL', message: 'Something went wrong. Details are in the log.' });
    }
  };
}

// Control characters (a terminal escape, a line break from a server's text) are shown as spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /\s*[\u0000-\u001f\u007f-\u009f\u2028\u2029][\s\u0000-\u001f\u007f-\u009f]*/g;

/** Fits text into `max` characters after everything was prefixed to it: one line, no control characters, cut with an ellipsis. */
export function fitMessage(text: string, max: number): string {
  const clean = text.replace(CONTROL, ' ').trim();
  if (clean.length <= max) return clean;
  const end = /[\ud800-\udbff]/.test(clean[max - 2] ?? '') ? max - 2 : max - 1; // never half a surrogate pair
  return `${clean.slice(0, end)}…`;
}

/** Every error crossing to the renderer passes here, so it always fits the contract. */
const failure = (error: AppError): Result<never> => ({
  ok: false,
  error: { code: fitMessage(error.code, MAX_CODE), message: fitMessage(error.message, MAX_MESSAGE) },
});
