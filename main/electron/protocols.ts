import { protocol } from 'electron';
import { createArchiveRequestHandler } from '../core/media/archive-protocol.js';
import { createAppRequestHandler } from './app-protocol.js';
import { APP_SCHEME } from './shell-policy.js';

/** Must run before 'ready': both schemes behave like https origins for the renderer. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: 'archive', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** app://renderer/… serves the built UI; archive://media/… and archive://thumbs/… the archive's files. */
export function handleSchemes(rendererDir: string, archiveDir: () => string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
  protocol.handle('archive', createArchiveRequestHandler(archiveDir));
}
