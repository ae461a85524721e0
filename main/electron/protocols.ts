import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { createArchiveRequestHandler } from '../core/media/archive-protocol.js';
import { resolveInside } from '../core/media/resolve-inside.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

/** Must run before 'ready': both schemes behave like https origins for the renderer. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: 'archive', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

const notFound = (): Response => new Response('Not found', { status: 404 });

/** app://renderer/… serves the built UI; archive://media/… and archive://thumbs/… the archive's files. */
export function handleSchemes(rendererDir: string, archiveDir: () => string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'renderer') return notFound();
    const file = await resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return notFound();
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  protocol.handle('archive', createArchiveRequestHandler(archiveDir));
}
