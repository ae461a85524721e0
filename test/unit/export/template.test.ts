import { describe, expect, it } from 'vitest';
import { checkTimeZone, dateParts, formatDate, isoString, unknownDirective } from '../../../main/core/export/date-format.js';
import { namesAt } from '../../../main/core/export/names-at.js';
import { collisionKey, MAX_SEGMENT_BYTES, safeSegment, truncateBytes } from '../../../main/core/export/safe-name.js';
import { compileTemplate, DEFAULT_TEMPLATE, renderPath, resolveCollision, type CompiledTemplate, type NameContext } from '../../../main/core/export/template.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

const ctx = (over: Partial<NameContext> = {}): NameContext => ({
  userId: 5001,
  photoId: 5001000000000001n,
  date: 1_700_000_000, // 2023-11-14 22:13:20 UTC
  firstSeen: 1_750_000_000_000,
  kind: 'profile',
  media: 'still',
  sizeType: 'c',
  removed: false,
  ext: 'jpg',
  then: { firstName: 'Alice', lastName: 'Archer', username: 'alice_old' },
  now: { firstName: 'Alice', lastName: 'Smith', username: 'alice' },
  ...over,
});

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok) throw new Error(result.message);
  return result.template;
}
const render = (source: string, over: Partial<NameContext> = {}, tz = 'UTC'): string => renderPath(compiled(source), ctx(over), tz);
const refusal = (source: string): string => {
  const result = compileTemplate(source);
  if (result.ok) throw new Error(`accepted ${source}`);
  return result.message;
};

describe('template fields', () => {
  it('renders names as they were when the photo was set and as they are now', () => {
    expect(render('{username}/{first_name} {last_name}|{name}'.replace('|', '-'))).toBe('alice_old/Alice Archer-Alice Archer.jpg');
    expect(render('{username_now}/{name_now}_{first_name_now}_{last_name_now}')).toBe('alice/Alice Smith_Alice_Smith.jpg');
    expect(render('{person}-{person_now}')).toBe('alice_old-alice.jpg');
  });

  it('person falls back to the name, then the id', () => {
    expect(render('{person}', { then: { firstName: 'Bo', lastName: '', username: null } })).toBe('Bo.jpg');
    expect(render('{person}', { then: { firstName: '', lastName: '', username: null } })).toBe('5001.jpg');
  });

  it('renders photo fields', () => {
    expect(render('{user_id}_{photo_id}_{kind}_{media}_{size}_{removed}x', { removed: true })).toBe('5001_5001000000000001_profile_still_c_removedx.jpg');
    expect(render('{removed}x')).toBe('x.jpg');
    expect(render('{photo_id}', { kind: 'fallback', media: 'video', sizeType: 'u', ext: 'mp4' })).toBe('5001000000000001.mp4');
  });

  it('formats dates like strftime, in the chosen time zone', () => {
    expect(render('{date}')).toBe('2023-11-14_22-13-20.jpg');
    expect(render('{date:%Y}/{date:%m %B %b}/{date:%d %H%M%S %j %z}')).toBe('2023/11 November Nov/14 221320 318 +0000.jpg');
    expect(render('{date:%F}', {}, 'Asia/Tokyo')).toBe('2023-11-15.jpg');
    expect(render('{date:%T %z}', {}, 'America/New_York')).toBe('17_13_20 -0500.jpg'); // ':' is not allowed on Windows
    expect(render('{date:%A %a %y %s %%}')).toBe('Tuesday Tue 23 1700000000 %.jpg');
    expect(render('{first_seen:%Y-%m-%d}')).toBe('2025-06-15.jpg');
  });

  it('knows daylight saving time offsets', () => {
    expect(dateParts(1_688_000_000, 'Europe/Berlin').offsetMinutes).toBe(120);
    expect(dateParts(1_700_000_000, 'Europe/Berlin').offsetMinutes).toBe(60);
    expect(dateParts(1_700_000_000, 'Asia/Kolkata').offsetMinutes).toBe(330);
    expect(formatDate(1_700_000_000, '%z', 'America/St_Johns')).toBe('-0330');
  });

  it('agrees with Intl at every quarter hour around daylight saving changes, in many zones', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
    const starts = [1_679_792_400, 1_698_541_200, 1_678_604_400, 1_699_164_000, 1_680_361_200, 1_696_089_600]; // around 2023's changes
    for (const zone of zones) {
      const intl = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      for (const start of starts) {
        for (let t = start - 7200; t <= start + 7200; t += 450 + 7) {
          const p = Object.fromEntries(intl.formatToParts(new Date(t * 1000)).map((x) => [x.type, Number(x.value)]));
          const d = dateParts(t, zone);
          expect([d.year, d.month, d.day, d.hour, d.minute, d.second], `${zone} ${t}`).toEqual([p['year'], p['month'], p['day'], p['hour'], p['minute'], p['second']]);
        }
      }
    }
  });

  it('writes ISO dates exactly as Date does: leap days, century years, the ends of the range, fractions, before 1970', () => {
    const edges = [0, 1, 999, 86_399_999, 951_782_400_000, 951_868_799_999, 4_107_542_399_999, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 1.5, 1_700_000_000_123.9];
    const spread = Array.from({ length: 20_000 }, (_, i) => Math.floor(((i * 2_654_435_761) % 100_000) * 2_534_023_008.07 + i)); // 1970 to 9999, odd ms
    for (const ms of [...edges, ...spread]) expect(isoString(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('refuses an unknown time zone with its name', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });

  it('adds the extension once, whether or not the template says .{ext}', () => {
    expect(render('{photo_id}.{ext}')).toBe('5001000000000001.jpg');
    expect(render('{photo_id}')).toBe('5001000000000001.jpg');
    expect(render('{ext}/{photo_id}', { ext: 'mp4' })).toBe('mp4/5001000000000001.mp4');
  });

  it('keeps literal braces written twice', () => {
    expect(render('{{x}}{photo_id}')).toBe('{x}5001000000000001.jpg');
  });

  it('has a default template that renders a folder per person', () => {
    expect(render(DEFAULT_TEMPLATE)).toBe('alice (5001)/2023-11-14_22-13-20_profile_5001000000000001.jpg');
  });
});

describe('templates that are refused with a message', () => {
  it('refuses templates that could escape the destination', () => {
    expect(refusal('/etc/{photo_id}')).toMatch(/absolute/);
    expect(refusal('../{photo_id}')).toMatch(/"\.\." folder/);
    expect(refusal('a/../../{photo_id}')).toMatch(/"\.\." folder/);
    expect(refusal('./{photo_id}')).toMatch(/"\." folder/);
    expect(refusal('a\\..\\{photo_id}')).toMatch(/backslash/);
    expect(refusal('\\\\server\\share\\{photo_id}')).toMatch(/backslash/);
    expect(refusal('//server/share/{photo_id}')).toMatch(/absolute/);
    expect(refusal('C:/photos/{photo_id}')).toMatch(/drive/);
    expect(refusal('c:{photo_id}')).toMatch(/drive/);
    expect(refusal('a//{photo_id}')).toMatch(/empty folder/);
    expect(refusal('{photo_id}/')).toMatch(/ends with \//);
  });

  it('refuses characters Windows cannot hold and bad fields, naming them', () => {
    expect(refusal('ab:c/{photo_id}')).toMatch(/":"/);
    expect(refusal('what?{photo_id}')).toMatch(/"\?"/);
    expect(refusal('{nope}')).toMatch(/unknown field \{nope\}.*\{photo_id\}/);
    expect(refusal('{username:%Y}')).toMatch(/takes no format/);
    expect(refusal('{date:%Q}')).toMatch(/unknown date code %Q/);
    expect(refusal('{date:}')).toMatch(/needs a format/);
    expect(refusal('{date')).toMatch(/not closed/);
    expect(refusal('date}')).toMatch(/has no "\{"/);
    expect(refusal('   ')).toMatch(/empty/);
    expect(refusal('.{ext}')).toMatch(/file name before/);
    expect(unknownDirective('%Y-%m')).toBeNull();
  });
});

describe('hostile values stay inside one safe name', () => {
  const hostile = (username: string, over: Partial<NameContext> = {}): string =>
    render('{username}/{photo_id}', { then: { firstName: 'x', lastName: '', username }, ...over });

  it('turns separators and traversal in names into one folder name', () => {
    for (const evil of ['../../etc', '..', '.', '/etc/passwd', '..\\..\\windows', 'C:\\x', '\\\\host\\share', 'a/b/c']) {
      const out = hostile(evil);
      const segments = out.split('/');
      expect(segments, evil).toHaveLength(2);
      expect(segments[0], evil).not.toMatch(/^\.|[/\\:]/);
      expect(segments[0]).not.toBe('');
    }
    expect(hostile('../../etc')).toBe('_.._etc/5001000000000001.jpg');
    expect(hostile('..')).toBe('_/5001000000000001.jpg');
  });

  it('prefixes Windows reserved device names, with or without an extension', () => {
    for (const name of ['CON', 'con', 'PRN', 'AUX', 'NUL', 'COM1', 'com9', 'LPT1', 'COM¹', 'nul.txt', 'CONIN$']) {
      expect(safeSegment(name), name).toBe(`_${name}`);
    }
    expect(safeSegment('con', 'jpg')).toBe('_con.jpg');
    expect(safeSegment('CONSOLE')).toBe('CONSOLE');
    expect(safeSegment('COM10')).toBe('COM10');
    expect(hostile('NUL')).toBe('_NUL/5001000000000001.jpg');
  });

  it('drops trailing dots and spaces, and leading dots', () => {
    expect(safeSegment('name. . ')).toBe('name');
    expect(safeSegment('.hidden')).toBe('hidden');
    expect(safeSegment(' . ')).toBe('_');
    expect(safeSegment('')).toBe('_');
  });

  it('removes control and bidi characters, so a name reads as what it is', () => {
    expect(safeSegment('photo\u202Egpj.exe')).toBe('photogpj.exe');
    expect(safeSegment('a\u0000b\u0007c\u001Bd\u0085e')).toBe('abcde');
    expect(safeSegment('\u2066x\u2069\u200Fy\u200E\uFEFF')).toBe('xy');
    expect(safeSegment('tab\there\nline')).toBe('tabhereline');
  });

  it('normalises Unicode to NFC', () => {
    const nfd = 'Jose\u0301';
    expect(safeSegment(nfd)).toBe('José');
    expect(safeSegment(nfd)).toBe(safeSegment('Jos\u00E9'));
  });

  it('replaces what Windows forbids in names', () => {
    expect(safeSegment('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h');
  });

  it('keeps letters of every script and emoji', () => {
    expect(safeSegment('Анна 李 🙂 👩‍👩‍👧')).toBe('Анна 李 🙂 👩‍👩‍👧');
  });

  it('cuts names to 255 bytes at a grapheme boundary, keeping the extension', () => {
    const long = safeSegment('é'.repeat(300), 'jpg');
    expect(bytes(long)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(long.endsWith('.jpg')).toBe(true);
    expect(long).toBe(long.normalize('NFC'));
    const family = '👩‍👩‍👧'; // 18 bytes: never split
    const cut = truncateBytes(family.repeat(20), 100);
    expect(cut).toBe(family.repeat(5));
    const rendered = render('{name}', { then: { firstName: '🙂'.repeat(100), lastName: '', username: null } });
    expect(bytes(rendered)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES - 32);
    expect(rendered).toMatch(/^(🙂)+\.jpg$/u);
    expect(bytes(safeSegment('a'.repeat(1000)))).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
  });

  it('a long name cut to a reserved name or trailing dot stays safe', () => {
    expect(safeSegment(`con${' '.repeat(300)}x`, '', 250)).toBe('_con');
    expect(safeSegment(`ab.${'x'.repeat(300)}`, '', 252)).toBe('ab');
  });
});

describe('collisions', () => {
  it('are resolved with the photo id, the same way every time', () => {
    const taken = new Set([collisionKey('a/x.jpg')]);
    expect(resolveCollision('a/x.jpg', 7n, (k) => taken.has(k))).toEqual({ path: 'a/x_7.jpg', key: 'a/x_7.jpg' });
    taken.add(collisionKey('a/x_7.jpg'));
    expect(resolveCollision('a/x.jpg', 7n, (k) => taken.has(k)).path).toBe('a/x_7-2.jpg');
    expect(resolveCollision('a/y.jpg', 7n, (k) => taken.has(k)).path).toBe('a/y.jpg');
  });

  it('treat names equal on case-insensitive and NFD file systems as the same', () => {
    expect(collisionKey('Alice/X.JPG')).toBe(collisionKey('alice/x.jpg'));
    expect(collisionKey('Jose\u0301.jpg')).toBe(collisionKey('jos\u00E9.jpg'));
    const taken = new Set([collisionKey('Alice/Photo.jpg')]);
    expect(resolveCollision('Alice/Photo.JPG', 9n, (k) => taken.has(k))).toEqual({ path: 'Alice/Photo_9.JPG', key: 'alice/photo_9.jpg' });
  });
});

describe('names as they were', () => {
  const snaps = [
    { seenAt: 1000, firstName: 'A', lastName: '', username: 'a1' },
    { seenAt: 5000, firstName: 'A', lastName: 'B', username: 'a2' },
  ];
  const none = { firstName: 'now', lastName: '', username: null };
  it('takes the snapshot in force at the date, else the earliest known', () => {
    expect(namesAt(snaps, 4999, none).username).toBe('a1');
    expect(namesAt(snaps, 5000, none).username).toBe('a2');
    expect(namesAt(snaps, 10, none).username).toBe('a1');
    expect(namesAt([], 10, none)).toBe(none);
  });
});
