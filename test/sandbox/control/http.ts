/**
 * The control API over loopback HTTP, for demos and tools outside the test process:
 * `POST /control/<operation>` with a JSON object of named arguments answers
 * `{ "ok": true, "result": ... }` or `{ "ok": false, "error": "..." }`; `GET /metrics`
 * answers the metrics snapshot. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { formatPath } from '../world/schema.js';
import { PHOTO_KINDS } from '../world/schema.js';
import type { SandboxControl } from './control.js';

const userId = z.number().int().positive();
const injected = z.union([z.string().min(1), z.strictObject({ code: z.number().int(), message: z.string().min(1) })]);

/** Each operation: its JSON body schema and how it maps onto the in-process API. */
const operations = {
  addPhoto: op(
    z.strictObject({
      userId,
      spec: z
        .strictObject({
          id: z.string().regex(/^\d{1,19}$/).optional(),
          date: z.number().int().positive().optional(),
          dc: z.number().int().positive().optional(),
          kind: z.enum(PHOTO_KINDS).optional(),
          width: z.number().int().optional(),
          videoStartTs: z.number().min(0).optional(),
        })
        .optional(),
    }),
    (c, a) => c.addPhoto(a.userId, a.spec),
  ),
  removePhoto: op(z.strictObject({ userId, photoId: z.string().regex(/^\d{1,19}$/) }), (c, a) => c.removePhoto(a.userId, a.photoId)),
  renameUser: op(
    z.strictObject({ userId, firstName: z.string().optional(), lastName: z.string().optional(), username: z.string().nullable().optional() }),
    (c, { userId: id, ...names }) => c.renameUser(id, names),
  ),
  setBio: op(z.strictObject({ userId, bio: z.string().max(140) }), (c, a) => c.setBio(a.userId, a.bio)),
  hideHistory: op(z.strictObject({ userId, fromAccount: userId }), (c, a) => c.hideHistory(a.userId, a.fromAccount)),
  showHistory: op(z.strictObject({ userId, toAccount: userId }), (c, a) => c.showHistory(a.userId, a.toAccount)),
  deleteAccount: op(z.strictObject({ userId }), (c, a) => c.deleteAccount(a.userId)),
  rotateFileReferences: op(z.strictObject({ userId: userId.optional() }), (c, a) => c.rotateFileReferences(a.userId)),
  user: op(z.strictObject({ userId }), (c, a) => c.user(a.userId)),
  photos: op(z.strictObject({ userId }), (c, a) => c.photos(a.userId)),
  pendingLoginTokens: op(z.strictObject({}), (c) => c.pendingLoginTokens()),
  approveLoginToken: op(z.strictObject({ token: z.string().optional(), userId }), (c, a) => c.approveLoginToken(a.token, a.userId)),
  revokeSessions: op(z.strictObject({ userId }), (c, a) => c.revokeSessions(a.userId)),
  revokeDcKeys: op(z.strictObject({ userId, dcId: z.number().int().positive() }), (c, a) => c.revokeDcKeys(a.userId, a.dcId)),
  forgetDcKeys: op(z.strictObject({ userId, dcId: z.number().int().positive() }), (c, a) => c.forgetDcKeys(a.userId, a.dcId)),
  expireLoginCodes: op(z.strictObject({ phone: z.string().optional() }), (c, a) => c.expireLoginCodes(a.phone)),
  serverStats: op(z.strictObject({}), (c) => c.serverStats()),
  dropConnections: op(z.strictObject({ dcId: z.number().int().positive().optional() }), (c, a) => c.dropConnections(a.dcId)),
  queueError: op(
    z.strictObject({ method: z.string().min(1), error: injected, times: z.number().int().positive().optional(), dcId: z.number().int().positive().optional() }),
    (c, a) => c.queueError(a.method, a.error, { ...(a.times !== undefined ? { times: a.times } : {}), ...(a.dcId !== undefined ? { dcId: a.dcId } : {}) }),
  ),
  clearErrors: op(z.strictObject({}), (c) => c.clearErrors()),
  queuedErrors: op(z.strictObject({}), (c) => c.queuedErrors()),
  setRateLimit: op(
    z.strictObject({ method: z.string().min(1), limit: z.strictObject({ perSecond: z.number().positive(), burst: z.number().min(1) }).nullable() }),
    (c, a) => c.setRateLimit(a.method, a.limit),
  ),
  clearRateLimits: op(z.strictObject({}), (c) => c.clearRateLimits()),
  setLimits: op(
    z.strictObject({
      model: z
        .strictObject({
          downloadBudget: z.number().int().positive().optional(),
          premiumDownloadBudget: z.number().int().positive().optional(),
          downloadWaitSeconds: z.number().int().min(0).optional(),
          methods: z.record(z.string(), z.strictObject({ perSecond: z.number().positive(), burst: z.number().min(1), daily: z.number().int().positive().optional() })).optional(),
        })
        .nullable(),
    }),
    (c, a) => c.setLimits(a.model === null ? null : dropUndefined(a.model)),
  ),
  limitsModel: op(z.strictObject({}), (c) => c.limitsModel()),
  downloadBudgetUse: op(z.strictObject({}), (c) => c.downloadBudgetUse()),
  setConditions: op(
    z.strictObject({ dcId: z.number().int().positive(), latencyMs: z.number().min(0).optional(), bytesPerSecond: z.number().positive().optional() }),
    (c, { dcId, ...conditions }) => c.setConditions(dcId, conditions),
  ),
  holdRequests: op(z.strictObject({ method: z.string().min(1), pass: z.number().int().min(0).optional() }), (c, a) =>
    c.holdRequests(a.method, a.pass !== undefined ? { pass: a.pass } : {}),
  ),
  releaseRequests: op(z.strictObject({}), (c) => c.releaseRequests()),
  heldRequests: op(z.strictObject({}), (c) => c.heldRequests()),
  resetFaults: op(z.strictObject({}), (c) => c.resetFaults()),
  metrics: op(z.strictObject({}), (c) => c.metrics()),
  resetMetrics: op(z.strictObject({}), (c) => c.resetMetrics()),
} as const;

export type ControlOperation = keyof typeof operations;
export const CONTROL_OPERATIONS = Object.keys(operations) as ControlOperation[];

interface Operation {
  parse(body: unknown): { ok: true; run: (control: SandboxControl) => unknown } | { ok: false; error: string };
}

function op<S extends z.ZodType>(schema: S, run: (control: SandboxControl, args: z.output<S>) => unknown): Operation {
  return {
    parse(body) {
      const result = schema.safeParse(body ?? {});
      if (!result.success) {
        const issue = result.error.issues[0];
        return { ok: false, error: `${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}` };
      }
      return { ok: true, run: (control) => run(control, result.data) };
    },
  };
}

export interface ControlHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startControlHttp(control: SandboxControl, port = 0): Promise<ControlHttpServer> {
  const server = createServer((request, response) => {
    handle(control, request, response).catch((error: unknown) => send(response, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(control: SandboxControl, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/metrics') return send(response, 200, control.metrics());
  if (request.method === 'GET' && url.pathname === '/control') return send(response, 200, { operations: CONTROL_OPERATIONS });
  const match = /^\/control\/([A-Za-z]+)$/.exec(url.pathname);
  if (!match) return send(response, 404, { ok: false, error: `no route ${request.method} ${url.pathname}` });
  if (request.method !== 'POST') return send(response, 405, { ok: false, error: 'use POST' });
  const name = match[1]!;
  const operation = (operations as Record<string, Operation>)[name];
  if (!operation) return send(response, 404, { ok: false, error: `unknown operation ${name}` });
  let body: unknown;
  try {
    const text = await readBody(request);
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return send(response, 400, { ok: false, error: `body is not JSON: ${(error as Error).message}` });
  }
  const parsed = operation.parse(body);
  if (!parsed.ok) return send(response, 400, { ok: false, error: parsed.error });
  try {
    const result = await parsed.run(control);
    send(response, 200, { ok: true, result: result ?? null });
  } catch (error) {
    send(response, 409, { ok: false, error: (error as Error).message });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

/** zod leaves absent optional keys undefined; the control API takes only the fields given. */
function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
