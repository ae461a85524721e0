import { describe, expect, it } from 'vitest';
import { csvCell, describeFile, indexCsv, indexEntry, indexJson, type IndexedFile } from '../../../main/core/export/index-files.js';
import type { ExportItem } from '../../../main/core/export/selection.js';

const file = (n: number, names: { firstName: string; lastName: string; username: string | null }): IndexedFile => {
  const item: ExportItem = {
    source: {
      photoId: 5001000000000000n + BigInt(n), userId: 5001, kind: 'profile', date: 1_700_000_000 + n, firstSeen: 1_750_000_000_000, removedAt: n % 2 ? 1_760_000_000_000 : null,
      sizeType: 'c', mime: 'image/jpeg', path: `media/ab/${n}.jpg`, sha256: 'ab'.repeat(32), bytes: 1000 + n, width: 640, height: -1, gridPath: null,
    },
    context: {
      userId: 5001, photoId: 5001000000000000n + BigInt(n), date: 1_700_000_000 + n, firstSeen: 1_750_000_000_000, kind: 'profile', media: 'still', sizeType: 'c',
      removed: n % 2 === 1, ext: 'jpg', then: names, now: { firstName: 'Now', lastName: '', username: null },
    },
  };
  return { item, path: `${names.firstName}/${n}.jpg` };
};

const HOSTILE = [
  { firstName: 'Alice', lastName: 'Archer', username: 'alice' },
  { firstName: 'Line\nbreak "quoted"', lastName: '=SUM(A1)', username: null },
  { firstName: 'Тимур 🎉', lastName: '\u202Eevil\\', username: '-1' },
  { firstName: '', lastName: ',\r\n', username: '@x' },
];

describe('export index', () => {
  it('index.json put together from entries is exactly JSON.stringify of the whole index', () => {
    const files = HOSTILE.map((names, n) => file(n, names));
    expect(indexJson(files.map(indexEntry))).toBe(`${JSON.stringify({ version: 1, files: files.map(describeFile) }, null, 2)}\n`);
    expect(indexJson([])).toBe(`${JSON.stringify({ version: 1, files: [] }, null, 2)}\n`);
    expect(JSON.parse(indexJson(files.map(indexEntry))).files[1].person.then.firstName).toBe('Line\nbreak "quoted"');
  });

  it('index.csv quotes what needs quoting and keeps formulas from running, one row per file', () => {
    const csv = indexCsv(HOSTILE.map((names, n) => indexEntry(file(n, names))));
    expect(csv.startsWith('\uFEFFpath,photo_id,')).toBe(true);
    expect(csv).toContain(`"Line\nbreak ""quoted""/1.jpg",5001000000000001,5001,profile,still,c,640,-1,`);
    expect(csv).toContain(`,'=SUM(A1),`);
    expect(csv).toContain(`,'-1,Тимур 🎉,\u202Eevil\\,`);
    expect(csv).toContain(`,'@x,,",\r\n",`);
    expect(indexCsv([])).toBe('\uFEFFpath,photo_id,user_id,kind,media,size_type,width,height,date,first_seen,removed,removed_at,sha256,username,first_name,last_name,username_now,first_name_now,last_name_now\r\n');
  });

  it('writes numbers and flags as they are, never quoted or prefixed', () => {
    expect([csvCell(-1), csvCell(0.5), csvCell(true), csvCell(null), csvCell('-1')]).toEqual(['-1', '0.5', 'true', '', "'-1"]);
  });
});
