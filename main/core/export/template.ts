/**
 * Export path templates: `{person_now}/{date:%Y}/{date}_{kind}_{photo_id}`.
 * Text outside braces is kept, `/` separates folders, `{field}` or
 * `{field:%Y-%m}` (date fields) inserts a value, `{{` and `}}` are literal
 * braces. Every rendered folder and file name goes through safeSegment, so no
 * value (a hostile username, a name with `../` or a bidi override) can add a
 * folder or climb out; a template whose own text could escape the destination
 * (absolute, a drive letter, `..`, a backslash) is refused with a message.
 * The extension is the file's own: added when the template does not end in
 * `.{ext}`. Pure functions.
 */
import { DATE_DIRECTIVES, DEFAULT_DATE_FORMAT, formatDate, unknownDirective } from './date-format.js';
import { collisionKey, safeSegment } from './safe-name.js';

export interface PersonNames {
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
}

/** Everything a template can say about one exported file. */
export interface NameContext {
  readonly userId: number;
  readonly photoId: bigint;
  /** Unix seconds the photo was set. */
  readonly date: number;
  /** Unix ms the archive first saw it. */
  readonly firstSeen: number;
  readonly kind: 'profile' | 'personal' | 'fallback';
  readonly media: 'still' | 'video';
  readonly sizeType: string;
  readonly removed: boolean;
  /** Without dot: jpg, mp4. */
  readonly ext: string;
  /** The person's names as they were when the photo was set (from the identity snapshots). */
  readonly then: PersonNames;
  /** ... and as they are now. */
  readonly now: PersonNames;
}

const fullName = (p: PersonNames): string => `${p.firstName} ${p.lastName}`.trim();
/** The username, else the name, else the id: something readable for everyone. */
const person = (p: PersonNames, userId: number): string => p.username || fullName(p) || String(userId);

interface FieldSpec {
  readonly description: string;
  readonly date?: (c: NameContext) => number;
  readonly value?: (c: NameContext) => string;
}

/** The documented fields (shown in the editor and in the CLI's help). */
export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  user_id: { description: 'the person\'s Telegram id', value: (c) => String(c.userId) },
  person: { description: 'username, else name, else id, as when the photo was set', value: (c) => person(c.then, c.userId) },
  username: { description: 'username as when the photo was set (empty if none)', value: (c) => c.then.username ?? '' },
  first_name: { description: 'first name as when the photo was set', value: (c) => c.then.firstName },
  last_name: { description: 'last name as when the photo was set', value: (c) => c.then.lastName },
  name: { description: 'first and last name as when the photo was set', value: (c) => fullName(c.then) },
  person_now: { description: 'username, else name, else id, as now', value: (c) => person(c.now, c.userId) },
  username_now: { description: 'username now', value: (c) => c.now.username ?? '' },
  first_name_now: { description: 'first name now', value: (c) => c.now.firstName },
  last_name_now: { description: 'last name now', value: (c) => c.now.lastName },
  name_now: { description: 'first and last name now', value: (c) => fullName(c.now) },
  photo_id: { description: 'Telegram\'s photo id', value: (c) => String(c.photoId) },
  date: { description: `when the photo was set; {date:FORMAT} with strftime codes (default ${DEFAULT_DATE_FORMAT})`, date: (c) => c.date },
  first_seen: { description: 'when the archive first saw it; {first_seen:FORMAT} like date', date: (c) => Math.floor(c.firstSeen / 1000) },
  kind: { description: 'profile, personal or fallback', value: (c) => c.kind },
  media: { description: 'still or video', value: (c) => c.media },
  size: { description: 'Telegram\'s size type (c, w, u, ...)', value: (c) => c.sizeType },
  removed: { description: '"removed" when the person removed it from their profile, else empty', value: (c) => (c.removed ? 'removed' : '') },
  ext: { description: 'the file\'s extension (jpg, mp4); added at the end when the template does not end with .{ext}', value: (c) => c.ext },
};

export const DEFAULT_TEMPLATE = '{person_now} ({user_id})/{date}_{kind}_{photo_id}';

type Token = { readonly text: string } | { readonly field: string; readonly format: string | undefined };

export interface CompiledTemplate {
  readonly source: string;
  /** Folder segments, then the file name (without the extension, which is added by render). */
  readonly segments: readonly (readonly Token[])[];
}

export type TemplateResult = { readonly ok: true; readonly template: CompiledTemplate } | { readonly ok: false; readonly message: string };

const fail = (message: string): TemplateResult => ({ ok: false, message });
/** What Windows refuses in a name, and controls: a template may not say them (a value may; it is cleaned). */
const BAD_LITERAL = /[<>:"|?*\p{Cc}]/u;

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if ((ch === '{' || ch === '}') && source[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) return `"{" at position ${i + 1} is not closed (write {{ for a literal brace)`;
      const inner = source.slice(i + 1, end);
      const colon = inner.indexOf(':');
      const field = (colon < 0 ? inner : inner.slice(0, colon)).trim();
      const format = colon < 0 ? undefined : inner.slice(colon + 1);
      if (text) tokens.push({ text });
      text = '';
      tokens.push({ field, format });
      i = end;
    } else if (ch === '}') {
      return `"}" at position ${i + 1} has no "{" (write }} for a literal brace)`;
    } else {
      text += ch;
    }
  }
  if (text) tokens.push({ text });
  return tokens;
}

function checkField(token: { field: string; format: string | undefined }): string | null {
  const spec = FIELDS[token.field];
  if (!spec) return `unknown field {${token.field}}; the fields are ${Object.keys(FIELDS).map((f) => `{${f}}`).join(', ')}`;
  if (token.format !== undefined) {
    if (!spec.date) return `{${token.field}} takes no format (only date fields do: {date:%Y-%m-%d})`;
    if (!token.format) return `{${token.field}:} needs a format after the colon, such as %Y-%m-%d`;
    const bad = unknownDirective(token.format);
    if (bad) return `unknown date code ${bad} in {${token.field}:${token.format}}; the codes are ${Object.keys(DATE_DIRECTIVES).join(' ')}`;
  }
  return null;
}

/** Parses and checks a template; refuses anything that could write outside the destination folder. */
export function compileTemplate(source: string): TemplateResult {
  if (!source.trim()) return fail('The template is empty.');
  if (source.includes('\\')) return fail('The template has a backslash: use / to separate folders.');
  if (source.startsWith('/')) return fail('The template starts with /: it must be a path inside the export folder, not an absolute one.');
  if (/^[A-Za-z]:/.test(source)) return fail(`The template starts with a drive ("${source.slice(0, 2)}"): it must be a path inside the export folder.`);
  const parts = source.split('/');
  const segments: Token[][] = [];
  for (const [index, part] of parts.entries()) {
    if (!part.trim()) return fail(index === parts.length - 1 ? 'The template ends with /: it needs a file name after the last folder.' : 'The template has an empty folder name (//).');
    if (part.trim() === '.' || part.trim() === '..') return fail(`The template has a "${part.trim()}" folder: it could leave the export folder.`);
    const tokens = tokenize(part);
    if (typeof tokens === 'string') return fail(`The template is not valid: ${tokens}.`);
    for (const token of tokens) {
      if ('text' in token) {
        const bad = BAD_LITERAL.exec(token.text);
        if (bad) return fail(`The template has ${JSON.stringify(bad[0])}, which file names cannot hold on Windows.`);
      } else {
        const problem = checkField(token);
        if (problem) return fail(`The template is not valid: ${problem}.`);
      }
    }
    segments.push(tokens);
  }
  // A trailing `.{ext}` is what render adds anyway; dropping it lets the cut to 255 bytes keep the extension.
  const last = segments[segments.length - 1]!;
  const tail = last[last.length - 1];
  const beforeTail = last[last.length - 2];
  if (tail && 'field' in tail && tail.field === 'ext' && beforeTail && 'text' in beforeTail && beforeTail.text.endsWith('.')) {
    const text = beforeTail.text.slice(0, -1);
    last.splice(last.length - 2, 2, ...(text ? [{ text }] : []));
    if (last.length === 0) return fail('The template needs a file name before .{ext}.');
  }
  return { ok: true, template: { source, segments } };
}

function renderToken(token: Token, c: NameContext, timeZone: string): string {
  if ('text' in token) return token.text;
  const spec = FIELDS[token.field]!;
  return spec.date ? formatDate(spec.date(c), token.format ?? DEFAULT_DATE_FORMAT, timeZone) : spec.value!(c);
}

/** Room kept in a file name for a collision suffix and a sidecar's `.json`. */
export const NAME_RESERVE_BYTES = 32;

/**
 * Folder names and extensions repeat from file to file (a person, a year):
 * cleaned once each. safeSegment is pure, so the cache only saves time.
 */
const safeFolders = new Map<string, string>();

function cachedSafeSegment(text: string): string {
  let safe = safeFolders.get(text);
  if (safe === undefined) {
    safe = safeSegment(text);
    if (safeFolders.size > 10_000) safeFolders.clear();
    safeFolders.set(text, safe);
  }
  return safe;
}

/** The relative path (`/`-separated, every segment safe) of one file. */
export function renderPath(template: CompiledTemplate, c: NameContext, timeZone: string): string {
  const { segments } = template;
  const last = segments.length - 1;
  let out = '';
  for (let index = 0; index <= last; index++) {
    let text = '';
    for (const token of segments[index]!) text += renderToken(token, c, timeZone);
    out += index === last ? safeSegment(text, cachedSafeSegment(c.ext), NAME_RESERVE_BYTES) : `${cachedSafeSegment(text)}/`;
  }
  return out;
}

/**
 * The names to try for `wanted`, in order: itself, then with `_<photo id>`
 * before the extension, then `_<photo id>-2`, `-3`...: the same inputs give the
 * same name on every run and machine, whatever order photos arrive in.
 */
export function* collisionCandidates(wanted: string, photoId: bigint): Generator<string, never> {
  yield wanted;
  const slash = wanted.lastIndexOf('/');
  const name = wanted.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) yield `${wanted.slice(0, slash + 1)}${stem}_${photoId}${n > 1 ? `-${n}` : ''}${ext}`;
}

/** The first candidate whose collision key is free, and that key. */
export function resolveCollision(wanted: string, photoId: bigint, isTaken: (key: string) => boolean): { readonly path: string; readonly key: string } {
  for (const path of collisionCandidates(wanted, photoId)) {
    const key = collisionKey(path);
    if (!isTaken(key)) return { path, key };
  }
  throw new Error('unreachable');
}
