/**
 * The IPC contract at the trust boundary, through the real dispatcher of a real
 * host (temp SQLite archive): every request rejects malformed input with
 * INVALID_INPUT and a clear message, without reaching its handler or crashing;
 * unknown requests get UNKNOWN_REQUEST; valid input round-trips. The malformed
 * cases are generated from each request's schema and a valid example, so a new
 * request is covered as soon as it has an example (the table below will not
 * type-check without one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UserFacingError } from '../../main/core/api/app-error.js';
import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import { createHost, type Host } from '../../main/host.js';
import { EVENT_NAMES, REQUEST_NAMES, events, requests, type RequestInput, type RequestName } from '../../preload/contract.js';

const EXPORT_SETTINGS = {
  name: 'Backup',
  destination: '/tmp/contract-export',
  template: '{person_now}/{date}',
  timeZone: 'UTC',
  mode: 'copy',
  include: { stills: true, videos: false, profile: true, personal: true, fallback: false, removed: 'omit' },
  writeMetadata: true,
  sidecars: true,
  autoExport: false,
} as const;

/** One valid input per request, with every optional field present so nested fields get mutated too. */
const VALID: { readonly [N in RequestName]: RequestInput<N> } = {
  'credentials.get': {},
  'credentials.set': { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' },
  'login.start': { method: 'phone' },
  'login.submitPhone': { phone: '+15550001111' },
  'login.submitCode': { code: '12345' },
  'login.submitPassword': { password: 'correct horse battery staple' },
  'login.cancel': {},
  'login.current': {},
  'accounts.logout': { accountId: 1 },
  'accounts.connections': {},
  'targets.add': { query: '@grace', accountId: 1 },
  'targets.remove': { userId: 5, purge: true },
  'targets.setPaused': { userId: 5, paused: true },
  'targets.candidates': { source: 'contacts', accountId: 1 },
  'sync.start': { userIds: [1, 2], deep: true },
  'sync.pause': {},
  'sync.resume': {},
  'sync.cancel': {},
  'sync.status': {},
  'archive.verify': { heal: false },
  'app.info': {},
  'accounts.list': {},
  'targets.list': { limit: 10, after: { addedAt: 1_700_000_000_000, userId: 42 } },
  'gallery.page': { userId: 5, filter: { media: 'video', kind: 'fallback', removedOnly: true }, limit: 50, after: { date: 1_700_000_000, id: '-9223372036854775808' } },
  'people.summaries': { userIds: [5, 6] },
  'people.identity': { userId: 5 },
  'media.showInFolder': { photoId: '5' },
  'media.copyImage': { photoId: '5' },
  'media.saveAs': { photoId: '5' },
  'settings.get': {},
  'settings.update': { schedule: { intervalMinutes: 30 }, concurrency: { filesPerDc: 8 }, notifications: { newPhotos: false }, startAtLogin: true, theme: 'dark' },
  'targets.setSchedule': { userId: 5, minutes: 15 },
  'schedule.status': {},
  'schedule.overrides': {},
  'schedule.setPaused': { paused: true },
  'export.profiles': {},
  'export.saveProfile': { id: 3, settings: EXPORT_SETTINGS },
  'export.removeProfile': { id: 3 },
  'export.preview': { settings: EXPORT_SETTINGS, limit: 5 },
  'export.fields': {},
  'export.run': { id: 3 },
  'export.cancel': {},
  'export.chooseFolder': {},
};

/**
 * Requests whose real handler only reads local state. The others (login, logout,
 * connect…) would talk to Telegram, so here a stub stands in for their handler:
 * reaching it proves the input passed the boundary; their behaviour is tested
 * with the sandbox in the integration suite.
 */
const READ_ONLY: ReadonlySet<RequestName> = new Set([
  'app.info',
  'accounts.list',
  'targets.list',
  'credentials.get',
  'login.current',
  'accounts.connections',
  'sync.status',
  'gallery.page',
  'people.summaries',
  'people.identity',
  'settings.get',
  'schedule.status',
  'schedule.overrides',
  'export.profiles',
  'export.preview',
  'export.fields',
  'export.chooseFolder',
]);
const STUBBED = 'STUBBED_HANDLER';

type Path = readonly (string | number)[];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// --- schema walking (zod 4 `def`) ---------------------------------------------------------

type AnySchema = z.ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
}
const defOf = (schema: AnySchema) => (schema as unknown as { def: Def }).def;

/** Strips optional/default/nullable/readonly wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional', 'catch'].includes(def.type)) current = def.innerType;
    else return current;
  }
}

function schemaAt(root: AnySchema, at: Path): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const key of at) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    current = def.type === 'object' ? def.shape?.[key as string] : def.type === 'array' ? def.element : undefined;
  }
  return current;
}

/** Whether the value at `at` sits inside a union, where another branch may accept what one rejects. */
function underUnion(root: AnySchema, at: Path): boolean {
  for (let depth = 0; depth <= at.length; depth++) {
    const here = schemaAt(root, at.slice(0, depth));
    if (!here) return depth > 0 && underUnion(root, at.slice(0, depth - 1));
    if (defOf(unwrap(here)).type === 'union') return true;
  }
  return false;
}

/** An array schema's max items (zod 4 keeps it as a `max_length` check). */
function maxOf(schema: AnySchema): number | undefined {
  const checks = (schema as unknown as { def: { checks?: { _zod: { def: { check: string; maximum?: number } } }[] } }).def.checks ?? [];
  return checks.map((c) => c._zod.def).find((d) => d.check === 'max_length')?.maximum;
}

/** Every array schema inside a schema, with where it is. */
function arraysIn(schema: AnySchema, at: Path = []): { at: Path; schema: AnySchema }[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'array') return [{ at, schema: inner }, ...(def.element ? arraysIn(def.element, [...at, 0]) : [])];
  if (def.type === 'object') return Object.entries(def.shape ?? {}).flatMap(([key, child]) => arraysIn(child, [...at, key]));
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => arraysIn(option, at));
  return [];
}

/** Every string schema inside a schema, with where it is. */
function stringsIn(schema: AnySchema, at: Path = []): { at: Path; schema: AnySchema }[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'string') return [{ at, schema: inner }];
  if (def.type === 'object') return Object.entries(def.shape ?? {}).flatMap(([key, child]) => stringsIn(child, [...at, key]));
  if (def.type === 'array' && def.element) return stringsIn(def.element, [...at, 0]);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => stringsIn(option, at));
  return [];
}

// --- values -------------------------------------------------------------------------------

function get(value: Json, at: Path): Json {
  return at.reduce<Json>((v, key) => (v as Record<string, Json>)[key as string] as Json, value);
}

function set(value: Json, at: Path, replacement: Json | undefined): Json {
  if (at.length === 0) return replacement as Json;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) }) as Record<string, Json>;
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = set(copy[head as string] as Json, rest, replacement);
  return copy as Json;
}

/** Every path in a JSON value (the root included), with the value there. */
function paths(value: Json, at: Path = []): { at: Path; value: Json }[] {
  const here = { at, value };
  if (value !== null && typeof value === 'object') {
    return [here, ...Object.entries(value).flatMap(([key, child]) => paths(child, [...at, Array.isArray(value) ? Number(key) : key]))];
  }
  return [here];
}

/** A value of a different JSON type: invalid wherever the schema is not a union or `any`. */
function wrongType(value: Json): Json | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return 12345;
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { length: 0 };
  if (value !== null && typeof value === 'object') return 'not an object';
  return undefined; // null: nullable fields accept it, and its base type is unknown here
}

const label = (at: Path) => (at.length ? at.join('.') : 'input');

interface Case {
  readonly why: string;
  /** Where the mutation is, when it is at one place. */
  readonly at?: Path;
  readonly input: unknown;
  /** Something the error message must mention, to be clear about what was wrong. */
  readonly mentions?: string;
}

/** The malformed inputs generated from an input schema and a valid example of it. */
function malformedCases(schema: AnySchema, example: Json): Case[] {
  const cases: Case[] = [
    { why: 'undefined', input: undefined },
    { why: 'null', input: null },
    { why: 'a number', input: 42 },
    { why: 'a string', input: 'accounts' },
    { why: 'an array', input: [example] },
    { why: 'a boolean', input: true },
  ];
  for (const { at, value } of paths(example)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      cases.push({ why: `an extra field in ${label(at)}`, at, input: set(example, [...at, 'unexpected'], 1), mentions: 'unexpected' });
      cases.push({ why: `an oversized extra field in ${label(at)}`, input: set(example, [...at, 'padding'], 'x'.repeat(200_000)), mentions: 'padding' });
      cases.push({ why: `a __proto__ key in ${label(at)}`, input: JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(value).slice(1)}`.replace(', }', '}')) });
      for (const key of Object.keys(value)) {
        const field = schemaAt(schema, [...at, key]);
        if (field && !field.safeParse(undefined).success) {
          cases.push({ why: `required ${label([...at, key])} missing`, at, input: set(example, [...at, key], undefined), mentions: label([...at, key]) });
        }
      }
    }
    if (at.length > 0) {
      const field = schemaAt(schema, at);
      const fieldType = field && defOf(unwrap(field)).type;
      const wrong = wrongType(value);
      // A union may accept several JSON types; its branches' own bounds are covered below.
      if (wrong !== undefined && fieldType !== 'union') cases.push({ why: `${label(at)} of the wrong type`, at, input: set(example, at, wrong), mentions: label(at) });
      cases.push({ why: `${label(at)} as a huge string`, at, input: set(example, at, 'y'.repeat(500_000)), mentions: label(at) });
      if (fieldType === 'enum') cases.push({ why: `${label(at)} not one of its values`, at, input: set(example, at, 'not-a-member'), mentions: label(at) });
    }
  }
  for (const { at, schema: str } of stringsIn(schema)) {
    const max = (str as z.ZodString).maxLength;
    if (max !== null && get(example, at.slice(0, -1)) !== undefined) {
      cases.push({ why: `${label(at)} over ${max} characters`, input: set(example, at, 'z'.repeat(max + 1)), mentions: label(at) });
    }
  }
  for (const { at, schema: array } of arraysIn(schema)) {
    const max = maxOf(array);
    const current = get(example, at);
    if (max !== undefined && Array.isArray(current) && current.length > 0) {
      const long = Array.from({ length: max + 1 }, (_, i) => current[i % current.length] as Json);
      cases.push({ why: `${label(at)} over ${max} items`, input: set(example, at, long), mentions: label(at) });
    }
  }
  // Inside a union another branch may take a mutated value; keep only what the contract really rejects there.
  // Zod reports a union's failure at the union, so the message cannot name the field there.
  return cases
    .filter((c) => !(c.at && underUnion(schema, c.at) && schema.safeParse(c.input).success))
    .map((c) => (c.at && underUnion(schema, c.at) ? { ...c, mentions: undefined } : c));
}

// --- the host -----------------------------------------------------------------------------

let dir: string;
let host: Host;
const handlerCalls: string[] = [];

const missingHandlers: RequestName[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-test-'));
  host = createHost({ archiveDir: dir, secrets: new MemorySecretStore(), appVersion: '1.2.3-test', platform: 'testos' });
  // Count handler calls (invalid input must never reach a handler) and keep Telegram out of it.
  const handlers = host.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of REQUEST_NAMES) {
    const original = handlers[name];
    if (!original) missingHandlers.push(name);
    handlers[name] = async (input) => {
      handlerCalls.push(name);
      if (!original) throw new UserFacingError('NO_HANDLER', `createHost has no handler for ${name}`);
      if (!READ_ONLY.has(name)) throw new UserFacingError(STUBBED, `${name} reached its handler`);
      return original(input);
    };
  }
});

afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  handlerCalls.length = 0;
  host.archive.db.exec('DELETE FROM targets; DELETE FROM accounts;');
});

afterEach(() => {
  handlerCalls.length = 0;
});

describe('the contract itself', () => {
  it('has a valid example for every request, and only for requests', () => {
    expect(Object.keys(VALID).sort()).toEqual([...REQUEST_NAMES].sort());
    for (const name of REQUEST_NAMES) expect(requests[name].input.safeParse(VALID[name]).success, name).toBe(true);
  });

  it('bounds every string and array a request accepts', () => {
    for (const name of REQUEST_NAMES) {
      for (const { at, schema } of stringsIn(requests[name].input as AnySchema)) {
        expect((schema as z.ZodString).maxLength, `${name} ${label(at)} has no max length`).not.toBeNull();
      }
      for (const { at, schema } of arraysIn(requests[name].input as AnySchema)) {
        expect(maxOf(schema), `${name} ${label(at)} has no max items`).toBeDefined();
      }
    }
  });

  it('rejects unknown or extra fields in every event payload', () => {
    expect(EVENT_NAMES).toContain('archive.changed');
    expect(events['archive.changed'].safeParse({ scope: 'targets' }).success).toBe(true);
    expect(events['archive.changed'].safeParse({ scope: 'everything' }).success).toBe(false);
    for (const name of EVENT_NAMES) {
      expect(events[name].safeParse(null).success, name).toBe(false);
      expect(events[name].safeParse({ unexpected: 1 }).success, name).toBe(false);
    }
  });
});

describe('the host', () => {
  it('has a handler for every request in the contract', () => {
    expect(missingHandlers, 'requests in preload/contract.ts that createHost does not handle').toEqual([]);
  });
});

describe('the case generator', () => {
  it('makes only invalid cases, covering strings, nesting and required fields', () => {
    const schema = z.strictObject({
      name: z.string().max(8),
      tags: z.array(z.strictObject({ id: z.number().int(), note: z.string().max(4).optional() })).max(3),
      flag: z.boolean().default(false),
      either: z.union([z.number(), z.string().max(3)]),
      kind: z.enum(['a', 'b']),
    });
    const example: Json = { name: 'ok', tags: [{ id: 1, note: 'n' }], flag: true, either: 1, kind: 'a' };
    const alternatives = z.union([z.strictObject({ q: z.string().max(5) }), z.strictObject({ id: z.number().int(), q: z.number().optional() })]);
    for (const { why, input } of malformedCases(alternatives, { id: 1, q: 2 })) expect(alternatives.safeParse(input).success, why).toBe(false);
    expect(schema.safeParse(example).success).toBe(true);
    const cases = malformedCases(schema, example);
    for (const { why, input } of cases) expect(schema.safeParse(input).success, why).toBe(false);
    const whys = cases.map((c) => c.why);
    expect(whys).toEqual(
      expect.arrayContaining([
        'name over 8 characters',
        'required name missing',
        'required tags.0.id missing',
        'an extra field in tags.0',
        'tags.0.id of the wrong type',
        'either over 3 characters',
        'kind not one of its values',
        'tags over 3 items',
      ]),
    );
    expect(whys).not.toContain('required flag missing'); // it has a default
    expect(whys).not.toContain('required tags.0.note missing'); // optional
    expect(whys).not.toContain('either of the wrong type'); // a union takes both
  });
});

describe.each(REQUEST_NAMES)('%s', (name) => {
  it('accepts its valid example', async () => {
    const result = await host.dispatch(name, VALID[name]);
    if (READ_ONLY.has(name)) expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, error: { code: STUBBED, message: `${name} reached its handler` } });
    expect(handlerCalls).toEqual([name]);
  });

  it.each(malformedCases(requests[name].input, VALID[name] as Json).map((c) => [c.why, c] as const))('rejects %s with INVALID_INPUT', async (_why, { input, mentions }) => {
    const result = await host.dispatch(name, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message.startsWith(`Invalid input for ${name}: `), result.error.message).toBe(true);
    expect(result.error.message.length).toBeLessThanOrEqual(2000);
    expect(result.error.message).not.toMatch(/x{100}|y{100}|z{100}/); // never echoes the payload
    if (mentions) expect(result.error.message).toContain(mentions);
    expect(handlerCalls).toEqual([]);
  });

  it('still answers after every malformed input', async () => {
    for (const { input } of malformedCases(requests[name].input, VALID[name] as Json)) await host.dispatch(name, input);
    const result = await host.dispatch(name, VALID[name]);
    expect(result.ok || result.error.code === STUBBED, JSON.stringify(result)).toBe(true);
    expect(handlerCalls).toEqual([name]);
  });
});

describe('unknown requests', () => {
  it.each(['', 'nope', 'accounts.delete', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000)].map((n) => [n.slice(0, 20), n]))(
    '"%s" is UNKNOWN_REQUEST',
    async (_label, name) => {
      const result = await host.dispatch(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
      expect(handlerCalls).toEqual([]);
    },
  );
});

describe('specific bounds', () => {
  it.each([
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit over 500', { limit: 501 }, 'limit'],
    ['a fractional limit', { limit: 1.5 }, 'limit'],
    ['a NaN-like limit', { limit: 'NaN' }, 'limit'],
    ['a negative cursor id', { after: { addedAt: 1, userId: -1 } }, 'after.userId'],
    ['a cursor id beyond 2^53', { after: { addedAt: 1, userId: 2 ** 53 + 2 } }, 'after.userId'],
    ['a fractional cursor time', { after: { addedAt: 1.25, userId: 1 } }, 'after.addedAt'],
    ['a null cursor', { after: null }, 'after'],
  ])('targets.list rejects %s', async (_why, input, mentions) => {
    const result = await host.dispatch('targets.list', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!result.ok) expect(result.error.message).toContain(mentions);
  });
});

describe('round trips', () => {
  it('app.info reports the host ports', async () => {
    expect(await host.dispatch('app.info', {})).toEqual({ ok: true, value: { version: '1.2.3-test', platform: 'testos', archiveDir: path.resolve(dir) } });
  });

  it('accounts.list returns what the repository holds, without internal columns', async () => {
    host.repos.accounts.upsert({ id: 5, phone: '15550001111', firstName: 'Ada', lastName: 'L', username: 'ada', dcId: 2 }, 1000);
    host.repos.accounts.upsert({ id: 6, phone: null, firstName: 'B', lastName: '', username: null, dcId: 4, status: 'needs_login' }, 2000);
    expect(await host.dispatch('accounts.list', {})).toEqual({
      ok: true,
      value: [
        { id: 5, phone: '15550001111', firstName: 'Ada', lastName: 'L', username: 'ada', dcId: 2, status: 'active', addedAt: 1000 },
        { id: 6, phone: null, firstName: 'B', lastName: '', username: null, dcId: 4, status: 'needs_login', addedAt: 2000 },
      ],
    });
  });

  it('targets.list pages through every row exactly once, newest first, by the cursor it returns', async () => {
    host.repos.accounts.upsert({ id: 1, phone: null, firstName: 'Me', lastName: '', username: null, dcId: 2 }, 0);
    const total = 250;
    for (let i = 1; i <= total; i++) {
      // Groups of five share a timestamp, so the cursor's tie-break on userId matters.
      host.repos.targets.upsert({ userId: i, accountId: 1, accessHash: `h${i}`, firstName: `P${i}`, lastName: '', username: null }, Math.floor(i / 5) * 1000);
    }
    host.repos.targets.setPaused(7, true);

    const seen: number[] = [];
    const sizes: number[] = [];
    let after: RequestInput<'targets.list'>['after'];
    for (let page = 0; page < 10; page++) {
      const result = await host.dispatch('targets.list', after ? { limit: 100, after } : { limit: 100 });
      if (!result.ok) throw new Error(result.error.message);
      const value = result.value as { items: { userId: number; addedAt: number; paused: boolean }[]; total: number; next: typeof after | null };
      expect(value.total).toBe(total);
      sizes.push(value.items.length);
      seen.push(...value.items.map((t) => t.userId));
      expect(Object.keys(value.items[0]!)).not.toContain('accessHash');
      if (!value.next) break;
      after = value.next;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(total);
    const order = seen.map((id) => [Math.floor(id / 5) * 1000, id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(order).toEqual(sorted);
  });

  it('targets.list applies the default limit and reports paused', async () => {
    host.repos.targets.upsert({ userId: 9, accountId: null, accessHash: null, firstName: 'X', lastName: '', username: 'x' }, 5);
    host.repos.targets.setPaused(9, true);
    const result = await host.dispatch('targets.list', {});
    expect(result).toEqual({
      ok: true,
      value: { items: [{ userId: 9, accountId: null, firstName: 'X', lastName: '', username: 'x', addedAt: 5, paused: true }], total: 1, next: null },
    });
  });
});
