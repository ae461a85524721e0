/**
 * What app://renderer/… answers: the built UI from one folder, with its
 * Content-Type, the Content-Security-Policy and nosniff. A web Request →
 * Response function with no Electron in it, so it is unit-tested under Node.
 */
import path from 'node:path';
import { contentTypeFor, openInside } from '../core/media/archive-protocol.js';
import { APP_HOST } from './shell-policy.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' archive: data: blob:",
  "media-src 'self' archive:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const UI_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return notFound();
    const opened = await openInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!opened) return notFound();
    try {
      // The UI's files are small: read whole, from the handle that was checked.
      const body = request.method === 'HEAD' ? null : await opened.handle.readFile();
      const ext = path.extname(opened.file).toLowerCase();
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': UI_TYPES[ext] ?? contentTypeFor(opened.file),
          'Content-Length': String(opened.stat.size),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } finally {
      await opened.handle.close();
    }
  };
}
