import type { EventEmitter } from 'node:events';
import type { Logger } from '../core/log.js';

/**
 * An error nobody caught (a rejected promise deep in GramJS, a throw in a
 * timer) is logged and the app keeps running, instead of Electron's default
 * of an error box over the window (or Node's of ending the process).
 * Failures inside a sync run are already values: the run ends "failed" and
 * the window shows why. Returns the function that stops catching.
 */
export function catchStrayErrors(log: Logger, target: EventEmitter = process): () => void {
  const onError = (error: unknown): void => log.error('uncaught error in the main process', error);
  target.on('uncaughtException', onError);
  target.on('unhandledRejection', onError);
  return () => {
    target.off('uncaughtException', onError);
    target.off('unhandledRejection', onError);
  };
}
