/**
 * The browser test harness: the real core (createHost with a real SQLite
 * archive in a temp folder and an in-memory secret store) served to a plain
 * Chromium page. It serves the built renderer (out/renderer) statically and
 * puts a generated `window.api` in front of it that forwards every request to
 * the very same `host.dispatch` the Electron IPC wiring uses, and every
 * `host.events` event over Server-Sent Events. Only the transport differs.
 * Binds 127.0.0.1 only.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../preload/contract.js';
import type { Dispatch } from '../../main/core/api/dispatch.js';
import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import { createHost, type Host, type HostPorts } from '../../main/host.js';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createArchiveRequestHandler } from '../../main/core/media/archive-protocol.js';
import { BRIDGE_SCRIPT_PATH, EVENTS_PATH, IPC_PATH, MEDIA_PATH, bridgeScript } from './bridge-script.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');

/** Mirrors the CSP the Electron shell sends with index.html (the page also carries it as a meta tag). */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' archive: data: blob:; media-src 'self' archive:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** Lets a test answer a request itself (to simulate a failure, say); return undefined to pass it on to the host. */
export type Interceptor = (method: string, input: unknown) => Result<unknown> | undefined | Promise<Result<unknown> | undefined>;

export interface HarnessOptions {
  /** The archive folder; a fresh temp folder (removed on stop) when omitted. */
  readonly archiveDir?: string;
  /** Overrides for the host's ports (clock, secrets, version…). */
  readonly hostPorts?: Partial<HostPorts>;
  /** Where the built renderer is; defaults to out/renderer. */
  readonly rendererDir?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface Harness {
  /** The page to open, e.g. http://127.0.0.1:43123/ */
  readonly url: string;
  readonly host: Host;
  /** The archive folder in use. */
  readonly archiveDir: string;
  /** Requests answered so far, by name, newest last (for assertions). */
  readonly calls: readonly string[];
  /** Replace (or clear, with null) the interceptor in front of host.dispatch. */
  intercept(interceptor: Interceptor | null): void;
  /** How many pages are listening for events right now. */
  eventClients(): number;
  /** Resolves once at least `count` pages listen for events (so an emitted event cannot be missed). */
  waitForEventClients(count?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = path.resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const indexHtml = await fs.readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer at ${rendererDir}: run \`npx electron-vite build\` first.`);
  });
  const ownsArchive = options.archiveDir === undefined;
  const archiveDir = options.archiveDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'tg-archiver-harness-')));

  const host = createHost({
    archiveDir,
    secrets: new MemorySecretStore(),
    appVersion: '0.0.0-harness',
    platform: process.platform,
    ...options.hostPorts,
  });

  let interceptor: Interceptor | null = null;
  const calls: string[] = [];
  // Requests under way when the harness stops are awaited before the host closes; later ones are refused
  // (a page still polling at teardown must not reach a closed archive).
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const dispatch: Dispatch = async (method, input) => {
    if (stopped) return { ok: false, error: { code: 'UNAVAILABLE', message: 'The test harness has stopped.' } };
    calls.push(method);
    const work = (async () => (interceptor ? await interceptor(method, input) : undefined) ?? host.dispatch(method, input))();
    inFlight.add(work);
    try {
      return await work;
    } finally {
      inFlight.delete(work);
    }
  };

  const streams = new Set<http.ServerResponse>();
  const streamWaiters = new Set<() => void>();
  const unsubscribe = host.events.subscribe((event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const serveArchive = createArchiveRequestHandler(() => host.archive.dir);
  const page = injectBridge(indexHtml);
  const script = bridgeScript();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `harness error: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  async function answer(name: string, body: string | null): Promise<Result<unknown>> {
    if (body === null) return { ok: false, error: { code: 'INVALID_INPUT', message: `The request body is over ${MAX_BODY_BYTES} bytes.` } };
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body) : undefined;
    } catch {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not JSON.' } };
    }
    return dispatch(name, input);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(IPC_PATH) || url.pathname === EVENTS_PATH) {
      const foreign = foreignRequest(req, (server.address() as AddressInfo).port);
      if (foreign) return send(res, 403, 'text/plain; charset=utf-8', `forbidden: ${foreign}`);
    }
    if (url.pathname.startsWith(IPC_PATH)) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
      if (mediaType(req.headers['content-type']) !== 'application/json') return send(res, 415, 'text/plain; charset=utf-8', 'JSON only (Content-Type: application/json)');
      const name = decodeURIComponent(url.pathname.slice(IPC_PATH.length));
      const body = await readBody(req);
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await answer(name, body)));
    }
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      for (const wake of streamWaiters) wake();
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith(MEDIA_PATH)) return sendArchive(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
    if (url.pathname === BRIDGE_SCRIPT_PATH) return send(res, 200, CONTENT_TYPES['.js']!, script);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.setHeader('content-security-policy', RENDERER_CSP);
      return send(res, 200, CONTENT_TYPES['.html']!, page);
    }
    const file = await staticFile(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    return send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', await fs.readFile(file));
  }

  /** /archive/<folder>/<path> answered by the archive:// handler itself, Range requests included. */
  async function sendArchive(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const headers = new Headers();
    for (const name of ['range', 'if-range']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const request = new Request(`archive://${url.pathname.slice(MEDIA_PATH.length)}`, { method: req.method ?? 'GET', headers });
    const response = await serveArchive(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    Readable.fromWeb(response.body as NodeReadableStream).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    host,
    archiveDir,
    calls,
    intercept(next) {
      interceptor = next;
    },
    eventClients: () => streams.size,
    async waitForEventClients(count = 1, timeoutMs = 10_000) {
      if (streams.size >= count) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          streamWaiters.delete(check);
          reject(new Error(`only ${streams.size} of ${count} event listeners connected within ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          if (streams.size < count) return;
          clearTimeout(timer);
          streamWaiters.delete(check);
          resolve();
        }
        streamWaiters.add(check);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...inFlight]);
      await host.close();
      if (ownsArchive) await fs.rm(archiveDir, { recursive: true, force: true });
    },
  };
}

/** Puts the bridge script in front of the first script of the page, so `window.api` exists before the bundle runs. */
export function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const at = html.indexOf('<script');
  if (at === -1) throw new Error('index.html has no <script> to put the bridge in front of');
  return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

/**
 * Why a request for the API or its events is not from the harness's own page,
 * or null. The harness drives a real core, so another site open in the same
 * browser must not reach it: not by a simple cross-origin POST (Origin,
 * Sec-Fetch-Site; and only JSON is accepted, which a form cannot send), nor
 * through DNS rebinding (Host).
 */
function foreignRequest(req: http.IncomingMessage, port: number): string | null {
  const host = req.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return `the Host ${host ?? '(none)'} is not this harness`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return `a request from another origin (${origin})`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `a ${site} request`;
  return null;
}

/** 'application/json' from 'Application/JSON; charset=utf-8'. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A file inside root for a URL path, or null (missing, a folder, or outside root). */
async function staticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  const relative = path.relative(root, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    const real = await fs.realpath(file);
    const realRelative = path.relative(await fs.realpath(root), real);
    if (realRelative.startsWith('..') || path.isAbsolute(realRelative)) return null;
    return (await fs.stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The body as text, or null when it exceeds the limit. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
