/**
 * strftime-like formatting of a photo's date in a chosen time zone, with Intl
 * doing the calendar and zone arithmetic. Pure; formatters are cached per zone.
 */

/** The directives a template may use, for the docs and the editor. */
export const DATE_DIRECTIVES: Readonly<Record<string, string>> = {
  '%Y': 'year, 4 digits (2024)',
  '%y': 'year, 2 digits (24)',
  '%m': 'month, 01-12',
  '%B': 'month name (November)',
  '%b': 'short month name (Nov)',
  '%d': 'day of the month, 01-31',
  '%j': 'day of the year, 001-366',
  '%A': 'weekday name (Sunday)',
  '%a': 'short weekday name (Sun)',
  '%H': 'hour, 00-23',
  '%M': 'minute, 00-59',
  '%S': 'second, 00-59',
  '%z': 'UTC offset (+0200)',
  '%s': 'seconds since 1970 (Unix time)',
  '%F': 'same as %Y-%m-%d',
  '%T': 'same as %H:%M:%S',
  '%%': 'a literal %',
};

export const DEFAULT_DATE_FORMAT = '%Y-%m-%d_%H-%M-%S';

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Minutes east of UTC at that instant in that zone. */
  readonly offsetMinutes: number;
  readonly weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the zone when it is not an IANA zone Intl knows. */
export function checkTimeZone(timeZone: string): void {
  offsetFormatter(timeZone);
}

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      // Only the offset is read (the wall clock is arithmetic after it); the fewer fields, the cheaper each call.
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}" (use an IANA name such as Europe/Berlin or UTC).`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The zone's UTC offset in minutes at `unixSeconds`, from Intl. The en-US
 * pattern ends with the zone's name ("7/14/2017, GMT+02:00"): format() and a
 * look at its end cost a quarter of what formatToParts does.
 */
function offsetAt(unixSeconds: number, timeZone: string): number {
  const text = offsetFormatter(timeZone).format(unixSeconds * 1000);
  const offset = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(text.slice(text.lastIndexOf('GMT')));
  return offset?.[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
}

/**
 * Offsets by zone and quarter hour: every zone's offset changes on a quarter
 * hour, so one Intl call serves all the photos of those 15 minutes, and the
 * wall clock is plain arithmetic after it (Intl is the cost of an export otherwise).
 */
const offsets = new Map<string, Map<number, number>>();
const QUARTER = 900;
const MAX_CACHED = 100_000;

/** The last answer: a template formats one photo's date several times in a row ({date:%Y}/{date}). */
let last: { unixSeconds: number; timeZone: string; parts: DateParts } | null = null;

/** The wall-clock fields of `unixSeconds` in `timeZone`. */
export function dateParts(unixSeconds: number, timeZone: string): DateParts {
  if (last?.unixSeconds === unixSeconds && last.timeZone === timeZone) return last.parts;
  const parts = computeParts(unixSeconds, timeZone);
  last = { unixSeconds, timeZone, parts };
  return parts;
}

function computeParts(unixSeconds: number, timeZone: string): DateParts {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(unixSeconds / QUARTER);
  let offsetMinutes = zone.get(quarter);
  if (offsetMinutes === undefined) {
    offsetMinutes = offsetAt(unixSeconds, timeZone);
    if (zone.size > MAX_CACHED) zone.clear();
    zone.set(quarter, offsetMinutes);
  }
  const local = new Date((Math.floor(unixSeconds) + offsetMinutes * 60) * 1000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    offsetMinutes,
    weekday: local.getUTCDay(),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** '+02:00' style, as EXIF OffsetTime and ISO 8601 write it. */
export function formatOffset(offsetMinutes: number, separator = ':'): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

function dayOfYear(p: DateParts): number {
  return Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
}

/** The unknown directive in `format`, if any (a template with one is refused). */
export function unknownDirective(format: string): string | null {
  for (const match of format.matchAll(/%(.?)/gs)) if (!(`%${match[1]}` in DATE_DIRECTIVES)) return `%${match[1] ?? ''}`;
  return null;
}

type Directive = (p: DateParts, unixSeconds: number) => string;

const DIRECTIVES: Readonly<Record<string, Directive>> = {
  Y: (p) => pad(p.year, 4),
  y: (p) => pad(p.year % 100),
  m: (p) => pad(p.month),
  B: (p) => MONTHS[p.month - 1] ?? '',
  b: (p) => (MONTHS[p.month - 1] ?? '').slice(0, 3),
  d: (p) => pad(p.day),
  j: (p) => pad(dayOfYear(p), 3),
  A: (p) => DAYS[p.weekday] ?? '',
  a: (p) => (DAYS[p.weekday] ?? '').slice(0, 3),
  H: (p) => pad(p.hour),
  M: (p) => pad(p.minute),
  S: (p) => pad(p.second),
  z: (p) => formatOffset(p.offsetMinutes, ''),
  s: (_, unixSeconds) => String(Math.floor(unixSeconds)),
  F: (p) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
  T: (p) => `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
  '%': () => '%',
};

/** A format split once into its literal text and directives (an export formats thousands of dates with one). */
const compiledFormats = new Map<string, readonly (string | Directive)[]>();

function compileFormat(format: string): readonly (string | Directive)[] {
  let pieces = compiledFormats.get(format);
  if (!pieces) {
    pieces = format.split(/%(.?)/s).map((piece, i) => {
      if (i % 2 === 0) return piece;
      const directive = Object.hasOwn(DIRECTIVES, piece) ? DIRECTIVES[piece] : undefined;
      if (!directive) throw new RangeError(`Unknown date directive %${piece}`);
      return directive;
    });
    if (compiledFormats.size > 1000) compiledFormats.clear();
    compiledFormats.set(format, pieces);
  }
  return pieces;
}

/** Formats like strftime; `format` must have passed unknownDirective. */
export function formatDate(unixSeconds: number, format: string, timeZone: string): string {
  const pieces = compileFormat(format);
  const p = dateParts(unixSeconds, timeZone);
  let out = '';
  for (const piece of pieces) out += typeof piece === 'string' ? piece : piece(p, unixSeconds);
  return out;
}

const MS_PER_DAY = 86_400_000;
/** 10000-01-01T00:00:00Z: from here on toISOString writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * What `new Date(ms).toISOString()` gives, by arithmetic: an export's index
 * writes three of these per file, and the Date and its formatting were a third
 * of making an index entry. The date from the day count is H. Hinnant's
 * civil_from_days; times before 1970, fractional or past year 9999 go to Date
 * itself.
 */
export function isoString(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / MS_PER_DAY);
  const msOfDay = ms - days * MS_PER_DAY;
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const seconds = Math.floor(msOfDay / 1000);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad3(msOfDay % 1000)}Z`;
}
